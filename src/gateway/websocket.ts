// The `/ws` endpoint: handshake checks as plain HTTP answers, then the frame loop of one connection.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyBaseLogger } from "fastify";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { originMatches } from "../auth/index.js";
import type { ClientConnection, SessionLink, SessionRecord } from "../core/index.js";
import {
  CLOSE_CODES,
  type HttpErrorCode,
  LIMIT_CLOSE_REASONS,
  MAX_FRAME_BYTES,
} from "../protocol/index.js";
import { parseCursor } from "./cursor.js";
import type { GatewayDeps } from "./deps.js";
import { rejectUpgrade, retryAfterSeconds } from "./handshake-rejection.js";
import { IdleWatch } from "./idle-watch.js";
import { type Admission, SessionAdmission } from "./session-admission.js";
import { type BindingChange, decideBinding } from "./session-binding.js";

/** What an upgrade asks for, read from its query string. */
interface UpgradeParams {
  sessionId: string;
  token: string;
  cursor: string | null;
}

/** A verified upgrade: its session and how the session's binding changes, or why it is refused. */
type Authenticated =
  | { ok: true; session: SessionRecord; change?: BindingChange }
  | { ok: false; refusal: HttpErrorCode };

/** Accepts WebSocket upgrades on `/ws` for the session hub. */
export class WebSocketGateway {
  readonly #deps: GatewayDeps;
  readonly #log: FastifyBaseLogger;
  readonly #wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    perMessageDeflate: false,
  });
  readonly #admission: SessionAdmission;
  #closing = false;

  constructor(deps: GatewayDeps, log: FastifyBaseLogger) {
    this.#deps = deps;
    this.#log = log;
    this.#admission = new SessionAdmission(deps);
  }

  /** Handles an upgrade request for `/ws`; answers errors as plain HTTP. */
  async handleUpgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    url: URL,
  ): Promise<void> {
    socket.on("error", () => socket.destroy());
    if (this.#closing) return rejectUpgrade(socket, "shutting_down");
    const params = readParams(url);
    if (!params) return rejectUpgrade(socket, "ws_invalid_parameters");
    const client = this.#deps.guards.clientOf(request);
    const blocked = this.#deps.guards.authFailures.blockedMs(client, this.#deps.clock.now());
    if (blocked > 0) return rejectUpgrade(socket, "ws_rate_limited", retryAfterSeconds(blocked));
    const checked = await this.#authenticate(params, request.headers.origin);
    if (!checked.ok) {
      this.#deps.guards.authFailures.failed(client, this.#deps.clock.now());
      return rejectUpgrade(socket, checked.refusal);
    }
    const { session, change } = checked;
    const rate = await this.#admission.connect(params.sessionId);
    if (!rate.ok) return this.#overLimit(request, socket, head, session, rate);
    if (change) await this.#rebind(params.sessionId, change);
    const slot = await this.#admission.reserve(params.sessionId);
    if (!slot.ok) return this.#overLimit(request, socket, head, session, slot);
    if (socket.destroyed || this.#closing) return this.#admission.release(params.sessionId);
    this.#upgrade(request, socket, head, params);
  }

  /**
   * Stops accepting, closes what is still open with 1001 and waits up to `timeoutMs` for the
   * clients to answer; whatever has not closed by then is cut off.
   */
  async close(timeoutMs: number): Promise<void> {
    this.#closing = true;
    await this.#deps.guards.closeSockets(this.#wss, timeoutMs);
  }

  // The token first (a bad one is 401 even for an unknown session), then the session and the
  // token's right to it, then Origin.
  async #authenticate(params: UpgradeParams, origin: string | undefined): Promise<Authenticated> {
    const verified = await this.#deps.tokens.verify(params.token);
    if (!verified.ok) return { ok: false, refusal: "ws_authentication_failed" };
    const session = await this.#deps.hub.getSession(params.sessionId);
    if (!session) return { ok: false, refusal: "ws_session_not_found" };
    const binding = decideBinding(session, verified.claims, this.#deps.clock.now());
    if (!binding.ok) return { ok: false, refusal: "ws_authentication_failed" };
    if (origin !== undefined && !(await this.#originAllowed(session.connectorId, origin))) {
      return { ok: false, refusal: "ws_authentication_failed" };
    }
    return binding.change ? { ok: true, session, change: binding.change } : { ok: true, session };
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
    refused: Admission & { ok: false },
  ): void {
    if (session.clientProfile === "official-sdk") {
      this.#wss.handleUpgrade(request, socket, head, (ws) =>
        ws.close(CLOSE_CODES.tryAgainLater, LIMIT_CLOSE_REASONS[refused.limit]),
      );
    } else if (refused.limit === "connectRate") {
      rejectUpgrade(socket, "ws_rate_limited", refused.retryAfter);
    } else rejectUpgrade(socket, "ws_connection_limit");
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

  #upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, params: UpgradeParams): void {
    const cursor = parseCursor(params.cursor);
    if (!cursor.valid) {
      this.#log.warn({ sessionId: params.sessionId }, "invalid cursor, replaying from 0");
    }
    // `ws` may refuse the upgrade itself (bad key or version, client already gone) without
    // calling back; the socket's close then gives the slot back.
    let upgraded = false;
    socket.once("close", () => {
      if (!upgraded) this.#admission.release(params.sessionId);
    });
    this.#wss.handleUpgrade(request, socket, head, (ws) => {
      upgraded = true;
      void this.#run(ws, socket, params.sessionId, cursor.value);
    });
  }

  // Frames that arrive while the history replays wait, so the replay comes first on the wire.
  async #run(ws: WebSocket, socket: Duplex, sessionId: string, cursor: number): Promise<void> {
    const early: Array<[RawData, boolean]> = [];
    let link: SessionLink | undefined;
    let closed = false;
    const idle = new IdleWatch(ws, this.#deps.clock, this.#deps.config.idleTimeout * 1000);
    const receive = (data: RawData, isBinary: boolean) => {
      // One connection's bad input is that connection's problem: nothing thrown while handling
      // a frame may reach the socket's event loop (and from there the process).
      try {
        if (link) deliver(link, data, isBinary);
        else early.push([data, isBinary]);
      } catch (error) {
        this.#log.error({ err: error, sessionId }, "frame handling failed");
        ws.close(CLOSE_CODES.internalError, "internal error");
      }
    };
    ws.on("message", (data, isBinary) => {
      idle.touch();
      receive(data, isBinary);
    });
    ws.on("close", () => {
      closed = true;
      idle.stop();
      link?.disconnect();
    });
    ws.on("error", (error) => this.#log.debug({ err: error, sessionId }, "websocket error"));
    const outbound = this.#deps.guards.watchOutbound(ws, socket);
    const connection: ClientConnection = {
      send: (frame) => outbound.send(frame),
      close: (code, reason) => ws.close(code, reason),
      whenWritable: () => outbound.whenWritable(),
    };
    try {
      link = await this.#deps.hub.connect(sessionId, connection, cursor);
    } catch (error) {
      this.#log.error({ err: error, sessionId }, "connect failed");
      ws.close(CLOSE_CODES.internalError, "internal error");
      return;
    }
    if (!link) return;
    for (const [data, isBinary] of early.splice(0)) receive(data, isBinary);
    if (closed) link.disconnect();
  }
}

function readParams(url: URL): UpgradeParams | null {
  const sessionId = url.searchParams.get("session_id");
  const token = url.searchParams.get("access_token") ?? url.searchParams.get("auth_token");
  if (!sessionId || !token) return null;
  return { sessionId, token, cursor: url.searchParams.get("cursor") };
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
