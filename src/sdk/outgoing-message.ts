// The user's outgoing message: checks before it is queued, and the metadata it travels with.
import { MAX_CLIENT_EVENT_BYTES } from "../protocol/index.js";
import type { PendingMessage } from "./delivery-tracker.js";
import type { SdkError } from "./types.js";

/** Room left for the envelope and metadata around the text. */
const ENVELOPE_ALLOWANCE_BYTES = 512;

/** Why `text` cannot be sent now, or null when it can. */
export function sendProblem(text: unknown, payload: unknown, ended: boolean): SdkError | null {
  if (ended) return { code: "session_ended", message: "the session ended" };
  if (typeof text !== "string" || text.trim() === "") {
    return { code: "invalid_message", message: "text must not be empty" };
  }
  const size = new TextEncoder().encode(JSON.stringify({ text, payload })).byteLength;
  if (size > MAX_CLIENT_EVENT_BYTES - ENVELOPE_ALLOWANCE_BYTES) {
    return { code: "message_too_large", message: `the message is ${size} bytes` };
  }
  return null;
}

/** `metadata.custom` of a user message: the id its echo is matched by, and the app's payload. */
export function deliveryMetadata(message: PendingMessage): Record<string, unknown> {
  const custom: Record<string, unknown> = { client_event_id: message.id };
  if (message.payload !== undefined) custom.payload = message.payload;
  return custom;
}
