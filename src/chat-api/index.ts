// The Chat API: turn-based REST on the same conversations as the Messaging API (chat-api.md §1).

export { CHAT_CHANNELS } from "./chat-bodies.js";
export { type ChatApiDeps, registerChatApiRoutes } from "./chat-routes.js";
