// The client SDK against the real server over Node `ws` and global fetch: streaming chat,
// reconnects mid-stream, a server restart, duplicate delivery and handoff to a live agent.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { demoAgentDefinition } from "../../src/app/demo-agent.js";
import {
  type ClientOptions,
  type Conversation,
  type ConversationMessage,
  type ServerEvent,
  SwitchboardClient,
  type WebSocketLike,
} from "../../src/sdk/index.js";
import { addQueue, onlineDesk } from "../support/desk.js";
import { createConnector } from "../support/http.js";
import { MemoryStorage } from "../support/protocol-fake.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { TestClient, type WireEvent } from "../support/ws-client.js";

const GREETING = (demoAgentDefinition().greeting as { text: string }).text;
const ENV = { SWITCHBOARD_STREAM_WORDS_PER_CHUNK: "1", SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "25" };

/** A `ws` socket behind the SDK's socket interface, so a test can kill it or drop frames. */
class TappedSocket implements WebSocketLike {
  static instances: TappedSocket[] = [];
  /** Frames for which this returns true never reach the SDK. */
  static drop: (frame: WireEvent) => boolean = () => false;
  static dropped: WireEvent[] = [];
  readonly inner: WebSocket;
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: ((event: { message?: string; error?: unknown }) => void) | null = null;

  constructor(url: string) {
    TappedSocket.instances.push(this);
    this.inner = new WebSocket(url);
    this.inner.onopen = (e) => this.onopen?.(e);
    this.inner.onerror = (e) => this.onerror?.({ message: e.message, error: e.error });
    this.inner.onclose = (e) => this.onclose?.({ code: e.code, reason: e.reason });
    this.inner.onmessage = (e) => {
      const frame = JSON.parse(String(e.data)) as WireEvent;
      if (TappedSocket.drop(frame)) TappedSocket.dropped.push(frame);
      else this.onmessage?.({ data: String(e.data) });
    };
  }

  get readyState(): number {
    return this.inner.readyState;
  }
  send(data: string): void {
    this.inner.send(data);
  }
  close(code?: number, reason?: string): void {
    this.inner.close(code, reason);
  }
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  TappedSocket.instances = [];
  TappedSocket.drop = () => false;
  TappedSocket.dropped = [];
});

async function server(env: Record<string, string> = {}, dataDir?: string): Promise<TestServer> {
  const t = await startTestServer({ ...ENV, ...env }, dataDir);
  cleanups.push(() => t.close());
  return t;
}

function sdk(t: TestServer | (() => string), extra: Partial<ClientOptions> = {}) {
  const client = new SwitchboardClient({
    baseUrl: typeof t === "function" ? t : t.url,
    auth: { connectorToken: typeof t === "function" ? "" : t.connectorToken, host: "localhost" },
    WebSocket: TappedSocket,
    random: () => 0,
    ...extra,
  });
  const events: ServerEvent[] = [];
  client.on("event", (e) => events.push(e));
  cleanups.push(() => client.close());
  return { client, events };
}

