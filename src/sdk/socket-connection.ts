// One WebSocket connection: frames in (batches unpacked), frames out, heartbeats, and how it ended.
import { Liveness } from "./liveness.js";
import { isRecord } from "./payload-fields.js";
import type { ServerEvent, SocketEventLike, WebSocketConstructor, WebSocketLike } from "./types.js";

/** How a connection ended. `status` is the HTTP answer to a refused upgrade, when visible. */
export interface SocketEnd {
  opened: boolean;
  /** True when this client closed it (a resync, close() or a connect timeout). */
  byClient: boolean;
  code: number;
  reason: string;
  status?: number;
}

export interface SocketHandlers {
  open(): void;
  /** The events of one frame; `batch` is true for EVENT_BATCH frames. */
  events(events: ServerEvent[], batch: boolean): void;
  end(end: SocketEnd): void;
}

/** How long a socket may take to open, and how long a heartbeat may wait for any answer. */
export interface SocketBounds {
  connectTimeoutMs: number;
  echoTimeoutMs: number;
}

/** The close reason of a socket given up on because its heartbeat went unanswered. */
export const NO_ECHO_REASON = "no heartbeat echo";

const OPEN = 1;

/** Wraps one socket; reports its end exactly once. */
export class SocketConnection {
  readonly #socket: WebSocketLike;
  readonly #handlers: SocketHandlers;
  #opened = false;
  #ended = false;
  #status: number | undefined;
  readonly #liveness: Liveness;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    Socket: WebSocketConstructor,
    url: string,
    handlers: SocketHandlers,
    bounds: SocketBounds,
  ) {
    this.#handlers = handlers;
    this.#liveness = new Liveness(
      () => this.send({ type: "EVENT_TYPE_HEARTBEAT", payload: {} }),
      () => this.close(1000, NO_ECHO_REASON),
      bounds.echoTimeoutMs,
    );
    this.#socket = new Socket(url);
    const socket = this.#socket as unknown as Record<string, (event: SocketEventLike) => void>;
    socket.onopen = () => this.#onOpen();
    socket.onmessage = (event) => this.#onMessage(event.data);
    socket.onerror = (event) => this.#onError(event);
    socket.onclose = (event) => this.#finish(event.code ?? 1006, event.reason ?? "");
    this.#connectTimer = setTimeout(
      () => this.close(1000, "connect timeout"),
      bounds.connectTimeoutMs,
    );
  }

  /** True while the socket is open. */
  get isOpen(): boolean {
    return !this.#ended && this.#socket.readyState === OPEN;
  }

  /**
   * Sends one client event; false when the socket is not open. With `answered`, the server must
   * answer within the liveness bound (an echo), or the socket is taken for dead.
   */
  send(
    frame: { type: string; payload: Record<string, unknown>; metadata?: unknown },
    answered = false,
  ): boolean {
    if (!this.isOpen) return false;
    try {
      this.#socket.send(JSON.stringify(frame));
      if (answered) this.#liveness.expect();
      return true;
    } catch {
      return false;
    }
  }

  /** Sends EVENT_TYPE_HEARTBEAT every `intervalMs` from now on, each expecting an answer in time. */
  startHeartbeat(intervalMs: number): void {
    this.#liveness.start(intervalMs);
  }

  /** Checks now that the connection still answers (after a send, when the network comes back). */
  probe(): void {
    if (this.isOpen) this.#liveness.probe();
  }

  /** Closes the socket; the end is reported at once, whatever the socket does later. */
  close(code = 1000, reason = ""): void {
    try {
      this.#socket.close(code, reason);
    } catch {
      // Closing a socket that is still connecting throws in some runtimes; it is gone either way.
    }
    this.#finish(code, reason, true);
  }

  #onOpen(): void {
    if (this.#ended) return;
    this.#opened = true;
    this.#clearConnectTimer();
    this.#handlers.open();
  }

  #onMessage(data: unknown): void {
    if (this.#ended) return;
    this.#liveness.heard();
    if (typeof data !== "string") return;
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      return;
    }
    if (!isServerEvent(frame)) return;
    if (frame.type !== "EVENT_TYPE_EVENT_BATCH") {
      this.#handlers.events([frame], false);
      return;
    }
    const inner = frame.payload.events;
    this.#handlers.events(Array.isArray(inner) ? inner.filter(isServerEvent) : [], true);
  }

  // `ws` names the refused upgrade's status in the error; browsers hide it.
  #onError(event: SocketEventLike): void {
    const error = event.error instanceof Error ? event.error.message : "";
    const text = `${event.message ?? ""} ${error}`;
    const match = /Unexpected server response: (\d{3})/.exec(text);
    if (match) this.#status = Number(match[1]);
  }

  #finish(code: number, reason: string, byClient = false): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#liveness.stop();
    this.#clearConnectTimer();
    const end: SocketEnd = { opened: this.#opened, byClient, code, reason };
    if (this.#status !== undefined) end.status = this.#status;
    this.#handlers.end(end);
  }

  #clearConnectTimer(): void {
    if (this.#connectTimer !== undefined) clearTimeout(this.#connectTimer);
    this.#connectTimer = undefined;
  }
}

function isServerEvent(value: unknown): value is ServerEvent {
  return (
    isRecord(value) &&
    typeof value.type === "string" &&
    isRecord(value.payload) &&
    (typeof value.sequence === "number" || value.sequence === null || value.sequence === undefined)
  );
}
