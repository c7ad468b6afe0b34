// The event envelope on the wire, client frame parsing and the payload shapes servers send.
import {
  type ClientEventType,
  EVENT_TYPES,
  type EventType,
  isClientEventType,
  isEventType,
} from "./event-types.js";
import { nestsDeeperThan, utf8Length } from "./json-bounds.js";
import { DEFAULT_FRAME_LIMITS, type FrameLimits } from "./limits.js";
import { isPlainObject } from "./payload-validators.js";

/** `metadata` as clients send it and as it is echoed back. */
export interface EventMetadata {
  custom: Record<string, unknown>;
}

/** One server → client event (`protocol.md` §3). */
export interface ServerEvent<P extends object = Record<string, unknown>> {
  id: string;
  sequence: number | null;
  timestamp: string;
  type: EventType;
  payload: P;
  metadata?: EventMetadata;
}

/** A well-formed client event, ready for the core. */
export interface ClientEvent {
  type: ClientEventType;
  payload: Record<string, unknown>;
  metadata?: EventMetadata;
}

export interface Attachment {
  title?: string;
  preview_image_url?: string;
  content_url?: string;
  content_type?: "ATTACHMENT_CONTENT_TYPE_URL" | "ATTACHMENT_CONTENT_TYPE_IMAGE";
  call_to_action_text?: string;
}

export interface ResponseSuggestion {
  message_text: string;
  payload?: unknown;
}

export type FrameProblem =
  | { kind: "invalid_format" }
  | { kind: "not_allowed"; type: string }
  /** A bad payload, or (no `type`) metadata out of bounds, which rejects any frame. */
  | { kind: "invalid_payload"; type?: ClientEventType; reason: string };

export type ParsedFrame =
  | { ok: true; event: ClientEvent }
  | { ok: false; problem: FrameProblem; metadata?: EventMetadata };

/** Parses and validates one text frame from a client; never throws. */
export function parseClientFrame(
  text: string,
  limits: FrameLimits = DEFAULT_FRAME_LIMITS,
): ParsedFrame {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { ok: false, problem: { kind: "invalid_format" } };
  }
  return validateClientEvent(raw, limits);
}

/**
 * Validates an already-parsed client event object; never throws. Metadata out of `limits`
 * rejects the frame whatever its type, and is never echoed: everything answered or stored
 * afterwards can be re-encoded safely.
 */
export function validateClientEvent(
  raw: unknown,
  limits: FrameLimits = DEFAULT_FRAME_LIMITS,
): ParsedFrame {
  if (!isPlainObject(raw)) return { ok: false, problem: { kind: "invalid_format" } };
  const read = readMetadata(raw.metadata, limits);
  if (!read.ok) return { ok: false, problem: { kind: "invalid_payload", reason: read.reason } };
  const { metadata } = read;
  const { type } = raw;
  const payload = raw.payload === undefined ? {} : raw.payload;
  if (!isEventType(type) || !isPlainObject(payload)) {
    return { ok: false, problem: { kind: "invalid_format" }, metadata };
  }
  if (!isClientEventType(type)) {
    return { ok: false, problem: { kind: "not_allowed", type }, metadata };
  }
  const reason = nestsDeeperThan(payload, limits.maxJsonDepth)
    ? `payload nests deeper than ${limits.maxJsonDepth} levels`
    : EVENT_TYPES[type].validate(payload);
  if (reason !== null) {
    return { ok: false, problem: { kind: "invalid_payload", type, reason }, metadata };
  }
  return { ok: true, event: metadata ? { type, payload, metadata } : { type, payload } };
}

// Only `{custom: {…}}` is kept (and echoed); any other shape is ignored, as before limits existed.
function readMetadata(
  value: unknown,
  limits: FrameLimits,
): { ok: true; metadata?: EventMetadata } | { ok: false; reason: string } {
  if (!isPlainObject(value) || !isPlainObject(value.custom)) return { ok: true };
  const metadata = { custom: value.custom };
  // Depth counts from `metadata`, so `custom` is level 1.
  if (nestsDeeperThan(metadata, limits.maxJsonDepth)) {
    return { ok: false, reason: `metadata nests deeper than ${limits.maxJsonDepth} levels` };
  }
  if (utf8Length(JSON.stringify(metadata)) > limits.maxMetadataBytes) {
    return { ok: false, reason: `metadata is larger than ${limits.maxMetadataBytes} bytes` };
  }
  return { ok: true, metadata };
}

/** The idempotency key a client put on an event (`local_id` or `client_event_id`). */
export function clientEventKey(metadata: EventMetadata | undefined): string | undefined {
  const custom = metadata?.custom;
  if (!custom) return undefined;
  const key = custom.local_id ?? custom.client_event_id;
  if (typeof key === "string" && key !== "") return key;
  if (typeof key === "number") return String(key);
  return undefined;
}

/** The parts of an event that are encoded into its wire frame. */
export interface EncodableEvent {
  id: string;
  sequence: number | null;
  timestamp: string;
  type: EventType;
  payloadJson: string;
  metadataJson: string | null;
}

/**
 * Encodes an event's wire frame from pre-encoded payload and metadata, so a stored event is
 * replayed byte for byte and fan-out serialises each event once.
 */
export function encodeEvent(event: EncodableEvent): string {
  const metadata = event.metadataJson === null ? "" : `,"metadata":${event.metadataJson}`;
  return `{"id":"${event.id}","sequence":${event.sequence},"timestamp":"${event.timestamp}","type":"${event.type}","payload":${event.payloadJson}${metadata}}`;
}
