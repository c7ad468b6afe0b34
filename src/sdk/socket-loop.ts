// The socket loop: connects, feeds events through ordering and de-duplication, keeps the socket
// alive with heartbeats and reconnects with backoff and the cursor until told to stop.
import { tokenExpiring } from "./access-token.js";
import { Backoff, type BackoffSettings } from "./backoff.js";
import { EventSequencer } from "./event-sequencer.js";
import type { Result } from "./http.js";
import { num, obj } from "./payload-fields.js";
import { SocketConnection, type SocketEnd } from "./socket-connection.js";
import type { ConnectionState, SdkError, ServerEvent, WebSocketConstructor } from "./types.js";

export interface LoopSession {
  sessionId: string;
  token: string;
}

export interface LoopDeps {
  WebSocket: WebSocketConstructor;
  /** The ws(s) base URL, read on every connect (the server may have moved). */
  wsBase: () => string;
  /** A new token for the same subject. */
  refresh: (session: LoopSession) => Promise<Result<string>>;
  backoff: BackoffSettings;
  random: () => number;
  gapTimeoutMs: number;
  /** From the options; else SESSION_START's max_reconnect_attempts; else 10. */
  maxAttempts: number | undefined;
  now: () => number;
}

export interface LoopHooks {
  state(to: ConnectionState, reason?: string): void;
  /** Every server event once, durable ones in sequence order. */
  event(event: ServerEvent): void;
  /** The first batch of a connection has been applied; `events` is that batch as sent. */
  synced(events: ServerEvent[]): void;
  /** The socket went away after opening: in-flight sends are in doubt. */
  lost(): void;
  /** The server says the session is unusable; the client needs a new one. */
  sessionGone(reason: string): void;
  /** The conversation is over (SESSION_END seen) and the socket closed. */
  ended(): void;
  isEnded(): boolean;
  error(error: SdkError): void;
}

const DEFAULT_MAX_ATTEMPTS = 10;
const DEFAULT_HEARTBEAT_SECONDS = 30;

/** Runs the connection of one session at a time. */
export class SocketLoop {
  readonly #deps: LoopDeps;
  readonly #hooks: LoopHooks;
  readonly #sequencer: EventSequencer;
  readonly #backoff: Backoff;
  #session: LoopSession | null = null;
  #socket: SocketConnection | null = null;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  #sawFirstBatch = false;
  #refreshedSinceSync = false;
  #serverMaxAttempts: number | undefined;
  #heartbeatMs = DEFAULT_HEARTBEAT_SECONDS * 1000;

  constructor(deps: LoopDeps, hooks: LoopHooks) {
    this.#deps = deps;
    this.#hooks = hooks;
    this.#backoff = new Backoff(deps.backoff, deps.random);
    this.#sequencer = new EventSequencer(
      { deliver: (event) => hooks.event(event), gap: () => this.#resync() },
      deps.gapTimeoutMs,
    );
  }

  /** Highest sequence received with no gap below it. */
  get cursor(): number {
    return this.#sequencer.cursor;
  }

  get session(): LoopSession | null {
    return this.#session;
  }

  /** Connects to `session`; a different session than before starts from sequence 0. */
  start(session: LoopSession): void {
    this.stop();
    if (this.#session?.sessionId !== session.sessionId) this.#sequencer.reset();
    this.#session = { ...session };
    this.#backoff.reset();
    this.#refreshedSinceSync = false;
    this.#connect();
  }

  /** Closes the socket and stops reconnecting; the cursor is kept. */
  stop(): void {
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, "client closed");
    this.#sequencer.dropHeld();
  }

  /** Sends a client event on the open socket; false when there is none. */
  send(type: string, payload: Record<string, unknown>, custom?: Record<string, unknown>): boolean {
    const frame = custom ? { type, payload, metadata: { custom } } : { type, payload };
    return this.#socket?.send(frame) ?? false;
  }

  get isOpen(): boolean {
    return this.#socket?.isOpen ?? false;
  }

