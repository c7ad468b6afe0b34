// The `/ws` endpoint: handshake checks as plain HTTP answers, then the frame loop of one connection.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyBaseLogger } from "fastify";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { originMatches } from "../auth/index.js";
import {
  type ClientConnection,
  RateLimiter,
  type SessionLink,
  type SessionRecord,
} from "../core/index.js";
import { CLOSE_CODES, LIMIT_CLOSE_REASONS, MAX_MESSAGE_SIZE_BYTES } from "../protocol/index.js";
import { parseCursor } from "./cursor.js";
import type { GatewayDeps } from "./deps.js";
import { rejectUpgrade, retryAfterSeconds } from "./handshake-rejection.js";
import { type BindingChange, decideBinding } from "./session-binding.js";

/** A client that stops reading while we write gets cut off rather than eating memory. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

/** Accepts WebSocket upgrades on `/ws` for the session hub. */
export class WebSocketGateway {
  readonly #deps: GatewayDeps;
  readonly #log: FastifyBaseLogger;
  readonly #wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_SIZE_BYTES,
    perMessageDeflate: false,
  });
  readonly #limiter: RateLimiter;

  constructor(deps: GatewayDeps, log: FastifyBaseLogger) {
    this.#deps = deps;
    this.#log = log;
    const perMinute = deps.config.httpRequestsPerMinute;
    this.#limiter = new RateLimiter(perMinute / 60, Math.max(1, Math.ceil(perMinute / 6)));
  }

  /** Handles an upgrade request for `/ws`; answers errors as plain HTTP. */
  async handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: URL,
  ): Promise<void> {
    socket.on("error", () => socket.destroy());
    const sessionId = url.searchParams.get("session_id");
    const token = url.searchParams.get("access_token") ?? url.searchParams.get("auth_token");
    if (!sessionId || !token) return rejectUpgrade(socket, "ws_invalid_parameters");
    const verified = await this.#deps.tokens.verify(token);
    if (!verified.ok) return rejectUpgrade(socket, "ws_authentication_failed");
    const session = await this.#deps.hub.getSession(sessionId);
    if (!session) return rejectUpgrade(socket, "ws_session_not_found");
    const binding = decideBinding(session, verified.claims, this.#deps.clock.now());
    if (!binding.ok) return rejectUpgrade(socket, "ws_authentication_failed");
    const origin = request.headers.origin;
    if (origin !== undefined && !(await this.#originAllowed(session.connectorId, origin))) {
      return rejectUpgrade(socket, "ws_authentication_failed");
    }
    const wait = this.#limiter.take(sessionId, this.#deps.clock.now());
    if (wait > 0) {
      return this.#overLimit(
        request,
        socket,
        head,
        session,
        "connectRate",
        retryAfterSeconds(wait),
      );
    }
    const cursor = parseCursor(url.searchParams.get("cursor"));
    if (!cursor.valid) this.#log.warn({ sessionId }, "invalid cursor, replaying from 0");
    if (binding.change) await this.#rebind(sessionId, binding.change);
    if (!this.#deps.hub.reserveConnection(sessionId))
      return this.#overLimit(request, socket, head, session, "connectionLimit");
    if (socket.destroyed) return this.#deps.hub.releaseConnection(sessionId);
    // `ws` may refuse the upgrade itself (bad key or version, client already gone) without
    // calling back; the socket's close then gives the slot back.
    let upgraded = false;
    socket.once("close", () => {
      if (!upgraded) this.#deps.hub.releaseConnection(sessionId);
    });
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      upgraded = true;
      void this.#run(ws, sessionId, cursor.value);
    });
  }

  /** Stops accepting; open sockets are closed by the hub's shutdown. */
  close(): Promise<void> {
    return new Promise((resolve) => this.#wss.close(() => resolve()));
  }

  /**
   * A usable session over a connection limit. The documented answer is 429 before the upgrade,
   * but the official SDKs throw a session away on any refused upgrade, so sessions of their
   * profile get the upgrade and an immediate 1013 with the reason (`sdk-expectations.md` rule 30).
   */
  #overLimit(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    session: SessionRecord,
    limit: keyof typeof LIMIT_CLOSE_REASONS,
    retryAfter?: number,
  ): void {
    if (session.clientProfile === "official-sdk") {
      this.#wss.handleUpgrade(request, socket, head, (ws) =>
        ws.close(CLOSE_CODES.tryAgainLater, LIMIT_CLOSE_REASONS[limit]),
      );
    } else {
      const code = limit === "connectRate" ? "ws_rate_limited" : "ws_connection_limit";
      rejectUpgrade(socket, code, retryAfter);
    }
  }

  // A renewed token: the session moves to its subject (or remembers its later expiry) before it opens.
  async #rebind(sessionId: string, change: BindingChange): Promise<void> {
    if (change.subject !== undefined)
      this.#log.info({ sessionId }, "session bound to a renewed token");
    await this.#deps.hub.rebind(sessionId, change);
  }

  async #originAllowed(connectorId: string, origin: string): Promise<boolean> {
    const connector = await this.#deps.store.getConnector(connectorId);
    return connector?.host ? originMatches(connector.host, origin) : false;
  }

  // Frames that arrive while the history replays wait, so the replay comes first on the wire.
  async #run(ws: WebSocket, sessionId: string, cursor: number): Promise<void> {
    const early: Array<[RawData, boolean]> = [];
    let link: SessionLink | undefined;
    let closed = false;
    const idle = new IdleWatch(ws, this.#deps);
    ws.on("message", (data, isBinary) => {
      idle.touch();
      if (link) deliver(link, data, isBinary);
      else early.push([data, isBinary]);
    });
    ws.on("close", () => {
      closed = true;
      idle.stop();
      link?.disconnect();
    });
    ws.on("error", (error) => this.#log.debug({ err: error, sessionId }, "websocket error"));
    const connection: ClientConnection = {
      send: (frame) => {
        if (ws.readyState !== ws.OPEN) return;
        if (ws.bufferedAmount > MAX_BUFFERED_BYTES)
          ws.close(CLOSE_CODES.tryAgainLater, "slow consumer");
        else ws.send(frame);
      },
      close: (code, reason) => ws.close(code, reason),
    };
    try {
      link = await this.#deps.hub.connect(sessionId, connection, cursor);
    } catch (error) {
      this.#log.error({ err: error, sessionId }, "connect failed");
      ws.close(CLOSE_CODES.internalError, "internal error");
      return;
    }
    if (!link) return;
    for (const [data, isBinary] of early) deliver(link, data, isBinary);
    if (closed) link.disconnect();
  }
}

