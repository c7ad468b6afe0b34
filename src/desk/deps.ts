// What the desk API and the desk socket need from the rest of the server.

import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { WebSocket, WebSocketServer } from "ws";
import type { Clock, FailureLimiter, SavedReplyStore, SessionHub, Store } from "../core/index.js";
import type { FileService } from "../files/index.js";
import type { HttpErrorCode } from "../protocol/index.js";
import type { DeskWebSessions } from "./web-sessions.js";

/** The parts the desk layer is built on; the app wires them. */
export interface DeskDeps {
  store: Store;
  /** Its `desk` field (DeskService) carries every desk action. */
  hub: SessionHub;
  clock: Clock;
  /** Refuses a WebSocket upgrade with a plain HTTP `{message, code}` answer. */
  rejectUpgrade(socket: Duplex, code: HttpErrorCode, retryAfterSeconds?: number): void;
  /** Deepest nesting accepted in request bodies; the protocol default when absent. */
  maxJsonDepth?: number;
  /** The client a request comes from, as the gateway's per-client limits key it. */
  clientOf(request: Pick<IncomingMessage, "headers" | "socket">): string;
  /** Failed credentials per client, shared with the public and admin APIs. */
  authFailures: FailureLimiter;
  /** Sends through the process-wide budget of buffered bytes, shedding slow readers (1013). */
  watchOutbound(ws: WebSocket, socket: Duplex): { send(frame: string): void };
  /** Closes every socket of `wss` with 1001, cutting off after `timeoutMs` whoever does not answer. */
  closeSockets(wss: WebSocketServer, timeoutMs: number): Promise<void>;
  /** Saved replies of queues and desk users; absent: the routes are not offered. */
  savedReplies?: SavedReplyStore;
  /** Console sign-in with email and password (cookie sessions); absent: desk tokens only. */
  webSessions?: DeskWebSessions;
  /** The server's public URL, also accepted as the `Origin` of console requests; "" when unset. */
  publicUrl?: string;
  /** Registers the CORS policy (the configured allow-list) in the API's scope; none when absent. */
  cors?(scope: FastifyInstance): Promise<void>;
  /** Attached files; absent: the file routes are not served. */
  files?: FileService;
}

/** Requests each desk user may make per second on `/desk/v1`, and the burst above it. */
export const DESK_REQUESTS_PER_SECOND = 20;
export const DESK_REQUEST_BURST = 40;

/** Whole seconds, at least 1, for a `Retry-After` header. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
