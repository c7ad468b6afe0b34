// An agent message as definitions write it: text, attachments and response suggestions.
import type { AgentPart } from "../core/ports.js";
import {
  ATTACHMENT_CONTENT_TYPES,
  type Attachment,
  type ResponseSuggestion,
} from "../protocol/index.js";
import {
  fieldPath,
  type Problems,
  readArray,
  readChoice,
  readObject,
  readOptionalText,
  readRequiredText,
  readUrl,
} from "./definition-checks.js";

/** Longest message text; keeps one agent message far below the 128 KiB frame limit. */
export const MESSAGE_TEXT_MAX_CHARS = 10_000;
/** Most attachments on one message; stops a definition from flooding the chat. */
export const ATTACHMENTS_MAX = 10;
/** Most response suggestions on one message; the SDKs show them all as buttons. */
export const SUGGESTIONS_MAX = 10;
/** Longest short string inside an attachment or suggestion (title, button text). */
export const LABEL_MAX_CHARS = 500;

/** A message as written in a definition; absent lists may be inherited (translations). */
export interface MessageTemplate {
  text: string;
  attachments?: Attachment[];
  response_suggestions?: ResponseSuggestion[];
}

/** A message ready to send: every list present. */
export interface MessageContent {
  text: string;
  attachments: Attachment[];
  response_suggestions: ResponseSuggestion[];
}

const MESSAGE_FIELDS = ["text", "attachments", "response_suggestions"] as const;
const ATTACHMENT_FIELDS = [
  "title",
  "preview_image_url",
  "content_url",
  "content_type",
  "call_to_action_text",
] as const;
const SUGGESTION_FIELDS = ["message_text", "payload"] as const;
const HTTP_SCHEMES = ["http:", "https:"];
const LINK_SCHEMES = ["http:", "https:", "mailto:", "tel:"];

/**
 * Reads `{text, attachments?, response_suggestions?}` at `path`, naming every bad field.
 * Best effort: the result is only meaningful when `problems` stayed empty.
 */
export function readMessage(
  value: unknown,
  path: string,
  problems: Problems,
): MessageTemplate | undefined {
  const message = readObject(value, path, problems, MESSAGE_FIELDS);
  if (message === undefined) return undefined;
  const text = readRequiredText(message, "text", path, problems, MESSAGE_TEXT_MAX_CHARS);
  const attachments = readList(
    message,
    "attachments",
    path,
    problems,
    ATTACHMENTS_MAX,
    readAttachment,
  );
  const suggestions = readList(
    message,
    "response_suggestions",
    path,
    problems,
    SUGGESTIONS_MAX,
    readSuggestion,
  );
  const template: MessageTemplate = { text: text ?? "" };
  if (attachments !== undefined) template.attachments = attachments;
  if (suggestions !== undefined) template.response_suggestions = suggestions;
  return template;
}

/** Fills the lists a template leaves out from `base` (or with empty lists); the result is frozen. */
export function completeMessage(template: MessageTemplate, base?: MessageContent): MessageContent {
  return freezeMessage({
    text: template.text,
    attachments: template.attachments ?? base?.attachments ?? [],
    response_suggestions: template.response_suggestions ?? base?.response_suggestions ?? [],
  });
}

/** A reply's own copy of a message; callers can never change the definition the agent holds. */
export function copyMessage(content: MessageContent): MessageContent {
  // Attachments and suggestions are frozen when the definition is read, so sharing them is
  // safe and saves a deep clone on every reply.
  return {
    text: content.text,
    attachments: content.attachments,
    response_suggestions: content.response_suggestions,
  };
}

/** Freezes a message's attachments and suggestions, so replies can share them. */
export function freezeMessage<T extends MessageContent>(content: T): T {
  for (const item of content.attachments) Object.freeze(item);
  for (const item of content.response_suggestions) Object.freeze(item);
  Object.freeze(content.attachments);
  Object.freeze(content.response_suggestions);
  return Object.freeze(content);
}

/** A message as agent parts: its text, each attachment, its suggestions (shared, frozen objects). */
export function* messageParts(content: MessageTemplate): Generator<AgentPart> {
  yield { type: "text", text: content.text };
  for (const attachment of content.attachments ?? []) yield { type: "attachment", attachment };
  if (content.response_suggestions?.length) {
    yield { type: "suggestions", suggestions: content.response_suggestions };
  }
}

type ItemReader<T> = (value: unknown, path: string, problems: Problems) => T | undefined;

function readList<T>(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  max: number,
  readItem: ItemReader<T>,
): T[] | undefined {
  const items = readArray(owner, key, path, problems, { max, nonEmpty: false });
  if (items === undefined) return undefined;
  const listPath = fieldPath(path, key);
  return items.flatMap((item, index) => readItem(item, fieldPath(listPath, index), problems) ?? []);
}

/** Reads one attachment at `path`, naming every bad field. */
export function readAttachment(
  value: unknown,
  path: string,
  problems: Problems,
): Attachment | undefined {
  const raw = readObject(value, path, problems, ATTACHMENT_FIELDS);
  if (raw === undefined) return undefined;
  if (raw.content_url === undefined) problems.add(fieldPath(path, "content_url"), "required");
  const attachment: Attachment = {};
  const contentUrl = readUrl(raw, "content_url", path, problems, LINK_SCHEMES);
  const contentType = readChoice(
    raw,
    "content_type",
    path,
    problems,
    ATTACHMENT_CONTENT_TYPES,
    true,
  );
  const preview = readUrl(raw, "preview_image_url", path, problems, HTTP_SCHEMES);
  const title = readOptionalText(raw, "title", path, problems, LABEL_MAX_CHARS);
  const action = readOptionalText(raw, "call_to_action_text", path, problems, LABEL_MAX_CHARS);
  if (title !== undefined) attachment.title = title;
  if (preview !== undefined) attachment.preview_image_url = preview;
  if (contentUrl !== undefined) attachment.content_url = contentUrl;
  if (contentType !== undefined) attachment.content_type = contentType;
  if (action !== undefined) attachment.call_to_action_text = action;
  return attachment;
}

/** Reads one response suggestion at `path`, naming every bad field. */
export function readSuggestion(
  value: unknown,
  path: string,
  problems: Problems,
): ResponseSuggestion | undefined {
  const raw = readObject(value, path, problems, SUGGESTION_FIELDS);
  if (raw === undefined) return undefined;
  const text = readRequiredText(raw, "message_text", path, problems, LABEL_MAX_CHARS);
  if (text === undefined) return undefined;
  return raw.payload === undefined
    ? { message_text: text }
    : { message_text: text, payload: raw.payload };
}