  #connect(): void {
    const session = this.#session;
    if (!session) return;
    this.#sawFirstBatch = false;
    const query = new URLSearchParams({
      session_id: session.sessionId,
      access_token: session.token,
    });
    if (this.cursor > 0) query.set("cursor", String(this.cursor));
    const url = `${this.#deps.wsBase().replace(/\/+$/, "")}/ws?${query}`;
    const socket: SocketConnection = new SocketConnection(this.#deps.WebSocket, url, {
      open: () => this.#hooks.state("open"),
      events: (events, batch) => this.#onEvents(socket, events, batch),
      end: (end) => this.#onEnd(socket, end),
    });
    this.#socket = socket;
  }

  #onEvents(socket: SocketConnection, events: ServerEvent[], batch: boolean): void {
    if (socket !== this.#socket) return;
    for (const event of events) {
      if (event.type === "EVENT_TYPE_SESSION_START") this.#readCapabilities(socket, event);
      this.#sequencer.push(event);
    }
    if (batch && !this.#sawFirstBatch) {
      this.#sawFirstBatch = true;
      this.#backoff.reset();
      this.#refreshedSinceSync = false;
      this.#hooks.synced(events);
    }
  }

  #readCapabilities(socket: SocketConnection, start: ServerEvent): void {
    const capabilities = obj(start.payload, "capabilities");
    const seconds = num(capabilities, "heartbeat_interval_seconds");
    if (seconds !== undefined && seconds > 0) this.#heartbeatMs = seconds * 1000;
    const attempts = num(capabilities, "max_reconnect_attempts");
    if (attempts !== undefined && attempts > 0) this.#serverMaxAttempts = attempts;
    socket.startHeartbeat(this.#heartbeatMs);
  }

  #onEnd(socket: SocketConnection, end: SocketEnd): void {
    if (socket !== this.#socket) return;
    this.#socket = null;
    this.#sequencer.dropHeld();
    if (end.opened) this.#hooks.lost();
    const resync = end.byClient && end.reason === "resync";
    if (this.#hooks.isEnded()) this.#hooks.ended();
    else if (end.code === 4001) this.#hooks.sessionGone("session_invalid");
    else if (end.status === 404) this.#hooks.sessionGone("session_not_found");
    else if (end.status === 401) void this.#reauthenticate();
    else this.#scheduleReconnect(resync ? "resync" : `closed ${end.code}`);
  }

  // One token refresh per failure streak: a second 401 means the session is not ours any more.
  async #reauthenticate(): Promise<void> {
    const session = this.#session;
    if (!session) return;
    if (this.#refreshedSinceSync) {
      this.#hooks.sessionGone("authentication_failed");
      return;
    }
    this.#refreshedSinceSync = true;
    this.#hooks.state("reconnecting", "token refresh");
    const token = await this.#deps.refresh(session);
    if (this.#session !== session) return;
    if (!token.ok) {
      this.#hooks.error(token.error);
      this.#hooks.sessionGone("authentication_failed");
      return;
    }
    session.token = token.value;
    this.#connect();
  }

  #scheduleReconnect(reason: string): void {
    const max = this.#deps.maxAttempts ?? this.#serverMaxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    if (this.#backoff.attempts >= max) {
      this.#hooks.error({ code: "reconnect_failed", message: `gave up after ${max} attempts` });
      this.#hooks.state("failed", "reconnect attempts exhausted");
      return;
    }
    this.#hooks.state("reconnecting", reason);
    const delay = reason === "resync" ? 0 : this.#backoff.next();
    this.#retryTimer = setTimeout(() => void this.#reconnect(), delay);
  }

  // Browsers hide a refused upgrade's status, so an expired token is refreshed before trying.
  async #reconnect(): Promise<void> {
    this.#retryTimer = undefined;
    const session = this.#session;
    if (!session) return;
    if (tokenExpiring(session.token, this.#deps.now())) {
      const token = await this.#deps.refresh(session);
      if (this.#session !== session) return;
      if (token.ok) session.token = token.value;
    }
    this.#connect();
  }

  #resync(): void {
    this.#socket?.close(1000, "resync");
  }
}
