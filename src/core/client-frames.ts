// What happens to one frame a client sends: size and rate checks, parsing, then the conversation.
import {
  type FrameLimits,
  MAX_CLIENT_EVENT_BYTES,
  parseClientFrame,
  protocolError,
} from "../protocol/index.js";
import type { ConnectionFeed } from "./connection-feed.js";
import type { Conversation } from "./conversation.js";
import { frameProblemError } from "./frame-problems.js";
import type { LiveSession } from "./live-session.js";
import type { Clock } from "./ports.js";
import type { HubObserver } from "./session-hub.js";
import type { RateLimiter } from "./token-bucket.js";

export interface FrameDeps {
  clock: Clock;
  /** Client messages per session. */
  limiter: RateLimiter;
  /** Depth and size bounds of the JSON in a frame. */
  limits: FrameLimits;
  observer: HubObserver;
  conversation: Conversation;
  /** A client event whose handling failed unexpectedly (store outage, bug). */
  failed(live: LiveSession, error: unknown): void;
}

/** Handles one frame from `feed`: its text, or null for a binary frame; `size` in bytes. */
export function receiveFrame(
  live: LiveSession,
  feed: ConnectionFeed,
  text: string | null,
  size: number,
  deps: FrameDeps,
): void {
  const now = deps.clock.now();
  live.lastActivity = now;
  if (size > MAX_CLIENT_EVENT_BYTES) {
    // Answered without echoing metadata, so the answer itself stays under the frame limit.
    const reason = `event is larger than ${MAX_CLIENT_EVENT_BYTES} bytes`;
    live.replyError(feed, protocolError("invalid_payload", { reason }));
    return;
  }
  const parsed = text === null ? null : parseClientFrame(text, deps.limits);
  const metadata = parsed?.ok ? parsed.event.metadata : parsed?.metadata;
  // Heartbeats are exempt: clients send them on a timer and they cost nothing to answer.
  const heartbeat = parsed?.ok === true && parsed.event.type === "EVENT_TYPE_HEARTBEAT";
  if (!heartbeat && deps.limiter.take(live.id, now) > 0) {
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
