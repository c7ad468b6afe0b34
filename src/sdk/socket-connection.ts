// One WebSocket connection: frames in (batches unpacked), frames out, heartbeats, and how it ended.
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

const OPEN = 1;
/** A socket that neither opens nor fails within this long is given up on. */
const CONNECT_TIMEOUT_MS = 15_000;

/** Wraps one socket; reports its end exactly once. */
export class SocketConnection {
  readonly #socket: WebSocketLike;
  readonly #handlers: SocketHandlers;
  #opened = false;
  #ended = false;
  #status: number | undefined;
  #heartbeat: ReturnType<typeof setInterval> | undefined;
  #connectTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(Socket: WebSocketConstructor, url: string, handlers: SocketHandlers) {
    this.#handlers = handlers;
    this.#socket = new Socket(url);
    const socket = this.#socket as unknown as Record<string, (event: SocketEventLike) => void>;
    socket.onopen = () => this.#onOpen();
    socket.onmessage = (event) => this.#onMessage(event.data);
    socket.onerror = (event) => this.#onError(event);
    socket.onclose = (event) => this.#finish(event.code ?? 1006, event.reason ?? "");
    this.#connectTimer = setTimeout(() => this.close(1000, "connect timeout"), CONNECT_TIMEOUT_MS);
  }

  /** True while the socket is open. */
  get isOpen(): boolean {
    return !this.#ended && this.#socket.readyState === OPEN;
  }

  /** Sends one client event; false when the socket is not open. */
  send(frame: { type: string; payload: Record<string, unknown>; metadata?: unknown }): boolean {
    if (!this.isOpen) return false;
    try {
      this.#socket.send(JSON.stringify(frame));
      return true;
    } catch {
      return false;
    }
  }

  /** Sends EVENT_TYPE_HEARTBEAT every `intervalMs` from now on. */
  startHeartbeat(intervalMs: number): void {
    this.#stopHeartbeat();
    this.#heartbeat = setInterval(() => {
      this.send({ type: "EVENT_TYPE_HEARTBEAT", payload: {} });
    }, intervalMs);
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
    if (this.#ended || typeof data !== "string") return;
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
    this.#stopHeartbeat();
    this.#clearConnectTimer();
    const end: SocketEnd = { opened: this.#opened, byClient, code, reason };
    if (this.#status !== undefined) end.status = this.#status;
    this.#handlers.end(end);
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat !== undefined) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
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
