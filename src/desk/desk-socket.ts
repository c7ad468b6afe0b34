// The `/desk/ws` endpoint: token check as plain HTTP, then one desk user's live feed with keep-alive pings.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import {
  type DeskConnection,
  type DeskUserRecord,
  RateLimiter,
  type TimerHandle,
} from "../core/index.js";
import { CLOSE_CODES } from "../protocol/index.js";
import { type DeskDeps, retryAfterSeconds } from "./deps.js";
import { deskError, deskErrorBody } from "./desk-errors.js";
import { deskCaller } from "./desk-identity.js";
import { sameOrigin } from "./web-sessions.js";

/** Largest frame a desk client may send; it only ever sends pings. Stops memory exhaustion. */
export const DESK_MAX_PAYLOAD_BYTES = 64 * 1024;
/** How often the server pings; a socket that has not answered the previous ping is cut off. */
export const DESK_PING_INTERVAL_MS = 30_000;
/** Desk socket upgrades per desk user: a reconnect loop cannot flood the server. */
const UPGRADES_PER_SECOND = 2;
const UPGRADE_BURST = 10;
/** How long `close()` waits at most for clients to answer the close frame before cutting them off. */
const CLOSE_WAIT_MS = 1000;

export interface DeskSocketOptions {
  /** Defaults to DESK_PING_INTERVAL_MS. */
  pingIntervalMs?: number;
}

const PONG = JSON.stringify({ seq: null, type: "pong" });

/** Accepts WebSocket upgrades on `/desk/ws` and attaches each socket to its desk user's feed. */
export class DeskSocketGateway {
  readonly #deps: DeskDeps;
  readonly #wss = new WebSocketServer({
    noServer: true,
    maxPayload: DESK_MAX_PAYLOAD_BYTES,
    perMessageDeflate: false,
  });
  readonly #limiter = new RateLimiter(UPGRADES_PER_SECOND, UPGRADE_BURST);
  readonly #alive = new Map<WebSocket, boolean>();
  readonly #pingIntervalMs: number;
  #pinger: TimerHandle | undefined;
  #closing = false;

  constructor(deps: DeskDeps, options: DeskSocketOptions = {}) {
    this.#deps = deps;
    this.#pingIntervalMs = options.pingIntervalMs ?? DESK_PING_INTERVAL_MS;
  }

  /** Handles an upgrade request for `/desk/ws?token=…[&cursor=…]` (or the console's cookie); refusals are plain HTTP. */
  async handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: URL,
  ): Promise<void> {
    socket.on("error", () => socket.destroy());
    const client = this.#deps.clientOf(request);
    const blocked = this.#deps.authFailures.blockedMs(client, this.#deps.clock.now());
    if (blocked > 0)
      return this.#deps.rejectUpgrade(socket, "rate_limited", retryAfterSeconds(blocked));
    const caller = await deskCaller(this.#deps, request.headers, url.searchParams.get("token"));
    // A cookie rides along on any page's WebSocket: only the server's own pages may use it.
    const fromElsewhere =
      caller?.web !== undefined && !sameOrigin(request.headers, this.#deps.publicUrl ?? "");
    const user = fromElsewhere ? undefined : caller?.user;
    if (!user) {
      this.#deps.authFailures.failed(client, this.#deps.clock.now());
      return this.#deps.rejectUpgrade(socket, "desk_unauthorized");
    }
    const wait = this.#limiter.take(user.id, this.#deps.clock.now());
    if (wait > 0) return this.#deps.rejectUpgrade(socket, "rate_limited", retryAfterSeconds(wait));
    if (this.#closing || socket.destroyed) {
      socket.destroy();
      return;
    }
    const cursor = url.searchParams.get("cursor");
    this.#wss.handleUpgrade(request, socket, head, (ws) => this.#run(ws, socket, user, cursor));
  }

  /**
   * Stops accepting and closes the sockets still open with 1001 (the hub's shutdown closes most),
   * waiting at most `timeoutMs` (and never more than a second) for clients to answer.
   */
  async close(timeoutMs = CLOSE_WAIT_MS): Promise<void> {
    this.#closing = true;
    this.#pinger?.cancel();
    this.#pinger = undefined;
    await this.#deps.closeSockets(this.#wss, Math.min(timeoutMs, CLOSE_WAIT_MS));
  }

  #run(ws: WebSocket, socket: Duplex, user: DeskUserRecord, cursor: string | null): void {
    // Closed by the server going away: the desk user did not leave, so no grace period starts
    // (after a restart the core gives held chats their grace period again).
    let shutdown = false;
    const outbound = this.#deps.watchOutbound(ws, socket);
    const connection: DeskConnection = {
      send: (frame) => outbound.send(frame),
      close: (code, reason) => {
        if (code === CLOSE_CODES.goingAway) shutdown = true;
        ws.close(code, reason);
      },
    };
    this.#alive.set(ws, true);
    this.#startPinging();
    const link = this.#deps.hub.desk.connect(user, connection, cursor);
    ws.on("pong", () => this.#alive.set(ws, true));
    ws.on("message", (data, isBinary) => {
      // Nothing thrown while answering one frame may reach the socket's event loop.
      try {
        answer(connection, data, isBinary);
      } catch {
        ws.close(CLOSE_CODES.internalError, "internal error");
      }
    });
    ws.on("error", () => undefined);
    ws.on("close", () => {
      this.#alive.delete(ws);
      if (!shutdown && !this.#closing) link.disconnect();
      if (this.#alive.size === 0) this.#stopPinging();
    });
  }

  #startPinging(): void {
    this.#pinger ??= this.#deps.clock.setInterval(() => this.#pingAll(), this.#pingIntervalMs);
  }

  #stopPinging(): void {
    this.#pinger?.cancel();
    this.#pinger = undefined;
  }

  // A socket that did not answer the last ping is dead (a half-open TCP link): its close frees the user's slot.
  #pingAll(): void {
    for (const [ws, alive] of this.#alive) {
      if (!alive) {
        ws.terminate();
        continue;
      }
      this.#alive.set(ws, false);
      ws.ping();
    }
  }
}

// Desk clients only ping; anything else is answered with an error frame and otherwise ignored.
function answer(connection: DeskConnection, data: RawData, isBinary: boolean): void {
  if (!isBinary && isPing(data)) {
    connection.send(PONG);
    return;
  }
  const body = deskErrorBody(
    deskError("desk_invalid_request", 'the only frame a desk client sends is {"type":"ping"}'),
  );
  connection.send(JSON.stringify({ seq: null, type: "error", ...body }));
}

function isPing(data: RawData): boolean {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
  try {
    const frame: unknown = JSON.parse(buffer.toString("utf8"));
    return (
      typeof frame === "object" && frame !== null && (frame as { type?: unknown }).type === "ping"
    );
  } catch {
    return false;
  }
}
