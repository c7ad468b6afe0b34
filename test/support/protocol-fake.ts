// A scripted protocol fake for SDK unit tests: an in-memory WebSocket class and a fetch that let a
// test decide what the "server" answers and see everything the client sent.
import type { FetchLike, FetchResponseLike, ServerEvent } from "../../src/sdk/index.js";

/** One client frame as the fake socket received it. */
export interface SentFrame {
  type: string;
  payload: Record<string, unknown>;
  metadata?: { custom: Record<string, unknown> };
}

/** A socket the client opened; the test plays the server side of it. */
export class FakeSocket {
  static readonly instances: FakeSocket[] = [];
  readyState = 0;
  readonly sent: SentFrame[] = [];
  closedBy: { code?: number; reason?: string } | null = null;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: { message?: string; error?: unknown }) => void) | null = null;

  constructor(readonly url: string) {
    FakeSocket.instances.push(this);
  }

  /** The newest socket. */
  static get last(): FakeSocket {
    const socket = FakeSocket.instances.at(-1);
    if (!socket) throw new Error("no socket was opened");
    return socket;
  }

  static reset(): void {
    FakeSocket.instances.length = 0;
  }

  /** The query of the URL the client connected to. */
  get query(): URLSearchParams {
    return new URL(this.url).searchParams;
  }

  /** Frames of `type` the client sent. */
  sentOfType(type: string): SentFrame[] {
    return this.sent.filter((f) => f.type === type);
  }

  // ---- client side ----
  send(data: string): void {
    if (this.readyState !== 1) throw new Error("send on a socket that is not open");
    this.sent.push(JSON.parse(data) as SentFrame);
  }

  close(code?: number, reason?: string): void {
    this.closedBy = { code, reason };
    this.readyState = 3;
  }

  // ---- server side ----
  /** Accepts the upgrade. */
  open(): this {
    this.readyState = 1;
    this.onopen?.({});
    return this;
  }

  /** Sends one event frame. */
  push(event: ServerEvent): this {
    return this.raw(JSON.stringify(event));
  }

  /** Sends an EVENT_BATCH holding `events`. */
  batch(events: ServerEvent[]): this {
    return this.push(batchOf(events));
  }

  /** Sends a raw text frame. */
  raw(text: string): this {
    this.onmessage?.({ data: text });
    return this;
  }

  /** Closes from the server side with `code`. */
  serverClose(code: number, reason = ""): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }

  /** Refuses the upgrade with HTTP `status`, the way `ws` reports it. */
  refuse(status: number): void {
    this.readyState = 3;
    const error = new Error(`Unexpected server response: ${status}`);
    this.onerror?.({ message: error.message, error });
    this.onclose?.({ code: 1006, reason: "" });
  }

  /** Fails without a status, the way browsers report a refused upgrade. */
  fail(): void {
    this.readyState = 3;
    this.onerror?.({});
    this.onclose?.({ code: 1006, reason: "" });
  }
}

let counter = 0;

/** A server event; `sequence` null makes it transient. */
export function ev(
  type: string,
  payload: Record<string, unknown> = {},
  sequence: number | null = null,
  extra: Partial<ServerEvent> = {},
): ServerEvent {
  counter += 1;
  return {
    id: `evt-${counter}`,
    sequence,
    timestamp: new Date(1_700_000_000_000 + counter).toISOString(),
    type: type as ServerEvent["type"],
    payload,
    ...extra,
  };
}

/** An EVENT_BATCH event around `events`. */
export function batchOf(events: ServerEvent[]): ServerEvent {
  return ev("EVENT_TYPE_EVENT_BATCH", { events });
}

/** SESSION_START with the given capabilities (sequence 1). */
export function sessionStart(capabilities: Record<string, unknown> = {}): ServerEvent {
  return ev(
    "EVENT_TYPE_SESSION_START",
    {
      capabilities: {
        streaming: true,
        max_message_size_bytes: 131072,
        max_reconnect_attempts: 10,
        heartbeat_interval_seconds: 30,
        ...capabilities,
      },
    },
    1,
  );
}

/** An unsigned JWT-shaped token with the given claims (the SDK only reads `exp`). */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "HS256", typ: "JWT" })}.${part(claims)}.c2ln`;
}

/** One request the fake fetch received. */
export interface FetchCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A scripted answer: status, JSON body and headers. */
export interface FakeAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** A fetch for /api/v1/access-token and /api/v1/sessions; queue answers per path to script it. */
export class FakeHttp {
  readonly calls: FetchCall[] = [];
  readonly #scripted = new Map<string, FakeAnswer[]>();
  #tokens = 0;
  #sessions = 0;

  /** The next request to `path` gets `answer` (queued in order). */
  answer(path: string, answer: FakeAnswer): this {
    const queue = this.#scripted.get(path) ?? [];
    queue.push(answer);
    this.#scripted.set(path, queue);
    return this;
  }

  callsTo(path: string): FetchCall[] {
    return this.calls.filter((c) => new URL(c.url).pathname === path);
  }

  readonly fetch: FetchLike = async (url, init) => {
    const body = init.body === undefined ? undefined : (JSON.parse(init.body) as unknown);
    this.calls.push({ url, method: init.method, headers: init.headers, body });
    const path = new URL(url).pathname;
    const answer = this.#scripted.get(path)?.shift() ?? this.#default(path);
    return response(answer);
  };

  #default(path: string): FakeAnswer {
    if (path === "/api/v1/access-token") {
      this.#tokens += 1;
      const exp = Math.floor(Date.now() / 1000) + 86_400;
      return { status: 200, body: { access_token: fakeJwt({ sub: "u", n: this.#tokens, exp }) } };
    }
    if (path === "/api/v1/sessions") {
      this.#sessions += 1;
      return { status: 200, body: { session_id: `session-${this.#sessions}` } };
    }
    return { status: 404, body: { message: "not found", code: "not_found" } };
  }
}

function response(answer: FakeAnswer): FetchResponseLike {
  const headers = new Map(
    Object.entries(answer.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]),
  );
  return {
    status: answer.status,
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    text: async () => JSON.stringify(answer.body),
  };
}

/** An in-memory Storage. */
export class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
}