/** Resolves with the first snapshot satisfying `test` (the current one included). */
function until(
  client: SwitchboardClient,
  test: (c: Conversation) => boolean,
  ms = 5000,
): Promise<Conversation> {
  if (test(client.conversation)) return Promise.resolve(client.conversation);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out; model: ${JSON.stringify(client.conversation).slice(0, 1500)}`));
    }, ms);
    const off = client.on("conversation", (c) => {
      if (!test(c)) return;
      clearTimeout(timer);
      off();
      resolve(c);
    });
  });
}

const agentMessages = (c: Conversation) => c.messages.filter((m) => m.from === "ai");
const lastAgent = (c: Conversation): ConversationMessage | undefined => agentMessages(c).at(-1);
const greeted = (c: Conversation) => lastAgent(c)?.complete === true;

/** Durable sequences must be 1..n with no gap and no repeat; ids never repeat. */
function expectGapFreeOnce(events: ServerEvent[]): void {
  const sequences = events.flatMap((e) => (e.sequence === null ? [] : [e.sequence]));
  expect(sequences).toEqual(sequences.map((_, i) => i + 1));
  const ids = events.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length);
}

describe("SDK against the real server", () => {
  it("renders a session laid out for the space join exactly, while it streams and once complete", async () => {
    const t = await server();
    const created = await createConnector(t, {
      host: "localhost",
      agent_id: "demo",
      chunk_join: "space",
    });
    const { client } = sdk(t, {
      WebSocket,
      auth: { connectorToken: created.token, host: "localhost" },
    });
    const texts: string[] = [];
    client.on("conversation", (c) => {
      const text = lastAgent(c)?.text;
      if (text !== undefined && text !== texts.at(-1)) texts.push(text);
    });
    expect((await client.start()).ok).toBe(true);
    const c = await until(client, greeted);
    expect(c.chunkLayout).toBe("space");
    expect(lastAgent(c)?.text).toBe(GREETING);
    // Every partial text is a prefix of the message: no word runs into the next.
    expect(texts.length).toBeGreaterThan(3);
    for (const text of texts) expect(GREETING.startsWith(text)).toBe(true);
  });

  it("chats with the demo agent with streaming, over plain `ws`", async () => {
    const t = await server();
    const { client, events } = sdk(t, { WebSocket });
    const started = await client.start();
    expect(started.ok).toBe(true);
    const c = await until(client, greeted);
    expect(lastAgent(c)).toMatchObject({ text: GREETING, agentName: "Ada", complete: true });
    expect(
      events.filter((e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK").length,
    ).toBeGreaterThan(3);
    expect(c.suggestions.map((s) => s.message_text)).toEqual([
      "Opening hours",
      "Talk to a human",
      "Bonjour",
    ]);

    const { clientEventId } = client.sendSuggestion(c.suggestions[0] as { message_text: string });
    const answered = await until(client, (x) => agentMessages(x).length === 2 && greeted(x));
    expect(answered.messages.find((m) => m.id === clientEventId)).toMatchObject({
      status: "sent",
      from: "user",
    });
    expect(lastAgent(answered)?.text).toMatch(/9 to 5/);
    expect(lastAgent(answered)?.attachments[0]).toMatchObject({ title: "Our office" });
    expect(client.state).toBe("open");
    expectGapFreeOnce(events);
  });

  it("reconnects mid-stream with no duplicates and no gaps, and the message completes", async () => {
    const t = await server();
    const { client, events } = sdk(t);
    const states: string[] = [];
    client.on("state", (s) => states.push(s.to));
    let killed = false;
    client.on("event", (e) => {
      if (
        !killed &&
        e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK" &&
        e.payload.chunk_index === 3
      ) {
        killed = true;
        TappedSocket.instances[0]?.inner.terminate();
      }
    });
    await client.start();
    const c = await until(client, greeted);
    expect(killed).toBe(true);
    expect(TappedSocket.instances).toHaveLength(2);
    expect(states).toEqual(["connecting", "open", "reconnecting", "open"]);
    expect(lastAgent(c)?.text).toBe(GREETING);
    expect(agentMessages(c)).toHaveLength(1);
    expectGapFreeOnce(events);
  });

  it("survives a server restart: same session, same history, and chat goes on", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "switchboard-sdk-"));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    let t = await server({}, dataDir);
    const connectorToken = t.connectorToken;
    let url = t.url;
    const storage = new MemoryStorage();
    const { client } = sdk(() => url, {
      auth: { connectorToken, host: "localhost" },
      storage,
      random: () => 1,
      reconnect: { baseDelayMs: 50, maxDelayMs: 200, maxAttempts: 30 },
    });
    await client.start();
    const sessionId = client.conversation.sessionId;
    await until(client, greeted);
    client.send("hello there");
    await until(client, (c) => agentMessages(c).length === 2 && greeted(c));

    await t.close();
    await until(client, (c) => c.connection === "reconnecting");
    t = await server({}, dataDir);
    url = t.url;
    await until(client, (c) => c.connection === "open", 8000);
    client.send("opening hours");
    const after = await until(client, (c) => agentMessages(c).length === 3 && greeted(c), 8000);
    expect(after.sessionId).toBe(sessionId);
    expect(after.messages.filter((m) => m.from === "user").map((m) => [m.text, m.status])).toEqual([
      ["hello there", "sent"],
      ["opening hours", "sent"],
    ]);

    // A new client on the same storage resumes the same session with the whole history.
    client.close();
    const again = sdk(t, { storage });
    const resumed = await again.client.start();
    expect(resumed).toEqual({ ok: true, sessionId });
    const history = await until(again.client, (c) => agentMessages(c).length === 3 && greeted(c));
    expect(history.messages.map((m) => m.text)).toEqual(after.messages.map((m) => m.text));
    expect(TappedSocket.instances.at(-1)?.inner.url).not.toContain("cursor=");
  });

  it("a retried send whose echo was lost is answered with the original echo; the model holds it once", async () => {
    const t = await server();
    const { client } = sdk(t, { deliveryTimeoutMs: 400, gapTimeoutMs: 15_000 });
    await client.start();
    await until(client, greeted);
    TappedSocket.drop = (f) => f.type === "EVENT_TYPE_USER_MESSAGE";
    const { clientEventId } = client.send("opening hours");
    await until(client, (c) => c.messages.find((m) => m.id === clientEventId)?.status === "failed");
    expect(TappedSocket.dropped).toHaveLength(1);
    const lost = TappedSocket.dropped[0] as WireEvent;
    TappedSocket.drop = () => false;
    const echoes: ServerEvent[] = [];
    client.on("event", (e) => {
      if (e.type === "EVENT_TYPE_USER_MESSAGE") echoes.push(e);
    });
    expect(client.retry(clientEventId)).toBe(true);
    const c = await until(client, (x) => agentMessages(x).length === 2 && greeted(x));
    expect(echoes).toHaveLength(1);
    expect(echoes[0]).toMatchObject({ id: lost.id, sequence: lost.sequence });
    expect(c.messages.filter((m) => m.from === "user")).toEqual([
      expect.objectContaining({ id: clientEventId, status: "sent", sequence: lost.sequence }),
    ]);

    // The server stored it once, too.
    const session = JSON.parse(JSON.stringify(client.conversation)) as Conversation;
    const viewer = await TestClient.open(t.wsUrl, {
      session_id: session.sessionId ?? "",
      access_token:
        new URL(TappedSocket.instances[0]?.inner.url ?? "").searchParams.get("access_token") ?? "",
    });
    cleanups.push(() => viewer.close());
    await viewer.waitFor(
      (e) =>
        e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK" && e.sequence === lastAgent(c)?.sequence,
    );
    expect(viewer.ofType("EVENT_TYPE_USER_MESSAGE")).toHaveLength(1);
  });

  it("hands off to a live agent: requested → queued → connected, and live messages show", async () => {
    const t = await server({ SWITCHBOARD_DESK_GRACE_SECONDS: "1" });
    await addQueue(t, "support");
    const sarah = await onlineDesk(t, { name: "Sarah" });
    cleanups.push(() => sarah.socket.close());
    const { client } = sdk(t);
    const states: string[] = [];
    client.on("conversation", (c) => {
      if (states.at(-1) !== c.handoff.state) states.push(c.handoff.state);
    });
    await client.start();
    await until(client, greeted);
    client.send("I want to talk to a human");
    const queued = await until(client, (c) => c.handoff.position !== undefined);
    expect(queued.handoff).toMatchObject({
      state: "queued",
      queueName: "support",
      position: 1,
      displayMessage: "You are next in line.",
    });
    expect(queued.agent.kind).toBe("none");
    const sessionId = queued.sessionId ?? "";
    expect((await sarah.api.accept(sessionId)).status).toBe(200);
    const connected = await until(client, (c) => c.handoff.state === "connected");
    expect(connected.agent).toMatchObject({ kind: "live", name: "Sarah" });
    expect((await sarah.api.message(sessionId, { text: "Hi, Sarah here." })).status).toBe(201);
    const live = await until(client, (c) => c.messages.some((m) => m.from === "live"));
    expect(live.messages.find((m) => m.from === "live")).toMatchObject({
      text: "Hi, Sarah here.",
      agentName: "Sarah",
      complete: true,
    });
    expect(states).toEqual(["none", "requested", "queued", "connected"]);
  });

  it("hands off with nobody online: failed, and the AI is back", async () => {
    const t = await server();
    await addQueue(t, "support");
    const { client } = sdk(t);
    const errors: string[] = [];
    client.on("error", (e) => errors.push(e.message));
    await client.start();
    await until(client, greeted);
    client.send("I want to talk to a human");
    const failed = await until(
      client,
      (c) => c.handoff.state === "failed" && c.agent.kind === "ai",
    );
    expect(failed.handoff).toMatchObject({ state: "failed", reason: "NO_AGENTS_AVAILABLE" });
    expect(failed.agent).toMatchObject({ kind: "ai", name: "Ada" });
    await until(client, (c) => c.messages.at(-1)?.from === "ai" && greeted(c));
    expect(errors).toContain("Sorry, we could not connect you to an agent. Please try again.");
  });
});
