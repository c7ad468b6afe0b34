// Runtime checks for client event payloads; each returns what is wrong, or null.
import { utf8Length } from "./json-bounds.js";
import { MAX_TEXT_BYTES } from "./limits.js";

/** Checks a payload already known to be a plain object; returns a reason or null. */
export type PayloadValidator = (payload: Record<string, unknown>) => string | null;

const TYPING_STATES: ReadonlySet<unknown> = new Set([
  "TYPING_STATE_STARTED",
  "TYPING_STATE_STOPPED",
]);

/** Payloads that carry nothing; extra keys are tolerated, as clients add their own. */
export const emptyObject: PayloadValidator = () => null;

/** `{ text: string }`, non-empty after trimming, at most MAX_TEXT_BYTES in UTF-8. */
export const userMessagePayload: PayloadValidator = (payload) => {
  const { text } = payload;
  if (typeof text !== "string") return "text must be a string";
  if (text.trim() === "") return "text must not be empty";
  // A UTF-16 unit is at most three UTF-8 bytes, so most texts need no count.
  if (text.length * 3 > MAX_TEXT_BYTES && utf8Length(text) > MAX_TEXT_BYTES) {
    return `text is larger than ${MAX_TEXT_BYTES} bytes`;
  }
  return attachmentRefsProblem(payload.attachments);
};

/** Most files one user message may carry. */
export const MAX_MESSAGE_ATTACHMENTS = 10;

// `attachments` on a user message: absent, or references to files uploaded to the session.
function attachmentRefsProblem(value: unknown): string | null {
  if (value === undefined) return null;
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_MESSAGE_ATTACHMENTS)
    return `attachments must be a list of 1 to ${MAX_MESSAGE_ATTACHMENTS} {file_id} objects`;
  const bad = value.some(
    (item) =>
      !isPlainObject(item) ||
      typeof item.file_id !== "string" ||
      !/^[A-Za-z0-9_-]{1,64}$/.test(item.file_id),
  );
  return bad ? "attachments must be {file_id} objects naming uploaded files" : null;
}

/** `{ state: TYPING_STATE_STARTED | TYPING_STATE_STOPPED }`. */
export const userTypingPayload: PayloadValidator = (payload) =>
  TYPING_STATES.has(payload.state)
    ? null
    : "state must be TYPING_STATE_STARTED or TYPING_STATE_STOPPED";

/** `{ call_sid: string }` from the voice add-on. */
export const linkToWebrtcPayload: PayloadValidator = (payload) => {
  const { call_sid } = payload;
  if (typeof call_sid !== "string" || call_sid === "") return "call_sid must be a non-empty string";
  return null;
};

/** True for a JSON object that is not an array or null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
