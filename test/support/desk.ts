// Helpers for the desk tests: queues and desk users in the store, a REST client and a recording /desk/ws socket.
import WebSocket from "ws";
import { demoAgentDefinition } from "../../src/app/demo-agent.js";
import { generateSecretToken, hashToken } from "../../src/auth/index.js";
import type { OpeningHours } from "../../src/core/index.js";
import { askForHuman, joinedClient } from "./conversation.js";
import { type HttpResult, readResult } from "./http.js";
import type { TestServer } from "./server.js";
import { HandshakeError, type TestClient, type WireEvent } from "./ws-client.js";

export interface QueueOptions {
  maxWaitSeconds?: number;
  statusIntervalSeconds?: number;
  openingHours?: OpeningHours | null;
}

/** Creates (or replaces) a queue through the store. */
export async function addQueue(
  t: TestServer,
  name: string,
  opts: QueueOptions = {},
): Promise<void> {
  const now = Date.now();
  await t.server.store.putQueue({
    name,
    maxWaitSeconds: opts.maxWaitSeconds ?? 600,
    statusIntervalSeconds: opts.statusIntervalSeconds ?? 30,
    openingHours: opts.openingHours ?? null,
    createdAt: now,
    updatedAt: now,
  });
}

/** A desk user created for a test, with their one-time token. */
export interface TestDeskUser {
  id: string;
  name: string;
  avatarUrl: string | null;
  queues: string[];
  maxConcurrent: number;
  token: string;
}

let userCount = 0;

/** Creates a desk user through the store; returns it with its token. */
export async function addDeskUser(
  t: TestServer,
  opts: {
    name?: string;
    queues?: string[];
    maxConcurrent?: number;
    avatarUrl?: string | null;
  } = {},
): Promise<TestDeskUser> {
  userCount += 1;
  const token = generateSecretToken("sbd_");
  const now = Date.now();
  const user = {
    id: `desk-${userCount}-${Math.random().toString(36).slice(2, 8)}`,
    name: opts.name ?? `Agent ${userCount}`,
    avatarUrl:
      opts.avatarUrl === undefined ? `https://example.com/a${userCount}.png` : opts.avatarUrl,
    queues: opts.queues ?? ["support"],
    maxConcurrent: opts.maxConcurrent ?? 3,
  };
  await t.server.store.createDeskUser({
    ...user,
    tokenHash: hashToken(token),
    createdAt: now,
    updatedAt: now,
  });
  return { ...user, token };
}

/** A desk user with a REST client and an open `/desk/ws` socket (so they count as online). */
export interface OnlineDesk {
  user: TestDeskUser;
  api: DeskClient;
  socket: DeskSocket;
}

/** Creates a desk user and opens their desk socket. */
export async function onlineDesk(
  t: TestServer,
  opts: Parameters<typeof addDeskUser>[1] = {},
): Promise<OnlineDesk> {
  const user = await addDeskUser(t, opts);
  const socket = await DeskSocket.open(t, user.token);
  return { user, api: new DeskClient(t.url, user.token), socket };
}

/**
 * A connector for host localhost on a copy of the demo agent; `handoff` is its handoff target,
 * `definition` is merged over the demo definition. Returns the connector token.
 */
export async function addConnector(
  t: TestServer,
  opts: { queue?: string; definition?: Record<string, unknown> } = {},
): Promise<string> {
  userCount += 1;
  const id = `c${userCount}-${Math.random().toString(36).slice(2, 8)}`;
  const token = generateSecretToken("sbc_");
  const now = Date.now();
  const definition = { ...demoAgentDefinition(), ...opts.definition };
  await t.server.store.createAgent({
    id,
    name: "Ada",
    definition,
    keyHash: null,
    createdAt: now,
    updatedAt: now,
  });
  await t.server.store.createConnector({
    id,
    name: id,
    host: "localhost",
    agentId: id,
    handoff: opts.queue === undefined ? { mode: "server" } : { mode: "server", queue: opts.queue },
    chunkJoin: "auto",
    tokenHash: hashToken(token),
    createdAt: now,
    updatedAt: now,
  });
  return token;
}

/** The desk REST API with one desk user's token. */
export class DeskClient {
  constructor(
    readonly url: string,
    readonly token: string | undefined,
  ) {}

