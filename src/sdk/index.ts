// The client SDK's public face: SwitchboardClient, the conversation model and its reducer.

export {
  chunkLayoutOf,
  joinChunkTexts,
  MAX_RATING_COMMENT_CHARS,
  type RatingBodyJson,
  type RatingJson,
  type RatingStateJson,
} from "../protocol/index.js";
export { Backoff, backoffDelay, DEFAULT_BACKOFF } from "./backoff.js";
export { addChunk, chunksComplete, chunkText } from "./chunk-assembly.js";
export { type RatingResult, SwitchboardClient } from "./client.js";
export { ConnectionStateMachine, canTransition } from "./connection-state.js";
export { emptyConversation } from "./conversation-local.js";
export { reduceConversation } from "./conversation-reducer.js";
export { TypedEmitter } from "./emitter.js";
export type {
  UploadedFile,
  UploadOptions,
  UploadProgress,
  UploadResult,
} from "./file-upload.js";
export type { StoredSession } from "./stored-session.js";
export type * from "./types.js";
export { CONTEXT_CALLBACK_TIMEOUT_MS } from "./verified-context.js";
export { VISITOR_ID_KEY } from "./visitor-id.js";
