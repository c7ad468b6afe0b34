// A webhook bot's side of the wire: its inline answers, NDJSON lines and agent API bodies, as parts.
import type { AgentAction, AgentPart } from "../../core/ports.js";
import { isPlainObject } from "../../protocol/index.js";
import { readAction, readHandoff } from "../action-checks.js";
import {
  fieldPath,
  Problems,
  readArray,
  readBoolean,
  readObject,
  readOptionalText,
} from "../definition-checks.js";
import {
  completeMessage,
  MESSAGE_TEXT_MAX_CHARS,
  messageParts,
  readAttachment,
  readMessage,
  readSuggestion,
  SUGGESTIONS_MAX,
} from "../message-content.js";

/** A value, or every problem found (each `path: message`). */
export type WireResult<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** Most messages in one inline answer. */
export const ANSWER_MESSAGES_MAX = 10;
/** Most actions in one inline answer (one of each kind is all that makes sense). */
export const ANSWER_ACTIONS_MAX = 5;
/** Longest `reply_to`: an event id is a UUID. */
const REPLY_TO_MAX_CHARS = 100;

/** What an agent API request pushes: its parts, the turn it answers, and whether it completes it. */
export interface PushBody {
  parts: AgentPart[];
  replyTo?: string;
  complete: boolean;
}

/**
 * An inline answer `{messages?, actions?}` as parts: language actions first (the messages are
 * then in the new language), the messages, then handoff and end.
 */
export function readInlineAnswer(body: unknown): WireResult<AgentPart[]> {
  const problems = new Problems();
  const raw = readBody(body, "(answer)", problems, ["messages", "actions"]);
  if (raw === undefined) return failed(problems);
  const messages = readArray(raw, "messages", "", problems, {
    max: ANSWER_MESSAGES_MAX,
    nonEmpty: false,
  });
  const actions = readArray(raw, "actions", "", problems, {
    max: ANSWER_ACTIONS_MAX,
    nonEmpty: false,
  });
  const messageList = (messages ?? []).flatMap((item, index) => {
    const message = readMessage(item, fieldPath("messages", index), problems);
    return message ? [completeMessage(message)] : [];
  });
  const actionList = (actions ?? []).flatMap((item, index) => {
    const action = readAction(item, fieldPath("actions", index), problems, true);
    return action ? [action] : [];
  });
  if (!problems.isEmpty) return failed(problems);
  const parts: AgentPart[] = [];
  for (const action of actionList) if (action.type === "language") parts.push(actionPart(action));
  for (const message of messageList) parts.push(...messageParts(message), { type: "message_end" });
  for (const action of actionList) if (action.type !== "language") parts.push(actionPart(action));
  return { ok: true, value: parts };
}

const LINE_TYPES = [
  "text",
  "attachment",
  "suggestions",
  "message_end",
  "handoff",
  "end",
  "language",
] as const;

/** One NDJSON line of a streamed answer as a part. */
export function readStreamLine(line: unknown): WireResult<AgentPart> {
  const problems = new Problems();
  const part = isPlainObject(line) ? linePart(line, "", problems) : undefined;
  if (!isPlainObject(line)) problems.add("(line)", "must be a JSON object");
  if (part === undefined || !problems.isEmpty) return failed(problems);
  return { ok: true, value: part };
}

function linePart(
  line: Record<string, unknown>,
  at: string,
  problems: Problems,
): AgentPart | undefined {
  switch (line.type) {
    case "text": {
      readObject(line, at, problems, ["type", "text"]);
      const text = readDelta(line, at, problems);
      return text === undefined ? undefined : { type: "text", text };
    }
    case "attachment": {
      readObject(line, at, problems, ["type", "attachment"]);
      if (line.attachment === undefined) problems.add(fieldPath(at, "attachment"), "required");
      const attachment = readAttachment(line.attachment, fieldPath(at, "attachment"), problems);
      return attachment === undefined ? undefined : { type: "attachment", attachment };
    }
    case "suggestions": {
      readObject(line, at, problems, ["type", "suggestions"]);
      if (line.suggestions === undefined) problems.add(fieldPath(at, "suggestions"), "required");
      const suggestions = readSuggestions(line, "suggestions", at, problems);
      return { type: "suggestions", suggestions };
    }
    case "message_end":
      readObject(line, at, problems, ["type"]);
      return { type: "message_end" };
    case "handoff":
    case "end":
    case "language": {
      const action = readAction(line, at, problems, true);
      return action === undefined ? undefined : actionPart(action);
    }
    default:
      problems.add(fieldPath(at, "type"), `must be one of: ${LINE_TYPES.join(", ")}`);
      return undefined;
  }
}

/** `POST …/messages`: `{text, attachments?, response_suggestions?, reply_to?, more?}`. */
export function readMessageBody(body: unknown): WireResult<PushBody> {
  const problems = new Problems();
  const raw = readBody(body, "(body)", problems, [
    "text",
    "attachments",
    "response_suggestions",
    "reply_to",
    "more",
  ]);
  if (raw === undefined) return failed(problems);
  const { reply_to: _replyTo, more: _more, ...fields } = raw;
  const message = readMessage(fields, "", problems);
  const push = readPushFields(raw, problems);
  if (!problems.isEmpty || message === undefined) return failed(problems);
  const parts: AgentPart[] = [...messageParts(completeMessage(message)), { type: "message_end" }];
  return { ok: true, value: { parts, ...push, complete: !push.more } };
}

