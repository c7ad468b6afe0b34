// A WebSocket test client that records every frame and waits for the ones a test expects.
import WebSocket from "ws";

export interface WireEvent {
  id: string;
  sequence: number | null;
  timestamp: string;
  type: string;
  payload: Record<string, unknown>;
  metadata?: { custom: Record<string, unknown> };
}

/** A connected client: `frames` holds every parsed frame; batches are also flattened into `events`. */
export class TestClient {
  readonly ws: WebSocket;
  readonly frames: WireEvent[] = [];
  readonly raw: string[] = [];
  /** Every event, batches unpacked, in arrival order. */
  readonly events: WireEvent[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: Array<() => void> = [];

  private constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on("message", (data) => {
      const text = data.toString();
      this.raw.push(text);
      const frame = JSON.parse(text) as WireEvent;
      this.frames.push(frame);
      if (frame.type === "EVENT_TYPE_EVENT_BATCH")
        this.events.push(...(frame.payload.events as WireEvent[]));
      else this.events.push(frame);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
  }

  /**
   * Opens `/ws` and resolves once the socket is open; `localAddress` (127.0.0.2, …) makes the
   * client a different one for the server's per-client limits.
   */
  static open(
    wsUrl: string,
    query: Record<string, string>,
    headers: Record<string, string> = {},
    localAddress?: string,
  ): Promise<TestClient> {
    const ws = new WebSocket(`${wsUrl}/ws?${new URLSearchParams(query)}`, {
      headers,
      ...(localAddress ? { localAddress } : {}),
    });
    const client = new TestClient(ws);
    return new Promise((resolve, reject) => {
      ws.once("open", () => resolve(client));
      ws.once("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => reject(new HandshakeError(res.statusCode ?? 0, body, res.headers)));
      });
      ws.once("error", reject);
    });
  }

  /** Sends a client event. */
  send(
    type: string,
    payload: Record<string, unknown> = {},
    custom?: Record<string, unknown>,
  ): void {
    this.ws.send(
      JSON.stringify(custom ? { type, payload, metadata: { custom } } : { type, payload }),
    );
  }

  /** Resolves with the first event (from index `from` of `events`) matching, or rejects after `ms`. */
  async waitFor(
    match: string | ((e: WireEvent) => boolean),
    ms = 5000,
    from = 0,
  ): Promise<WireEvent> {
    const test = typeof match === "string" ? (e: WireEvent) => e.type === match : match;
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.events.slice(from).find(test);
      if (found) return found;
      if (Date.now() > deadline || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(
          `timed out waiting for ${String(match)}; got ${this.events.map((e) => e.type).join(", ")}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Events of `type` seen so far. */
  ofType(type: string): WireEvent[] {
    return this.events.filter((e) => e.type === type);
  }

  /** Highest sequence seen. */
  get lastSequence(): number {
    return Math.max(0, ...this.events.map((e) => e.sequence ?? 0));
  }

  close(): void {
    this.ws.close();
  }
}

/** A refused upgrade: status, body and headers. */
export class HandshakeError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string | string[] | undefined>,
  ) {
    super(`handshake refused: ${status} ${body}`);
  }
}
