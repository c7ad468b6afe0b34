// Typed reads of fields from server payloads, which are checked rather than trusted.
import type { Attachment, ResponseSuggestion, SdkError, ServerEvent } from "./types.js";

/** A string field, or undefined. */
export function str(payload: Record<string, unknown>, key: string): string | undefined {
  const value = payload[key];
  return typeof value === "string" ? value : undefined;
}

/** A finite number field, or undefined. */
export function num(payload: Record<string, unknown>, key: string): number | undefined {
  const value = payload[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** A nested object field, or an empty object. */
export function obj(payload: Record<string, unknown>, key: string): Record<string, unknown> {
  const value = payload[key];
  return isRecord(value) ? value : {};
}

/** The attachments of a message payload (entries that are not objects are dropped). */
export function attachmentsOf(payload: Record<string, unknown>): Attachment[] {
  const value = payload.attachments;
  return Array.isArray(value) ? (value.filter(isRecord) as Attachment[]) : [];
}

/** The response suggestions of a message payload (only those with a message_text). */
export function suggestionsOf(payload: Record<string, unknown>): ResponseSuggestion[] {
  const value = payload.response_suggestions;
  if (!Array.isArray(value)) return [];
  return value.filter(
    (s): s is ResponseSuggestion => isRecord(s) && typeof s.message_text === "string",
  );
}

/** The key the client put on an event to match its echo (`client_event_id` or `local_id`). */
export function clientKeyOf(event: ServerEvent): string | undefined {
  const custom = event.metadata?.custom;
  if (!custom) return undefined;
  const key = custom.client_event_id ?? custom.local_id;
  return typeof key === "string" && key !== "" ? key : undefined;
}

/** True for a JSON object that is not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A SYSTEM_MESSAGE as the client's `error` event carries it. */
export function systemMessageError(event: ServerEvent): SdkError {
  const error: SdkError = { code: "system_message", message: str(event.payload, "message") ?? "" };
  const level = str(event.payload, "level");
  if (level !== undefined) error.level = level;
  return error;
}
