// The server core: sessions, sequencing, replay, agent turns and handoff, behind its ports.
export type { ClientConnection } from "./connection-feed.js";
export { EventFactory } from "./event-factory.js";
export { noLiveDesk } from "./handoff.js";
export type * from "./ports.js";
export type * from "./records.js";
export {
  type HubDeps,
  type HubObserver,
  type HubSettings,
  type NewSessionInput,
  SessionHub,
  type SessionLink,
} from "./session-hub.js";
export { RateLimiter, TokenBucket } from "./token-bucket.js";
