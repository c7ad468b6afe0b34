// What the gateway is built from; the composition root fills it in.
import type { AccessTokens } from "../auth/index.js";
import type { Config } from "../config/index.js";
import type { Bus, Clock, Limits, SessionHub, Store } from "../core/index.js";
import type { FileService } from "../files/index.js";
import type { ClientGuards } from "./client-guards.js";
import type { ContextDeps } from "./context-route.js";

/** Everything the HTTP and WebSocket front needs. */
export interface GatewayDeps {
  config: Config;
  store: Store;
  bus: Bus;
  hub: SessionHub;
  tokens: AccessTokens;
  clock: Clock;
  /** Rate limits counted across every process (the hub's connection slots use the same). */
  limits: Limits;
  /** Per-client limits and socket budgets, shared with the desk and admin APIs. */
  guards: ClientGuards;
  /** Verified context: keys, skew and the metric; absent: the context route is not served. */
  context?: ContextDeps;
  /** Attached files; absent: the file routes are not served. */
  files?: FileService;
}
