// The per-client and per-socket guards the public, desk and admin surfaces share; the app builds one set.
import type { Duplex } from "node:stream";
import type { WebSocket, WebSocketServer } from "ws";
import type { Config } from "../config/index.js";
import { type Clock, FailureLimiter, OutboundBudget } from "../core/index.js";
import { type ClientOf, clientAddressResolver } from "./client-address.js";
import { closeAll } from "./socket-closing.js";
import { type OutboundSocket, watchOutbound } from "./socket-outbound.js";

/** One per process: limits only work when every surface counts into the same buckets. */
export interface ClientGuards {
  /** The client a request comes from (its address, or the last hop before trusted proxies). */
  clientOf: ClientOf;
  /** Failed credentials per client. */
  authFailures: FailureLimiter;
  /** Bytes waiting for slow WebSocket readers, per socket and in total. */
  outbound: OutboundBudget;
  /** Sends through `outbound`, shedding slow readers with 1013. */
  watchOutbound(ws: WebSocket, socket: Duplex): OutboundSocket;
  /** Closes every socket of `wss` with 1001, cutting off after `timeoutMs` whoever does not answer. */
  closeSockets(wss: WebSocketServer, timeoutMs: number): Promise<void>;
}

/** The guards for `config`. */
export function createClientGuards(config: Config, clock: Clock): ClientGuards {
  const outbound = new OutboundBudget({
    perConnectionBytes: config.wsMaxBufferedBytes,
    totalBytes: config.wsTotalBufferedBytes,
  });
  return {
    clientOf: clientAddressResolver(config.trustedProxies),
    authFailures: new FailureLimiter(config.authFailuresPerMinute),
    outbound,
    watchOutbound: (ws, socket) => watchOutbound(ws, socket, outbound, clock),
    closeSockets: (wss, timeoutMs) => closeAll(wss, timeoutMs, clock),
  };
}
