// Checks the JSON bodies of the desk API's POST routes; every problem is a value naming the field.
import type { DeskMessage } from "../core/index.js";
import {
  ATTACHMENT_CONTENT_TYPES,
  type Attachment,
  isPlainObject,
  type ResponseSuggestion,
  TYPING_STATES,
  type TypingState,
} from "../protocol/index.js";

export type BodyResult<T> = { ok: true; value: T } | { ok: false; detail: string };

/** Longest live-agent message text, in characters (the contract's 1..10000). */
export const MAX_TEXT_CHARS = 10_000;
/** Attachments and suggestions per message: enough for any chat UI, small enough to stay one frame. */
export const MAX_ATTACHMENTS = 10;
export const MAX_SUGGESTIONS = 10;
const MAX_TITLE_CHARS = 300;
const MAX_URL_CHARS = 2048;
const MAX_SUGGESTION_CHARS = 300;

const ok = <T>(value: T): BodyResult<T> => ({ ok: true, value });
const bad = <T>(detail: string): BodyResult<T> => ({ ok: false, detail });

/** `{text, attachments?, response_suggestions?}` → the message the core stores. */
export function parseMessageBody(body: unknown): BodyResult<DeskMessage> {
  if (!isPlainObject(body)) return bad("body must be a JSON object");
  const { text } = body;
  if (typeof text !== "string" || text.trim() === "") return bad("text must be a non-empty string");
  if (text.length > MAX_TEXT_CHARS) return bad(`text must be at most ${MAX_TEXT_CHARS} characters`);
  const attachments = listOf(body.attachments, "attachments", MAX_ATTACHMENTS, attachment);
  if (!attachments.ok) return attachments;
  const suggestions = listOf(
    body.response_suggestions,
    "response_suggestions",
    MAX_SUGGESTIONS,
    suggestion,
  );
  if (!suggestions.ok) return suggestions;
  return ok({ text, attachments: attachments.value, response_suggestions: suggestions.value });
}

/** `{state: TYPING_STATE_STARTED|TYPING_STATE_STOPPED}`. */
export function parseTypingBody(body: unknown): BodyResult<TypingState> {
  const state = isPlainObject(body) ? body.state : undefined;
  if (!TYPING_STATES.includes(state as TypingState))
    return bad(`state must be one of ${TYPING_STATES.join(", ")}`);
  return ok(state as TypingState);
}

/** `{up_to_sequence: integer ≥ 1}`: how far the desk user has read. */
export function parseSeenBody(body: unknown): BodyResult<number> {
  const upTo = isPlainObject(body) ? body.up_to_sequence : undefined;
  return Number.isSafeInteger(upTo) && (upTo as number) >= 1
    ? ok(upTo as number)
    : bad("up_to_sequence must be a positive integer");
}

/** `{end_session: boolean}`. */
export function parseLeaveBody(body: unknown): BodyResult<boolean> {
  const end = isPlainObject(body) ? body.end_session : undefined;
  return typeof end === "boolean" ? ok(end) : bad("end_session must be a boolean");
}

/** Where a transfer goes: a queue, or a colleague by id; with an optional note for the receiver. */
export type TransferTarget = ({ queue: string } | { deskUser: string }) & { note: string | null };

/** `{queue}` or `{desk_user}` (exactly one), and `note?`. */
export function parseTransferBody(body: unknown): BodyResult<TransferTarget> {
  if (!isPlainObject(body)) return bad("body must be a JSON object");
  const { queue, desk_user: deskUser } = body;
  const note = parseNoteText(body.note, true);
  if (!note.ok) return note;
  if (typeof queue === "string" && queue !== "" && deskUser === undefined)
    return ok({ queue, note: note.value });
  if (typeof deskUser === "string" && deskUser !== "" && queue === undefined)
    return ok({ deskUser, note: note.value });
  return bad("give either queue or desk_user, a non-empty string");
}

/** Longest internal note, in characters. */
export const MAX_NOTE_CHARS = 5000;

