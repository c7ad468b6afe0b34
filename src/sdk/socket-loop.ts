// The socket loop: connects, feeds events through ordering and de-duplication, keeps the socket
// alive with heartbeats and reconnects with backoff and the cursor until told to stop.
import { tokenExpiring } from "./access-token.js";
import { Backoff, type BackoffSettings } from "./backoff.js";
import { EventSequencer } from "./event-sequencer.js";
import type { Result } from "./http.js";
import { num, obj } from "./payload-fields.js";
import {
  NO_ECHO_REASON,
  type SocketBounds,
  SocketConnection,
  type SocketEnd,
} from "./socket-connection.js";
import type {
  ConnectionState,
  NetworkSignals,
  SdkError,
  ServerEvent,
  WebSocketConstructor,
} from "./types.js";

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
  bounds: SocketBounds;
  /** Heartbeat period; undefined: SESSION_START's heartbeat_interval_seconds. */
  heartbeatIntervalMs: number | undefined;
  /** The browser's `online`/`offline` events, when the runtime has them. */
  network: NetworkSignals | undefined;
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
  /** The server cannot be reached: the network is down or the socket stopped answering. */
  offline(reason: string): void;
  /** A socket opened again after `offline`. */
  online(): void;
}

/** The close reason of a socket closed because the browser went offline. */
const OFFLINE_REASON = "network offline";

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
  #offline = false;
  #networkDown = false;
  #replaying = false;
  #unlisten: (() => void) | undefined;

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

  /**
   * True while the first batch of a connection made from sequence 0 is applied: the history the
   * session had before this client joined it, not news.
   */
  get replaying(): boolean {
    return this.#replaying;
  }

  /** Checks at once that the open socket still answers; a dead one is reconnected. */
  probe(): void {
    this.#socket?.probe();
  }

  /** Connects to `session`; a different session than before starts from sequence 0. */
  start(session: LoopSession): void {
    this.stop();
    if (this.#session?.sessionId !== session.sessionId) this.#sequencer.reset();
    this.#session = { ...session };
    this.#backoff.reset();
    this.#refreshedSinceSync = false;
    this.#listen();
    this.#connect();
  }

  /** Closes the socket and stops reconnecting; the cursor is kept. */
  stop(): void {
    this.#unlisten?.();
    this.#unlisten = undefined;
    this.#offline = false;
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, "client closed");
    this.#sequencer.dropHeld();
  }

  /** Sends a client event on the open socket; false when there is none. Echoed types are answered in time or the socket is dead. */
  send(type: string, payload: Record<string, unknown>, custom?: Record<string, unknown>): boolean {
    const frame = custom ? { type, payload, metadata: { custom } } : { type, payload };
    return this.#socket?.send(frame, type !== "EVENT_TYPE_USER_TYPING") ?? false;
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
    const fromStart = this.cursor === 0;
    const socket: SocketConnection = new SocketConnection(
      this.#deps.WebSocket,
      url,
      {
        open: () => this.#onOpen(),
        events: (events, batch) => this.#onEvents(socket, events, batch, fromStart),
        end: (end) => this.#onEnd(socket, end),
      },
      this.#deps.bounds,
    );
    this.#socket = socket;
  }

  #onOpen(): void {
    this.#networkDown = false;
    this.#hooks.state("open");
    if (!this.#offline) return;
    this.#offline = false;
    this.#hooks.online();
  }

  #goOffline(reason: string): void {
    if (this.#offline) return;
    this.#offline = true;
    this.#hooks.offline(reason);
  }

  // The browser knows when the network goes and comes back: no need to wait for a timeout.
  #listen(): void {
    const network = this.#deps.network;
    if (!network || this.#unlisten) return;
    const down = () => this.#networkGone();
    const up = () => this.#networkBack();
    network.addEventListener("offline", down);
    network.addEventListener("online", up);
    this.#unlisten = () => {
      network.removeEventListener("offline", down);
      network.removeEventListener("online", up);
    };
  }

  #networkGone(): void {
    if (!this.#session) return;
    this.#networkDown = true;
    this.#goOffline(OFFLINE_REASON);
    clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
    if (this.#socket) this.#socket.close(1000, OFFLINE_REASON);
    else this.#hooks.state("reconnecting", OFFLINE_REASON);
  }

  // Back online: try at once instead of waiting out the backoff, and check an open socket still works.
  #networkBack(): void {
    this.#networkDown = false;
    if (!this.#session || this.#hooks.isEnded()) return;
    if (this.#socket) {
      this.#socket.probe();
      return;
    }
    clearTimeout(this.#retryTimer);
    this.#backoff.reset();
    this.#hooks.state("reconnecting", "network back");
    void this.#reconnect();
  }

  #onEvents(
    socket: SocketConnection,
    events: ServerEvent[],
    batch: boolean,
    fromStart: boolean,
  ): void {
    if (socket !== this.#socket) return;
    this.#replaying = batch && fromStart && !this.#sawFirstBatch;
    try {
      for (const event of events) {
        if (event.type === "EVENT_TYPE_SESSION_START") this.#readCapabilities(socket, event);
        this.#sequencer.push(event);
      }
    } finally {
      this.#replaying = false;
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
    const interval = this.#deps.heartbeatIntervalMs ?? this.#heartbeatMs;
    const attempts = num(capabilities, "max_reconnect_attempts");
    if (attempts !== undefined && attempts > 0) this.#serverMaxAttempts = attempts;
    socket.startHeartbeat(interval);
  }

  #onEnd(socket: SocketConnection, end: SocketEnd): void {
    if (socket !== this.#socket) return;
    this.#socket = null;
    this.#sequencer.dropHeld();
    if (end.opened) this.#hooks.lost();
    const resync = end.byClient && end.reason === "resync";
    if (end.byClient && end.reason === NO_ECHO_REASON) this.#goOffline(NO_ECHO_REASON);
    if (this.#hooks.isEnded()) this.#hooks.ended();
    else if (this.#networkDown) this.#hooks.state("reconnecting", OFFLINE_REASON);
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
