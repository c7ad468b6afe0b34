// The ports of verified context and the Chat API, gathered for `ports.ts` to re-export.
export type * from "./chat-api.js";
export type * from "./context-keys.js";
export type * from "./session-context.js";
