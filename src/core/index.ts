// The server core: sessions, sequencing, replay, agent turns and handoff, behind its ports.
export type { PushOptions, PushRefusal, PushResult } from "./agent-inbox.js";
export type { ChunkLayout } from "./chunker.js";
export type { ClientConnection } from "./connection-feed.js";
export { settleWithin } from "./deadline.js";
export type {
  DeskConnection,
  DeskEvent,
} from "./desk/desk-feed.js";
export {
  type DeskFailure,
  type DeskMessage,
  type DeskObserver,
  type DeskResult,
  DeskService,
  deskUserJson,
  type QueueEntry,
} from "./desk/desk-service.js";
export { isOpenAt, openingHoursProblems } from "./desk/opening-hours.js";
export { displayMessage, type QueueStatus } from "./desk/queue-watch.js";
export {
  MAX_SAVED_REPLY_CHARS,
  SHORTCUT_PATTERN,
  savedReplyJson,
  savedReplyProblems,
} from "./desk/saved-reply-json.js";
export { visitorPresenceJson } from "./desk/visitor-board.js";
export { EventFactory } from "./event-factory.js";
export { FailureLimiter } from "./failure-limiter.js";
export * from "./files/index.js";
export { InProcessLimits } from "./in-process-limits.js";
export { InProcessPresence, InProcessVisitorSessions } from "./in-process-presence.js";
export * from "./offline/index.js";
export { type BufferedConnection, OutboundBudget } from "./outbound-budget.js";
export { decodePageCursor, encodePageCursor, type PageCursor } from "./page-cursor.js";
export { PartChannel } from "./part-channel.js";
export { isBlobKey, isBlobSegment } from "./ports/blob-store.js";
export type * from "./ports.js";
export { DEFAULT_TURN_POLICY } from "./ports.js";
export {
  checkRating,
  MAX_RATING_COMMENT_CHARS,
  type RatingProblem,
  ratingJson,
  ratingScores,
} from "./ratings.js";
export type * from "./records.js";
export { MAX_SEARCH_QUERY_CHARS, MAX_SEARCH_TERMS, searchTerms } from "./search-terms.js";
export {
  type DeliveryOptions,
  type HubDeps,
  type HubObserver,
  type HubSettings,
  type NewSessionInput,
  SessionHub,
  type SessionLink,
} from "./session-hub.js";
export { RateLimiter, TokenBucket } from "./token-bucket.js";
export { InProcessTurnClaims } from "./turn-claims.js";
export { VisitorHistory } from "./visitor-history.js";
export { OFFLINE_TIMER, PRESENCE_TTL_MS } from "./visitor-presence.js";
