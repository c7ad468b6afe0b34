// The `/ws` endpoint: handshake checks as plain HTTP answers, then the frame loop of one connection.
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { FastifyBaseLogger } from "fastify";
import { type RawData, type WebSocket, WebSocketServer } from "ws";
import { originMatches } from "../auth/index.js";
import type { ClientConnection, SessionLink } from "../core/index.js";
import { CLOSE_CODES, type HttpErrorCode, MAX_MESSAGE_SIZE_BYTES } from "../protocol/index.js";
import { parseCursor } from "./cursor.js";
import type { GatewayDeps } from "./deps.js";
import { rejectUpgrade, retryAfterSeconds } from "./handshake-rejection.js";
import { IdleWatch } from "./idle-watch.js";
import { type Admission, SessionAdmission } from "./session-admission.js";

/** What an upgrade asks for, read from its query string. */
interface UpgradeParams {
  sessionId: string;
  token: string;
  cursor: string | null;
}

/** Accepts WebSocket upgrades on `/ws` for the session hub. */
export class WebSocketGateway {
  readonly #deps: GatewayDeps;
  readonly #log: FastifyBaseLogger;
  readonly #wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_SIZE_BYTES,
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
    const refusal = await this.#authenticate(params, request.headers.origin);
    if (refusal) {
      this.#deps.guards.authFailures.failed(client, this.#deps.clock.now());
      return rejectUpgrade(socket, refusal);
    }
    const admission = this.#admission.admit(params.sessionId);
    if (!admission.ok) return refuseAdmission(socket, admission);
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

  // The token first (a bad one is 401 even for an unknown session), then the session, then Origin.
  async #authenticate(
    params: UpgradeParams,
    origin: string | undefined,
  ): Promise<HttpErrorCode | null> {
    const verified = await this.#deps.tokens.verify(params.token);
    if (!verified.ok) return "ws_authentication_failed";
    const session = await this.#deps.hub.getSession(params.sessionId);
    if (!session) return "ws_session_not_found";
    const { subject, connectorId } = verified.claims;
    if (session.subject !== subject || session.connectorId !== connectorId) {
      return "ws_authentication_failed";
    }
    if (origin !== undefined && !(await this.#originAllowed(connectorId, origin))) {
      return "ws_authentication_failed";
    }
    return null;
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

/** The answer to an upgrade refused by one of its session's limits. */
function refuseAdmission(socket: Duplex, admission: Admission & { ok: false }): void {
  if (admission.code === "ws_rate_limited") {
    rejectUpgrade(socket, admission.code, admission.retryAfter);
  } else rejectUpgrade(socket, admission.code);
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
