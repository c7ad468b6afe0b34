// The HTTP and WebSocket front of the server.

export { parseCursor } from "./cursor.js";
export { demoTokenFromFile, registerDemoPage } from "./demo-page.js";
export type { GatewayDeps } from "./deps.js";
export { rejectUpgrade } from "./handshake-rejection.js";
export { createGateway, type Gateway, type GatewayOptions } from "./http-server.js";
export { acceptJsonBodies } from "./json-bodies.js";
export { parseSessionRequest } from "./session-request.js";
export { registerStaticApps, type StaticApp } from "./static-pages.js";
