// The HTTP and WebSocket front of the server.

export { registerAllowListCors } from "./allow-list-cors.js";
export { type ClientOf, clientAddressResolver } from "./client-address.js";
export { type ClientGuards, createClientGuards } from "./client-guards.js";
export type { ContextDeps } from "./context-route.js";
export { parseCursor } from "./cursor.js";
export { registerDemoPage } from "./demo-page.js";
export { type DemoSigner, registerDemoSigner } from "./demo-signer.js";
export type { GatewayDeps } from "./deps.js";
export { rejectUpgrade } from "./handshake-rejection.js";
export { createGateway, type Gateway, type GatewayOptions } from "./http-server.js";
export { acceptJsonBodies } from "./json-bodies.js";
export { listenForScrapes } from "./metrics-endpoint.js";
export { pageSecurityHeaders } from "./page-security.js";
export { parseSessionRequest } from "./session-request.js";
export { registerStaticApps, type StaticApp } from "./static-pages.js";