/** `{text}` of a note. */
export function parseNoteBody(body: unknown): BodyResult<string> {
  const text = parseNoteText(isPlainObject(body) ? body.text : undefined, false);
  return text.ok ? ok(text.value as string) : text;
}

function parseNoteText(value: unknown, optional: boolean): BodyResult<string | null> {
  const name = optional ? "note" : "text";
  if (optional && (value === undefined || value === null || value === "")) return ok(null);
  if (typeof value !== "string" || value.trim() === "")
    return bad(`${name} must be a non-empty string`);
  if (value.length > MAX_NOTE_CHARS)
    return bad(`${name} must be at most ${MAX_NOTE_CHARS} characters`);
  return ok(value);
}

// Absent (or null) is an empty list; each item is checked and copied field by field.
function listOf<T>(
  value: unknown,
  name: string,
  max: number,
  item: (value: unknown, at: string) => BodyResult<T>,
): BodyResult<T[]> {
  if (value === undefined || value === null) return ok([]);
  if (!Array.isArray(value)) return bad(`${name} must be an array`);
  if (value.length > max) return bad(`${name} may hold at most ${max} items`);
  const items: T[] = [];
  for (const [index, raw] of value.entries()) {
    const checked = item(raw, `${name}[${index}]`);
    if (!checked.ok) return checked;
    items.push(checked.value);
  }
  return ok(items);
}

function attachment(value: unknown, at: string): BodyResult<Attachment> {
  if (!isPlainObject(value)) return bad(`${at} must be an object`);
  const title = text(value.title, `${at}.title`, MAX_TITLE_CHARS, true);
  if (!title.ok) return title;
  const url = link(value.content_url, `${at}.content_url`, true);
  if (!url.ok) return url;
  const type = value.content_type;
  if (!ATTACHMENT_CONTENT_TYPES.includes(type as never)) {
    return bad(`${at}.content_type must be one of ${ATTACHMENT_CONTENT_TYPES.join(", ")}`);
  }
  const preview = link(value.preview_image_url, `${at}.preview_image_url`, false);
  if (!preview.ok) return preview;
  const action = text(
    value.call_to_action_text,
    `${at}.call_to_action_text`,
    MAX_TITLE_CHARS,
    false,
  );
  if (!action.ok) return action;
  const result: Attachment = {
    title: title.value as string,
    content_url: url.value as string,
    content_type: type as Attachment["content_type"],
  };
  if (preview.value !== undefined) result.preview_image_url = preview.value;
  if (action.value !== undefined) result.call_to_action_text = action.value;
  return ok(result);
}

function suggestion(value: unknown, at: string): BodyResult<ResponseSuggestion> {
  if (!isPlainObject(value)) return bad(`${at} must be an object`);
  const message = text(value.message_text, `${at}.message_text`, MAX_SUGGESTION_CHARS, true);
  return message.ok ? ok({ message_text: message.value as string }) : message;
}

function text(
  value: unknown,
  at: string,
  max: number,
  required: boolean,
): BodyResult<string | undefined> {
  if (value === undefined || value === null)
    return required ? bad(`${at} is required`) : ok(undefined);
  if (typeof value !== "string" || value.trim() === "")
    return bad(`${at} must be a non-empty string`);
  return value.length > max ? bad(`${at} must be at most ${max} characters`) : ok(value);
}

// Only http(s): the widget renders these as links and images, so javascript: and data: stay out.
function link(value: unknown, at: string, required: boolean): BodyResult<string | undefined> {
  const checked = text(value, at, MAX_URL_CHARS, required);
  if (!checked.ok || checked.value === undefined) return checked;
  let protocol = "";
  try {
    protocol = new URL(checked.value).protocol;
  } catch {
    return bad(`${at} must be an absolute http(s) URL`);
  }
  return protocol === "http:" || protocol === "https:"
    ? checked
    : bad(`${at} must be an absolute http(s) URL`);
}
