// The live-agent desk: the /desk/v1 API and the /desk/ws socket, on top of the core's DeskService.
export type { DeskDeps } from "./deps.js";
export { DESK_PREFIX, registerDeskRoutes } from "./desk-routes.js";
export {
  DESK_MAX_PAYLOAD_BYTES,
  DESK_PING_INTERVAL_MS,
  DeskSocketGateway,
  type DeskSocketOptions,
} from "./desk-socket.js";
export { DeskWebSessions, SESSION_COOKIE, WEB_SESSION_MS } from "./web-sessions.js";
