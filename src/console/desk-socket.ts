// The /desk/ws connection: one state machine that reconnects with full-jitter backoff and resumes from its cursor.
import { backoffDelay } from "./backoff.js";
import type { DeskFrame } from "./types.js";

export type SocketState = "connecting" | "open" | "reconnecting" | "stopped";

/** A state change; `lastAttemptOpened` is false when the socket closed before it ever opened. */
export interface SocketChange {
  from: SocketState;
  to: SocketState;
  attempt: number;
  retryInMs: number | null;
  lastAttemptOpened: boolean;
}

export interface DeskSocketOptions {
  /** The socket URL for a cursor (null on the first connection). */
  url(cursor: string | null): string;
  onFrame(frame: DeskFrame): void;
  onState(change: SocketChange): void;
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** How often to ask the server for a pong; a silent server past `pongTimeoutMs` counts as gone. */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
}

/** Keeps one desk socket open until stopped; frames come out in order, the cursor follows them. */
export class DeskSocket {
  readonly #options: Required<DeskSocketOptions>;
  #state: SocketState = "stopped";
  #ws: WebSocket | null = null;
  #opened = false;
  #attempt = 0;
  #epoch: string | null = null;
  #cursor: string | null = null;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #ping: ReturnType<typeof setInterval> | undefined;
  #pongDeadline: ReturnType<typeof setTimeout> | undefined;
  readonly #onOffline = () => this.#drop();
  readonly #onOnline = () => this.reconnectNow();

  constructor(options: DeskSocketOptions) {
    this.#options = {
      createSocket: (url) => new WebSocket(url),
      random: Math.random,
      baseDelayMs: 500,
      maxDelayMs: 15_000,
      pingIntervalMs: 20_000,
      pongTimeoutMs: 10_000,
      ...options,
    };
  }

  get state(): SocketState {
    return this.#state;
  }

  /** `<epoch>:<highest seq seen>`, what a reconnect resumes from. */
  get cursor(): string | null {
    return this.#cursor;
  }

  start(): void {
    if (this.#state !== "stopped") return;
    globalThis.addEventListener?.("offline", this.#onOffline);
    globalThis.addEventListener?.("online", this.#onOnline);
    this.#ping = setInterval(() => this.#sendPing(), this.#options.pingIntervalMs);
    this.#connect("connecting");
  }

  stop(): void {
    globalThis.removeEventListener?.("offline", this.#onOffline);
    globalThis.removeEventListener?.("online", this.#onOnline);
    clearInterval(this.#ping);
    clearTimeout(this.#retry);
    clearTimeout(this.#pongDeadline);
    const ws = this.#detach();
    ws?.close(1000, "signed out");
    this.#set("stopped", null);
  }

  /** Skips the wait before the next attempt (the network came back). */
  reconnectNow(): void {
    if (this.#state !== "reconnecting" || this.#ws) return;
    clearTimeout(this.#retry);
    this.#connect("reconnecting");
  }

  #connect(state: SocketState): void {
    const ws = this.#options.createSocket(this.#options.url(this.#cursor));
    this.#ws = ws;
    this.#opened = false;
    this.#set(state, null);
    ws.onopen = () => {
      this.#opened = true;
    };
    ws.onmessage = (message) => this.#receive(message.data);
    ws.onclose = () => {
      if (this.#ws === ws) this.#drop();
    };
  }

  #receive(data: unknown): void {
    clearTimeout(this.#pongDeadline);
    if (typeof data !== "string") return;
    let frame: DeskFrame;
    try {
      frame = JSON.parse(data) as DeskFrame;
    } catch {
      return;
    }
    if (frame.type === "hello") {
      this.#epoch = frame.cursor.split(":")[0] ?? null;
      this.#cursor = frame.cursor;
      this.#attempt = 0;
      this.#set("open", null);
    } else if (typeof frame.seq === "number" && this.#epoch) {
      this.#cursor = `${this.#epoch}:${frame.seq}`;
    }
    if (frame.type !== "pong") this.#options.onFrame(frame);
  }

  // Gives up on the current socket without waiting for a close handshake that may never come.
  #drop(): void {
    if (this.#state === "stopped") return;
    const ws = this.#detach();
    ws?.close();
    clearTimeout(this.#retry);
    this.#attempt += 1;
    const { baseDelayMs, maxDelayMs, random } = this.#options;
    const delay = backoffDelay(this.#attempt, baseDelayMs, maxDelayMs, random);
    this.#set("reconnecting", delay);
    this.#retry = setTimeout(() => this.#connect("reconnecting"), delay);
  }

  #detach(): WebSocket | null {
    const ws = this.#ws;
    this.#ws = null;
    if (ws) {
      ws.onopen = null;
      ws.onmessage = null;
      ws.onclose = null;
    }
    return ws;
  }

  #sendPing(): void {
    if (this.#state !== "open" || !this.#ws) return;
    this.#ws.send(JSON.stringify({ type: "ping" }));
    clearTimeout(this.#pongDeadline);
    this.#pongDeadline = setTimeout(() => this.#drop(), this.#options.pongTimeoutMs);
  }

  #set(to: SocketState, retryInMs: number | null): void {
    const from = this.#state;
    this.#state = to;
    if (from === to && retryInMs === null) return;
    this.#options.onState({
      from,
      to,
      attempt: this.#attempt,
      retryInMs,
      lastAttemptOpened: this.#opened,
    });
  }
}
