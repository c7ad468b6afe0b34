// One crash-loop client: sends messages with local ids, reconnects by cursor, records every event it is given.
import WebSocket from "ws";

/** An event as a connection received it: its sequence and exact JSON text. */
export interface Received {
  sequence: number;
  text: string;
  /** Part of the head of a first batch (SESSION_START, the first join), re-sent by design. */
  head: boolean;
}

/** What a client saw acknowledged: the echo of each of its messages, by local id. */
export interface Acknowledged {
  localId: string;
  sequence: number;
  text: string;
}

/** Sends up to `window` unacknowledged messages at a time to one session, across server restarts. */
export class LoopClient {
  readonly acknowledged = new Map<string, Acknowledged>();
  /** Every connection's stream of durable events, in arrival order. */
  readonly streams: Received[][] = [];
  readonly #sessionId: string;
  readonly #token: string;
  readonly #window: number;
  readonly #name: string;
  #url: () => string;
  #ws: WebSocket | undefined;
  #pending = new Set<string>();
  #sent = 0;
  #contiguous = 0;
  #sending = true;
  #stopped = false;
  #joined = false;
  #replayed = false;
  /** The last frames of the current connection, shortened (for failure messages). */
  readonly #recent: string[] = [];

  constructor(options: {
    name: string;
    sessionId: string;
    token: string;
    url: () => string;
    window: number;
  }) {
    this.#name = options.name;
    this.#sessionId = options.sessionId;
    this.#token = options.token;
    this.#url = options.url;
    this.#window = options.window;
  }

  /** Connects (and keeps reconnecting) until `stop`. */
  start(): void {
    void this.#connectLoop();
  }

  /** No new messages from now on; unacknowledged ones keep being re-sent until acknowledged. */
  stopSending(): void {
    this.#sending = false;
  }

  /** The session this client talks to. */
  get session(): { sessionId: string; token: string } {
    return { sessionId: this.#sessionId, token: this.#token };
  }

  /** Where the client is connected now and whether its replay finished (for failure messages). */
  get state(): string {
    const ws = this.#ws;
    if (!ws) return "never connected";
    const replay = this.#replayed ? "replayed" : "replay not confirmed";
    return `${ws.url.split("?")[0]} readyState ${ws.readyState}, ${replay}, last frames ${this.#recent.join(" / ")}`;
  }

  get unacknowledged(): number {
    return this.#pending.size;
  }

  stop(): void {
    this.#stopped = true;
    this.#ws?.terminate();
  }

  async #connectLoop(): Promise<void> {
    while (!this.#stopped) {
      const closed = await this.#connectOnce().catch(() => undefined);
      if (closed) await closed;
      if (!this.#stopped) await new Promise((wake) => setTimeout(wake, 25));
    }
  }

  // One connection: the cursor is the highest sequence seen with nothing missing before it. The
  // heartbeat's echo comes after the replay (frames sent during it are handled after it), so by
  // then the replay told what was stored: only the rest is sent again.
  async #connectOnce(): Promise<Promise<void>> {
    const query = new URLSearchParams({
      session_id: this.#sessionId,
      access_token: this.#token,
      cursor: String(this.#contiguous),
    });
    const ws = new WebSocket(`${this.#url()}/ws?${query}`, { perMessageDeflate: false });
    const stream: Received[] = [];
    this.streams.push(stream);
    const closed = new Promise<void>((resolve) => ws.once("close", () => resolve()));
    ws.on("error", () => undefined);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("error", reject);
      ws.once("unexpected-response", () => reject(new Error("refused")));
    });
    this.#ws = ws;
    let first = true;
    let replayed = false;
    this.#replayed = false;
    this.#recent.length = 0;
    ws.on("message", (data) => {
      const text = data.toString();
      this.#recent.push(text.includes("SYSTEM_MESSAGE") ? text.slice(0, 600) : text.slice(0, 120));
      if (this.#recent.length > 4) this.#recent.shift();
      if (!replayed && text.includes('"replayed"')) {
        replayed = true;
        this.#replayed = true;
        this.#afterReplay(ws);
        return;
      }
      this.#take(text, stream, first);
      first = false;
      if (replayed) this.#fill(ws);
    });
    ws.send(
      JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", metadata: { custom: { replayed: true } } }),
    );
    return closed;
  }

  #afterReplay(ws: WebSocket): void {
    if (!this.#joined) {
      ws.send(JSON.stringify({ type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {} }));
    }
    // Echoes that never came: sent again with the same local id, never stored twice.
    for (const localId of this.#pending) this.#send(ws, localId);
    this.#fill(ws);
  }

  #fill(ws: WebSocket): void {
    while (
      this.#sending &&
      this.#joined &&
      this.#pending.size < this.#window &&
      ws.readyState === ws.OPEN
    ) {
      const localId = `${this.#name}-${++this.#sent}`;
      this.#pending.add(localId);
      this.#send(ws, localId);
    }
  }

  #send(ws: WebSocket, localId: string): void {
    const frame = {
      type: "EVENT_TYPE_USER_MESSAGE",
      payload: { text: `message ${localId}` },
      metadata: { custom: { local_id: localId } },
    };
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  }

  #take(text: string, stream: Received[], firstFrame: boolean): void {
    const frame = JSON.parse(text) as WireEvent;
    const events =
      frame.type === "EVENT_TYPE_EVENT_BATCH" ? (frame.payload.events as WireEvent[]) : [frame];
    for (const event of events) {
      if (event.sequence === null) continue;
      const eventText = JSON.stringify(event);
      const head = firstFrame && event.sequence <= this.#contiguous;
      stream.push({ sequence: event.sequence, text: eventText, head });
      if (event.sequence === this.#contiguous + 1) this.#contiguous = event.sequence;
      if (event.type === "EVENT_TYPE_POLY_AGENT_JOINED") this.#joined = true;
      const localId = event.metadata?.custom?.local_id;
      if (
        event.type === "EVENT_TYPE_USER_MESSAGE" &&
        typeof localId === "string" &&
        this.#pending.delete(localId)
      ) {
        this.acknowledged.set(localId, { localId, sequence: event.sequence, text: eventText });
      }
    }
  }
}

interface WireEvent {
  type: string;
  sequence: number | null;
  payload: Record<string, unknown>;
  metadata?: { custom?: Record<string, unknown> };
}
