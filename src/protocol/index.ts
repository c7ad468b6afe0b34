// The protocol as data: event types, envelope, errors and limits; runs in Node and browsers.

export * from "./bidi.js";
export {
  CHAT_ERRORS,
  type ChatErrorCode,
  type ChatFailure,
  chatErrorBody,
} from "./chat-api-errors.js";
export * from "./chunk-layout.js";
export * from "./desk-inbox-wire.js";
export * from "./desk-wire.js";
export * from "./envelope.js";
export * from "./errors.js";
export * from "./event-types.js";
export * from "./json-bounds.js";
export * from "./limits.js";
export * from "./payload-validators.js";
export * from "./rating-wire.js";
export * from "./visitor-sessions.js";
