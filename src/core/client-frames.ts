// What happens to one frame a client sends: size and rate checks, parsing, then the conversation.
import {
  type FrameLimits,
  MAX_CLIENT_EVENT_BYTES,
  type ParsedFrame,
  parseClientFrame,
  protocolError,
} from "../protocol/index.js";
import type { ConnectionFeed } from "./connection-feed.js";
import type { Conversation } from "./conversation.js";
import { frameProblemError } from "./frame-problems.js";
import type { LiveSession } from "./live-session.js";
import type { Clock, Limits, RateRule } from "./ports.js";
import type { HubObserver } from "./session-hub.js";

/**
 * Re-serialising JSON never makes strings longer and numbers at most 5.25 times longer ("1e20"
 * is 21 digits), so a frame this small always fits once stored and costs no second encoding.
 */
const ALWAYS_FITS_BYTES = Math.floor(MAX_CLIENT_EVENT_BYTES / 6);

/** What the server adds to a stored client payload: `,"message_id":"<uuid>"`. */
const STORED_EXTRA_BYTES = 52;

export interface FrameDeps {
  clock: Clock;
  /** Client messages per session, counted across every process holding its connections. */
  limits: Pick<Limits, "take">;
  messageRule: RateRule;
  /** Depth and size bounds of the JSON in a frame. */
  frameLimits: FrameLimits;
  observer: HubObserver;
  conversation: Conversation;
  /** The user did something (any frame but a heartbeat); `live.lastActivity` is set. */
  activity(live: LiveSession): void;
  /** A client event whose handling failed unexpectedly (store outage, bug). */
  failed(live: LiveSession, error: unknown): void;
}

/** Frames of one connection still being handled, so the shared rate check never reorders them. */
const inOrder = new WeakMap<ConnectionFeed, Promise<void>>();

/**
 * Handles one frame from `feed`: its text, or null for a binary frame; `size` in bytes. Frames
 * of one connection are handled one after another, in the order they came.
 */
export function receiveFrame(
  live: LiveSession,
  feed: ConnectionFeed,
  text: string | null,
  size: number,
  deps: FrameDeps,
): void {
  const next = (inOrder.get(feed) ?? Promise.resolve())
    .then(() => handleFrame(live, feed, text, size, deps))
    .catch((error: unknown) => deps.failed(live, error));
  inOrder.set(feed, next);
}

async function handleFrame(
  live: LiveSession,
  feed: ConnectionFeed,
  text: string | null,
  size: number,
  deps: FrameDeps,
): Promise<void> {
  const now = deps.clock.now();
  // Bounded when parsed: everything below may re-encode the payload and metadata safely.
  const parsed = text === null ? null : parseClientFrame(text, deps.frameLimits);
  const metadata = parsed?.ok ? parsed.event.metadata : parsed?.metadata;
  // Heartbeats are exempt: clients send them on a timer and they cost nothing to answer.
  const heartbeat = parsed?.ok === true && parsed.event.type === "EVENT_TYPE_HEARTBEAT";
  // ...and they keep the socket open but are not the user's activity (`sdk-expectations.md` 34).
  if (!heartbeat) {
    live.lastActivity = now;
    deps.activity(live);
  }
  if (tooLargeToStore(parsed, size)) {
    // Answered without echoing metadata, so the answer itself stays under the frame limit.
    const reason = `event is larger than ${MAX_CLIENT_EVENT_BYTES} bytes`;
    live.replyError(feed, protocolError("invalid_payload", { reason }));
    return;
  }
  if (!heartbeat && (await deps.limits.take(deps.messageRule, live.id, now)) > 0) {
    live.replyError(feed, protocolError("message_rate_limited"), metadata);
    return;
  }
  if (!parsed?.ok) {
    deps.observer.eventReceived("invalid");
    live.replyError(feed, frameProblemError(parsed?.problem), metadata);
    return;
  }
  deps.observer.eventReceived(parsed.event.type);
  deps.conversation
    .handle(live, feed, parsed.event)
    .catch((error: unknown) => deps.failed(live, error));
}

/**
 * Whether the event as it would be stored and echoed (payload and metadata re-encoded) is over
 * MAX_CLIENT_EVENT_BYTES, which keeps every stored event and every answer within one frame.
 * Measured on the encoding, not the frame: JSON escapes shrink (`\/`, `\u00e9`) or grow (`1e20`)
 * on the way. A binary frame is measured as it came.
 */
function tooLargeToStore(parsed: ParsedFrame | null, frameBytes: number): boolean {
  if (frameBytes <= ALWAYS_FITS_BYTES) return false;
  if (parsed === null) return frameBytes > MAX_CLIENT_EVENT_BYTES;
  const payload = parsed.ok ? Buffer.byteLength(JSON.stringify(parsed.event.payload)) : 0;
  const metadata = parsed.ok ? parsed.event.metadata : parsed.metadata;
  const metadataBytes = metadata ? Buffer.byteLength(JSON.stringify(metadata)) : 0;
  return payload + metadataBytes + STORED_EXTRA_BYTES > MAX_CLIENT_EVENT_BYTES;
}