/**
 * `POST …/chunks`: `{text, final?, attachments?, response_suggestions?, reply_to?, more?}`. A
 * final chunk closes its message (and carries its attachments and suggestions).
 */
export function readChunkBody(body: unknown): WireResult<PushBody> {
  const problems = new Problems();
  const raw = readBody(body, "(body)", problems, [
    "text",
    "final",
    "attachments",
    "response_suggestions",
    "reply_to",
    "more",
  ]);
  if (raw === undefined) return failed(problems);
  if (raw.text === undefined) problems.add("text", "required");
  const text = readDelta(raw, "", problems);
  const final = readBoolean(raw, "final", "", problems) ?? false;
  if (!final && (raw.attachments !== undefined || raw.response_suggestions !== undefined)) {
    problems.add("(body)", "attachments and response_suggestions go on the final chunk");
  }
  const extras = final ? readExtras(raw, problems) : [];
  const push = readPushFields(raw, problems);
  if (!problems.isEmpty || text === undefined) return failed(problems);
  const parts: AgentPart[] = text === "" ? [] : [{ type: "text", text }];
  if (final) parts.push(...extras, { type: "message_end" });
  return { ok: true, value: { parts, ...push, complete: final && !push.more } };
}

/** `POST …/handoff`: `{queue?, reason?, reply_to?}`; completes the answer. */
export function readHandoffBody(body: unknown): WireResult<PushBody> {
  const problems = new Problems();
  const raw = readBody(body ?? {}, "(body)", problems, ["queue", "reason", "reply_to"]);
  if (raw === undefined) return failed(problems);
  const { reply_to: _replyTo, ...fields } = raw;
  const action = readHandoff(fields, "", problems, ["queue", "reason"]);
  const push = readPushFields(raw, problems, false);
  if (!problems.isEmpty) return failed(problems);
  return { ok: true, value: { parts: [actionPart(action)], ...push, complete: true } };
}

/** `POST …/end`: `{reply_to?}`; completes the answer and ends the conversation. */
export function readEndBody(body: unknown): WireResult<PushBody> {
  const problems = new Problems();
  const raw = readBody(body ?? {}, "(body)", problems, ["reply_to"]);
  if (raw === undefined) return failed(problems);
  const push = readPushFields(raw, problems, false);
  if (!problems.isEmpty) return failed(problems);
  const parts: AgentPart[] = [actionPart({ type: "end" })];
  return { ok: true, value: { parts, ...push, complete: true } };
}

function readPushFields(
  raw: Record<string, unknown>,
  problems: Problems,
  allowMore = true,
): { replyTo?: string; more: boolean } {
  const replyTo = readOptionalText(raw, "reply_to", "", problems, REPLY_TO_MAX_CHARS);
  const more = allowMore ? (readBoolean(raw, "more", "", problems) ?? false) : false;
  return replyTo === undefined ? { more } : { replyTo, more };
}

function readExtras(raw: Record<string, unknown>, problems: Problems): AgentPart[] {
  const parts: AgentPart[] = [];
  const items = readArray(raw, "attachments", "", problems, { max: 10, nonEmpty: false }) ?? [];
  for (const [index, item] of items.entries()) {
    const attachment = readAttachment(item, fieldPath("attachments", index), problems);
    if (attachment) parts.push({ type: "attachment", attachment });
  }
  if (raw.response_suggestions !== undefined) {
    const suggestions = readSuggestions(raw, "response_suggestions", "", problems);
    parts.push({ type: "suggestions", suggestions });
  }
  return parts;
}

function readSuggestions(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
) {
  const items = readArray(owner, key, path, problems, { max: SUGGESTIONS_MAX, nonEmpty: false });
  return (items ?? []).flatMap((item, index) => {
    const suggestion = readSuggestion(item, fieldPath(fieldPath(path, key), index), problems);
    return suggestion ? [suggestion] : [];
  });
}

/** A text delta: any string up to the message limit (spaces alone are fine: deltas split anywhere). */
function readDelta(owner: Record<string, unknown>, path: string, problems: Problems) {
  const value = owner.text;
  const at = fieldPath(path, "text");
  if (typeof value !== "string") problems.add(at, "must be a string");
  else if (value.length > MESSAGE_TEXT_MAX_CHARS) {
    problems.add(at, `must be at most ${MESSAGE_TEXT_MAX_CHARS} characters`);
  } else return value;
  return undefined;
}

/** A JSON object whose fields are all in `allowed` (unknown ones are named without a prefix). */
function readBody(
  body: unknown,
  name: string,
  problems: Problems,
  allowed: readonly string[],
): Record<string, unknown> | undefined {
  if (!isPlainObject(body)) {
    problems.add(name, "must be a JSON object");
    return undefined;
  }
  return readObject(body, "", problems, allowed);
}

function actionPart(action: AgentAction): AgentPart {
  return { type: "action", action };
}

function failed<T>(problems: Problems): WireResult<T> {
  return { ok: false, problems: problems.list() };
}
