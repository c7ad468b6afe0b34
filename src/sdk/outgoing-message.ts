// The user's outgoing message: checks before it is queued, and the metadata it travels with.
import { DEFAULT_MAX_METADATA_BYTES, MAX_TEXT_BYTES, utf8Length } from "../protocol/index.js";
import type { PendingMessage } from "./delivery-tracker.js";
import type { SdkError } from "./types.js";

/** Room left in the metadata for the SDK's own keys around the app's payload. */
const METADATA_ALLOWANCE_BYTES = 128;

/** Why `text` cannot be sent now, or null when it can. */
export function sendProblem(text: unknown, payload: unknown, ended: boolean): SdkError | null {
  if (ended) return { code: "session_ended", message: "the session ended" };
  if (typeof text !== "string" || text.trim() === "") {
    return { code: "invalid_message", message: "text must not be empty" };
  }
  // The server's max_message_size_bytes counts the text's UTF-8 bytes, whatever its escaping.
  const textBytes = utf8Length(text);
  if (textBytes > MAX_TEXT_BYTES) {
    return { code: "message_too_large", message: `the text is ${textBytes} bytes` };
  }
  const payloadBytes = payload === undefined ? 0 : utf8Length(JSON.stringify(payload));
  if (payloadBytes > DEFAULT_MAX_METADATA_BYTES - METADATA_ALLOWANCE_BYTES) {
    return { code: "message_too_large", message: `the payload is ${payloadBytes} bytes` };
  }
  return null;
}

/** `metadata.custom` of a user message: the id its echo is matched by, and the app's payload. */
export function deliveryMetadata(message: PendingMessage): Record<string, unknown> {
  const custom: Record<string, unknown> = { client_event_id: message.id };
  if (message.payload !== undefined) custom.payload = message.payload;
  return custom;
}