  /** Any request; `body` is sent as JSON unless it is a string (sent as is). */
  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<HttpResult> {
    const init: RequestInit = { method, headers: { ...this.#auth(), ...headers } };
    if (body !== undefined) {
      init.body = typeof body === "string" ? body : JSON.stringify(body);
      init.headers = { "Content-Type": "application/json", ...init.headers };
    }
    return readResult(await fetch(`${this.url}/desk/v1${path}`, init));
  }

  me = () => this.request("GET", "/me");
  queues = () => this.request("GET", "/queues");
  queue = () => this.request("GET", "/queue");
  sessions = () => this.request("GET", "/sessions");
  accept = (id: string) => this.request("POST", `/handoffs/${id}/accept`);
  events = (id: string) => this.request("GET", `/sessions/${id}/events`);
  message = (id: string, body: unknown) => this.request("POST", `/sessions/${id}/messages`, body);
  typing = (id: string, state: string) => this.request("POST", `/sessions/${id}/typing`, { state });
  leave = (id: string, endSession: boolean) =>
    this.request("POST", `/sessions/${id}/leave`, { end_session: endSession });
  transfer = (id: string, queue: string) =>
    this.request("POST", `/sessions/${id}/transfer`, { queue });

  #auth(): Record<string, string> {
    return this.token === undefined ? {} : { Authorization: `Bearer ${this.token}` };
  }
}

/** One `/desk/ws` frame. */
export type DeskFrame = { seq: number | null; type: string } & Record<string, unknown>;

/** A `/desk/ws` connection that records every frame and waits for the ones a test expects. */
export class DeskSocket {
  readonly frames: DeskFrame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters: Array<() => void> = [];
  #epoch = "";

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as DeskFrame;
      if (frame.type === "hello") this.#epoch = String(frame.cursor).split(":")[0] ?? "";
      this.frames.push(frame);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      ws.on("close", (code, reason) => {
        resolve({ code, reason: reason.toString() });
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
  }

  /** Opens `/desk/ws` and resolves once the `hello` frame arrived. */
  static async open(t: TestServer, token: string, cursor?: string): Promise<DeskSocket> {
    const query = new URLSearchParams({ token });
    if (cursor !== undefined) query.set("cursor", cursor);
    const ws = new WebSocket(`${t.wsUrl}/desk/ws?${query}`);
    const socket = new DeskSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once("open", () => resolve());
      ws.once("unexpected-response", (_req, res) => {
        let body = "";
        res.on("data", (c: Buffer) => (body += c.toString()));
        res.on("end", () => reject(new HandshakeError(res.statusCode ?? 0, body, res.headers)));
      });
      ws.once("error", reject);
    });
    await socket.waitFor("hello");
    return socket;
  }

  /** `<epoch>:<highest seq seen>`, what a client reconnects with. */
  get cursor(): string {
    const seqs = this.frames.map((f) => f.seq ?? 0);
    const hello = this.frames.find((f) => f.type === "hello");
    const helloSeq = Number(String(hello?.cursor ?? "x:0").split(":")[1]);
    return `${this.#epoch}:${Math.max(helloSeq, ...seqs)}`;
  }

  /** The first frame (from index `from`) matching, or a rejection after `ms`. */
  async waitFor(
    match: string | ((f: DeskFrame) => boolean),
    ms = 5000,
    from = 0,
  ): Promise<DeskFrame> {
    const test = typeof match === "string" ? (f: DeskFrame) => f.type === match : match;
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.frames.slice(from).find(test);
      if (found) return found;
      if (Date.now() > deadline || this.ws.readyState === WebSocket.CLOSED) {
        throw new Error(
          `desk socket: timed out waiting for ${String(match)}; got ${this.frames.map((f) => f.type).join(", ")}`,
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

  /** The `session.event` frame carrying a wire event of `type` for `sessionId`. */
  waitForEvent(sessionId: string, type: string, ms = 5000, from = 0): Promise<DeskFrame> {
    return this.waitFor(
      (f) =>
        f.type === "session.event" &&
        f.session_id === sessionId &&
        (f.event as WireEvent).type === type,
      ms,
      from,
    );
  }

  /** The next `queue` frame whose entries satisfy `test`. */
  waitForQueue(
    test: (entries: QueueEntryJson[]) => boolean,
    ms = 5000,
    from = 0,
  ): Promise<DeskFrame> {
    return this.waitFor((f) => f.type === "queue" && test(f.entries as QueueEntryJson[]), ms, from);
  }

  ofType(type: string): DeskFrame[] {
    return this.frames.filter((f) => f.type === type);
  }

  send(text: string): void {
    this.ws.send(text);
  }

  close(): void {
    this.ws.close();
  }
}

/** One entry of `GET /desk/v1/queue` and of `queue` frames. */
export interface QueueEntryJson {
  session_id: string;
  queue: string;
  position: number;
  enqueued_at: string;
  waiting_seconds: number;
  preview: string | null;
  visitor: { online: boolean; since: string | null };
}

/** A client that joined the demo agent and asked for a human; resolves once HANDOFF_ACCEPTED arrived. */
export async function queuedClient(
  t: TestServer,
  opts: { connectorToken?: string; ask?: string } = {},
): Promise<{ client: TestClient; sessionId: string; token: string }> {
  const joined = await joinedClient(
    t,
    opts.connectorToken ? { connectorToken: opts.connectorToken } : {},
  );
  await askForHuman(joined.client, "EVENT_TYPE_HANDOFF_ACCEPTED", opts.ask);
  return { client: joined.client, sessionId: joined.sessionId, token: joined.token };
}

/** Durable event types a client has seen from index `from`, in order. */
export function typesFrom(client: TestClient, from = 0): string[] {
  return client.events.slice(from).map((e) => e.type);
}

/** The refusal of a desk socket handshake that is expected to fail. */
export async function deskRefused(opening: Promise<DeskSocket>): Promise<HandshakeError> {
  try {
    (await opening).close();
  } catch (error) {
    if (error instanceof HandshakeError) return error;
    throw error;
  }
  throw new Error("the desk socket handshake was accepted");
}

/** Resolves after `ms` (only for waiting out a window in which nothing may happen). */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