function deliver(link: SessionLink, data: RawData, isBinary: boolean): void {
  // `ws` hands over a Buffer already; copying it again for every frame is waste.
  const buffer = Buffer.isBuffer(data)
    ? data
    : Array.isArray(data)
      ? Buffer.concat(data)
      : Buffer.from(data);
  link.receive(isBinary ? null : buffer.toString("utf8"), buffer.byteLength);
}

/** Closes a connection that has sent nothing for the idle timeout, with one timer per socket. */
class IdleWatch {
  readonly #ws: WebSocket;
  readonly #deps: GatewayDeps;
  readonly #timeoutMs: number;
  #last: number;
  #timer: { cancel(): void } | undefined;

  constructor(ws: WebSocket, deps: GatewayDeps) {
    this.#ws = ws;
    this.#deps = deps;
    this.#timeoutMs = deps.config.idleTimeout * 1000;
    this.#last = deps.clock.now();
    this.#arm(this.#timeoutMs);
  }

  touch(): void {
    this.#last = this.#deps.clock.now();
  }

  stop(): void {
    this.#timer?.cancel();
  }

  #arm(ms: number): void {
    this.#timer = this.#deps.clock.setTimeout(() => this.#check(), ms);
  }

  #check(): void {
    const quiet = this.#deps.clock.now() - this.#last;
    if (quiet >= this.#timeoutMs) this.#ws.close(CLOSE_CODES.goingAway, "idle timeout");
    else this.#arm(this.#timeoutMs - quiet);
  }
}
