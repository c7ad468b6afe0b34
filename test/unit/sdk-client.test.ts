// SwitchboardClient against the scripted protocol fake with fake timers: session bootstrap, the
// socket loop, delivery tracking, typing, handoff and the ways a session ends or is replaced.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type ClientOptions,
  type SdkError,
  type ServerEvent,
  type StateChange,
  SwitchboardClient,
} from "../../src/sdk/index.js";
import {
  ev,
  FakeHttp,
  FakeSocket,
  fakeJwt,
  MemoryStorage,
  sessionStart,
} from "../support/protocol-fake.js";

let http: FakeHttp;
let storage: MemoryStorage;
let ids: number;

beforeEach(() => {
  vi.useFakeTimers({ now: new Date("2030-01-01T00:00:00Z") });
  FakeSocket.reset();
  http = new FakeHttp();
  storage = new MemoryStorage();
  ids = 0;
});
afterEach(() => vi.useRealTimers());

function makeClient(extra: Partial<ClientOptions> = {}) {
  const client = new SwitchboardClient({
    baseUrl: "http://chat.test",
    auth: { connectorToken: "connector-secret", host: "localhost" },
    WebSocket: FakeSocket,
    fetch: http.fetch,
    storage,
    random: () => 0.5,
    generateId: () => `cid-${++ids}`,
    ...extra,
  });
  const states: StateChange[] = [];
  const errors: SdkError[] = [];
  const events: ServerEvent[] = [];
  client.on("state", (s) => states.push(s));
  client.on("error", (e) => errors.push(e));
  client.on("event", (e) => events.push(e));
  return { client, states, errors, events };
}

const flush = () => vi.advanceTimersByTimeAsync(0);
const joined = () => ev("EVENT_TYPE_POLY_AGENT_JOINED", { agent_name: "Ada" }, 2);

/** Starts a new session and plays SESSION_START + JOINED; resolves with the open socket. */
async function started(extra: Partial<ClientOptions> = {}) {
  const made = makeClient(extra);
  const starting = made.client.start();
  await flush();
  const ws = FakeSocket.last.open();
  ws.batch([sessionStart()]);
  ws.push(joined());
  expect(await starting).toEqual({ ok: true, sessionId: "session-1" });
  return { ...made, ws };
}

function storedToken(expSecondsFromNow = 3600): string {
  return fakeJwt({ sub: "u", exp: Math.floor(Date.now() / 1000) + expSecondsFromNow });
}

describe("session bootstrap", () => {
  it("mints a token, creates a session, connects and joins once after the first batch", async () => {
    const { client, states } = makeClient({ deviceType: "mobile" });
    const starting = client.start();
    await flush();
    const [mint, create] = http.calls;
    expect(mint?.url).toBe("http://chat.test/api/v1/access-token");
    expect(mint?.headers).toMatchObject({ "X-Token": "connector-secret", "X-Host": "localhost" });
    expect(mint?.headers.Authorization).toBeUndefined();
    expect(create?.url).toBe("http://chat.test/api/v1/sessions");
    expect(create?.headers.Authorization).toMatch(/^Bearer ey/);
    expect(create?.body).toEqual({
      streaming_enabled: true,
      platform: "web",
      device_type: "mobile",
      visitor_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    const ws = FakeSocket.last;
    expect(ws.url.startsWith("ws://chat.test/ws?")).toBe(true);
    expect(ws.query.get("session_id")).toBe("session-1");
    expect(ws.query.get("access_token")).toBe(create?.headers.Authorization?.slice(7));
    expect(ws.query.has("cursor")).toBe(false);
    ws.open();
    expect(ws.sent).toEqual([]);
    ws.batch([sessionStart()]);
    expect(ws.sentOfType("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN")).toHaveLength(1);
    expect(await starting).toEqual({ ok: true, sessionId: "session-1" });
    expect(states.map((s) => s.to)).toEqual(["connecting", "open"]);
    expect(JSON.parse(storage.getItem("switchboard:session") ?? "{}")).toMatchObject({
      sessionId: "session-1",
      cursor: 1,
    });
    expect(client.conversation).toMatchObject({ sessionId: "session-1", connection: "open" });
  });

  it("resumes the stored session without HTTP calls and does not join when the agent already joined", async () => {
    const token = storedToken();
    storage.setItem("switchboard:session", JSON.stringify({ sessionId: "old", token, cursor: 7 }));
    const { client } = makeClient();
    const starting = client.start();
    await flush();
    expect(http.calls).toEqual([]);
    const ws = FakeSocket.last;
    expect(ws.query.get("session_id")).toBe("old");
    expect(ws.query.get("access_token")).toBe(token);
    // A fresh client replays the whole history to rebuild the model.
    expect(ws.query.has("cursor")).toBe(false);
    ws.open().batch([
      sessionStart(),
      joined(),
      ev("EVENT_TYPE_USER_MESSAGE", { text: "hi", message_id: "m" }, 3),
    ]);
    expect(await starting).toEqual({ ok: true, sessionId: "old" });
    expect(ws.sent).toEqual([]);
    expect(client.conversation.messages.map((m) => m.text)).toEqual(["hi"]);
  });

  it("refreshes a stored token that has expired, asking for the same subject", async () => {
    const old = storedToken(-60);
    storage.setItem(
      "switchboard:session",
      JSON.stringify({ sessionId: "old", token: old, cursor: 0 }),
    );
    const { client } = makeClient();
    void client.start();
    await flush();
    expect(http.calls).toHaveLength(1);
    expect(http.calls[0]?.headers.Authorization).toBe(`Bearer ${old}`);
    expect(FakeSocket.last.query.get("access_token")).not.toBe(old);
  });

  it("passes the previous token to a token provider", async () => {
    const old = storedToken(-60);
    storage.setItem(
      "switchboard:session",
      JSON.stringify({ sessionId: "old", token: old, cursor: 0 }),
    );
    const provider = vi.fn(async (_previous?: string) => storedToken());
    const { client } = makeClient({ auth: { tokenProvider: provider } });
    void client.start();
    await flush();
    expect(provider).toHaveBeenCalledWith(old);
  });

  it("returns an HTTP failure as a value and goes to failed", async () => {
    http.answer("/api/v1/access-token", {
      status: 401,
      body: { message: "Connector token does not exist", code: "connector_token_unknown" },
    });
    const { client, errors, states } = makeClient();
    const result = await client.start();
    expect(result).toEqual({
      ok: false,
      error: {
        status: 401,
        code: "connector_token_unknown",
        message: "Connector token does not exist",
      },
    });
    expect(states.at(-1)).toMatchObject({ from: "connecting", to: "failed" });
    expect(errors[0]?.message).toBe("Connector token does not exist");
  });

  it("waits out a 429 with Retry-After and tries again", async () => {
    http.answer("/api/v1/sessions", {
      status: 429,
      body: { message: "slow", code: "rate_limited" },
      headers: { "Retry-After": "3" },
    });
    const { client } = makeClient();
    void client.start();
    await flush();
    expect(http.callsTo("/api/v1/sessions")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2999);
    expect(http.callsTo("/api/v1/sessions")).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(http.callsTo("/api/v1/sessions")).toHaveLength(2);
    expect(FakeSocket.instances).toHaveLength(1);
  });
});

describe("socket loop", () => {
  it("sends heartbeats at the interval SESSION_START gives", async () => {
    const { client } = makeClient({ liveness: { echoTimeoutMs: 60_000 } });
    void client.start();
    await flush();
    const ws = FakeSocket.last.open();
    ws.batch([sessionStart({ heartbeat_interval_seconds: 5 })]);
    const beats = () => ws.sentOfType("EVENT_TYPE_HEARTBEAT").length;
    await vi.advanceTimersByTimeAsync(4999);
    expect(beats()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(beats()).toBe(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(beats()).toBe(3);
  });

  it("reconnects with backoff and the cursor, and delivers every event once, in order", async () => {
    const { client, ws, events, states } = await started();
    ws.push(ev("EVENT_TYPE_USER_MESSAGE", { text: "a", message_id: "u1" }, 3));
    ws.serverClose(1006);
    expect(client.state).toBe("reconnecting");
    expect(states.at(-1)).toEqual({ from: "open", to: "reconnecting", reason: "closed 1006" });
    await vi.advanceTimersByTimeAsync(499); // random 0.5 * 1000
    expect(FakeSocket.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    const again = FakeSocket.last;
    expect(again.query.get("cursor")).toBe("3");
    const first = events.slice();
    again
      .open()
      .batch([
        first[0] as ServerEvent,
        first[1] as ServerEvent,
        ev("EVENT_TYPE_POLY_AGENT_MESSAGE", { message_id: "a2", text: "b" }, 5),
        ev("EVENT_TYPE_POLY_AGENT_MESSAGE", { message_id: "a1", text: "a" }, 4),
      ]);
    again.push(first[2] as ServerEvent);
    expect(again.sentOfType("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN")).toEqual([]);
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4, 5]);
    expect(client.conversation.messages.map((m) => m.text)).toEqual(["a", "a", "b"]);
  });

  it("grows the backoff per failed attempt, resets it after a sync, and fails after maxAttempts", async () => {
    const { client, ws, errors } = await started({
      reconnect: { maxAttempts: 3 },
      random: () => 1,
    });
    ws.serverClose(1011);
    const waits: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const before = FakeSocket.instances.length;
      let waited = 0;
      while (FakeSocket.instances.length === before) {
        await vi.advanceTimersByTimeAsync(250);
        waited += 250;
      }
      waits.push(waited);
      FakeSocket.last.fail();
    }
    expect(waits).toEqual([1000, 2000, 4000]);
    expect(client.state).toBe("failed");
    expect(errors.at(-1)?.code).toBe("reconnect_failed");
  });

  it("takes max_reconnect_attempts from SESSION_START when the options do not say", async () => {
    const { client } = makeClient({ random: () => 0 });
    void client.start();
    await flush();
    FakeSocket.last.open().batch([sessionStart({ max_reconnect_attempts: 1 })]);
    FakeSocket.last.serverClose(1001);
    await flush();
    FakeSocket.last.fail();
    await flush();
    expect(client.state).toBe("failed");
  });

  it("holds an event after a gap, then reconnects from the cursor when the gap does not fill", async () => {
    const { client, ws, events } = await started({ gapTimeoutMs: 1000 });
    ws.push(ev("EVENT_TYPE_POLY_AGENT_MESSAGE", { message_id: "x", text: "late" }, 4));
    expect(events.map((e) => e.sequence)).toEqual([1, 2]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(ws.closedBy).toMatchObject({ reason: "resync" });
    expect(client.state).toBe("reconnecting");
    await vi.advanceTimersByTimeAsync(1); // no backoff for a resync
    expect(FakeSocket.last).not.toBe(ws);
    expect(FakeSocket.last.query.get("cursor")).toBe("2");
  });

  it("makes a new session on a 404 upgrade and joins it", async () => {
    const { client, ws, errors } = await started();
    ws.serverClose(1001);
    await vi.advanceTimersByTimeAsync(500);
    FakeSocket.last.refuse(404);
    await flush();
    expect(errors.at(-1)).toMatchObject({ code: "session_lost", message: "session_not_found" });
    expect(http.callsTo("/api/v1/sessions")).toHaveLength(2);
    const fresh = FakeSocket.last.open();
    expect(fresh.query.get("session_id")).toBe("session-2");
    fresh.batch([sessionStart()]);
    expect(fresh.sentOfType("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN")).toHaveLength(1);
    expect(client.conversation.sessionId).toBe("session-2");
    expect(JSON.parse(storage.getItem("switchboard:session") ?? "{}").sessionId).toBe("session-2");
  });

  it("refreshes the token on a 401 upgrade and keeps the session", async () => {
    const { client, ws } = await started();
    const oldToken = ws.query.get("access_token");
    ws.serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    FakeSocket.last.refuse(401);
    await flush();
    const refresh = http.callsTo("/api/v1/access-token").at(-1);
    expect(refresh?.headers.Authorization).toBe(`Bearer ${oldToken}`);
    const next = FakeSocket.last;
    expect(next.query.get("session_id")).toBe("session-1");
    expect(next.query.get("access_token")).not.toBe(oldToken);
    next.open().batch([sessionStart(), joined()]);
    expect(client.state).toBe("open");
    expect(JSON.parse(storage.getItem("switchboard:session") ?? "{}").token).toBe(
      next.query.get("access_token"),
    );
  });

  it("makes a new session when the upgrade still answers 401 after a refresh", async () => {
    const { ws } = await started();
    ws.serverClose(1006);
    await vi.advanceTimersByTimeAsync(500);
    FakeSocket.last.refuse(401);
    await flush();
    FakeSocket.last.refuse(401);
    await flush();
    expect(http.callsTo("/api/v1/sessions")).toHaveLength(2);
    expect(FakeSocket.last.query.get("session_id")).toBe("session-2");
  });

  it("makes a new session on close 4001", async () => {
    const { ws } = await started();
    ws.serverClose(4001);
    await flush();
    expect(FakeSocket.last.query.get("session_id")).toBe("session-2");
  });

  it("re-sends the join once at once on a 'conversation not found' error", async () => {
    const { ws, errors } = await started();
    ws.push(
      ev("EVENT_TYPE_SYSTEM_MESSAGE", {
        level: "SYSTEM_MESSAGE_LEVEL_ERROR",
        message: "Error: Conversation not found",
      }),
    );
    expect(ws.sentOfType("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN")).toHaveLength(2);
    expect(errors.at(-1)).toEqual({
      code: "system_message",
      message: "Error: Conversation not found",
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    });
    ws.push(
      ev("EVENT_TYPE_SYSTEM_MESSAGE", {
        level: "SYSTEM_MESSAGE_LEVEL_WARNING",
        message: "conversation not found",
      }),
    );
    expect(ws.sentOfType("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN")).toHaveLength(2);
  });

  it("ends after SESSION_END and the 1000 close, without reconnecting", async () => {
    const { client, ws } = await started();
    expect(client.end()).toBe(true);
    expect(ws.sentOfType("EVENT_TYPE_USER_END_SESSION")).toHaveLength(1);
    ws.push(ev("EVENT_TYPE_USER_END_SESSION", {}, 3));
    ws.push(ev("EVENT_TYPE_SESSION_END", { reason: "REASON_USER_END" }, 4));
    expect(client.state).toBe("open");
    ws.serverClose(1000);
    expect(client.state).toBe("ended");
    expect(client.conversation).toMatchObject({
      ended: { reason: "REASON_USER_END" },
      connection: "ended",
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(client.send("more").error?.code).toBe("session_ended");
  });

  it("starts a fresh session after the end", async () => {
    const { client, ws } = await started();
    ws.push(ev("EVENT_TYPE_SESSION_END", { reason: "REASON_NATURAL_END" }, 3));
    ws.serverClose(1000);
    const again = client.startNewSession();
    await flush();
    FakeSocket.last.open().batch([sessionStart()]);
    expect(await again).toEqual({ ok: true, sessionId: "session-2" });
    expect(client.conversation).toMatchObject({
      sessionId: "session-2",
      ended: null,
      messages: [],
    });
  });

  it("close() keeps the session; start() resumes it", async () => {
    const { client, ws } = await started();
    client.close();
    expect(client.state).toBe("closed");
    expect(ws.closedBy).not.toBeNull();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(FakeSocket.instances).toHaveLength(1);
    void client.start();
    await flush();
    expect(FakeSocket.last.query.get("session_id")).toBe("session-1");
    expect(http.callsTo("/api/v1/sessions")).toHaveLength(1);
  });
});

describe("delivery tracking", () => {
  it("goes sending → sent on the echo, matched by client_event_id", async () => {
    const { client, ws } = await started();
    const { clientEventId } = client.send("hello", { payload: { intent: "x" } });
    expect(clientEventId).toBe("cid-1");
    expect(client.conversation.messages.at(-1)).toMatchObject({
      id: "cid-1",
      status: "sending",
      text: "hello",
    });
    expect(ws.sentOfType("EVENT_TYPE_USER_MESSAGE")).toEqual([
      {
        type: "EVENT_TYPE_USER_MESSAGE",
        payload: { text: "hello" },
        metadata: { custom: { client_event_id: "cid-1", payload: { intent: "x" } } },
      },
    ]);
    ws.push(
      ev("EVENT_TYPE_USER_MESSAGE", { text: "hello", message_id: "srv" }, 3, {
        metadata: { custom: { client_event_id: "cid-1" } },
      }),
    );
    expect(client.conversation.messages.at(-1)).toMatchObject({
      id: "cid-1",
      status: "sent",
      sequence: 3,
    });
    await vi.advanceTimersByTimeAsync(20_000);
    expect(client.conversation.messages.at(-1)?.status).toBe("sent");
  });

  it("fails without an echo within 10 s, and retry() re-sends with the same id", async () => {
    const { client, ws } = await started({ liveness: { echoTimeoutMs: 60_000 } });
    const { clientEventId } = client.send("hello");
    await vi.advanceTimersByTimeAsync(9_999);
    expect(client.conversation.messages.at(-1)?.status).toBe("sending");
    await vi.advanceTimersByTimeAsync(1);
    expect(client.conversation.messages.at(-1)?.status).toBe("failed");
    expect(client.retry(clientEventId)).toBe(true);
    expect(client.conversation.messages.at(-1)?.status).toBe("sending");
    const sends = ws.sentOfType("EVENT_TYPE_USER_MESSAGE");
    expect(sends.map((f) => f.metadata?.custom.client_event_id)).toEqual([
      clientEventId,
      clientEventId,
    ]);
    expect(client.retry("unknown")).toBe(false);
  });

  it("stays sending when the socket is lost and re-sends with the same id, failing after 3 losses", async () => {
    const { client, ws } = await started();
    const { clientEventId } = client.send("hello");
    const sendsOf = (s: FakeSocket) =>
      s.sentOfType("EVENT_TYPE_USER_MESSAGE").map((f) => f.metadata?.custom.client_event_id);
    expect(sendsOf(ws)).toEqual([clientEventId]);
    let socket = ws;
    for (let round = 1; round <= 4; round += 1) {
      socket.serverClose(1006);
      expect(client.conversation.messages.at(-1)?.status).toBe(round <= 3 ? "sending" : "failed");
      await vi.advanceTimersByTimeAsync(1000);
      socket = FakeSocket.last.open();
      socket.batch([sessionStart(), joined()]);
      expect(sendsOf(socket)).toEqual(round <= 3 ? [clientEventId] : []);
    }
    expect(client.conversation.messages.at(-1)?.status).toBe("failed");
    client.retry(clientEventId);
    socket.push(
      ev("EVENT_TYPE_USER_MESSAGE", { text: "hello", message_id: "s" }, 3, {
        metadata: { custom: { client_event_id: clientEventId } },
      }),
    );
    expect(client.conversation.messages.filter((m) => m.from === "user")).toEqual([
      expect.objectContaining({ id: clientEventId, status: "sent" }),
    ]);
  });

  it("does not re-send a message whose echo came in the replay", async () => {
    const { client, ws } = await started();
    const { clientEventId } = client.send("hello");
    ws.serverClose(1006);
    await vi.advanceTimersByTimeAsync(1000);
    const next = FakeSocket.last.open();
    next.batch([
      sessionStart(),
      joined(),
      ev("EVENT_TYPE_USER_MESSAGE", { text: "hello", message_id: "s" }, 3, {
        metadata: { custom: { client_event_id: clientEventId } },
      }),
    ]);
    expect(next.sentOfType("EVENT_TYPE_USER_MESSAGE")).toEqual([]);
    expect(client.conversation.messages.at(-1)?.status).toBe("sent");
  });

  it("refuses empty text as a value", async () => {
    const { client, errors } = await started();
    expect(client.send("  ").error?.code).toBe("invalid_message");
    expect(errors.at(-1)?.code).toBe("invalid_message");
    expect(client.conversation.messages).toEqual([]);
  });
});

describe("typing, thinking and suggestions", () => {
  it("sends STARTED once per burst and STOPPED after typingIdleMs", async () => {
    const { client, ws } = await started({ typingIdleMs: 1500 });
    const typing = () => ws.sentOfType("EVENT_TYPE_USER_TYPING").map((f) => f.payload.state);
    client.typing();
    await vi.advanceTimersByTimeAsync(1000);
    client.typing();
    client.typing();
    expect(typing()).toEqual(["TYPING_STATE_STARTED"]);
    await vi.advanceTimersByTimeAsync(1499);
    expect(typing()).toEqual(["TYPING_STATE_STARTED"]);
    await vi.advanceTimersByTimeAsync(1);
    expect(typing()).toEqual(["TYPING_STATE_STARTED", "TYPING_STATE_STOPPED"]);
    client.typing();
    client.send("hi");
    expect(ws.sent.slice(-3).map((f) => [f.type, f.payload.state])).toEqual([
      ["EVENT_TYPE_USER_TYPING", "TYPING_STATE_STARTED"],
      ["EVENT_TYPE_USER_TYPING", "TYPING_STATE_STOPPED"],
      ["EVENT_TYPE_USER_MESSAGE", undefined],
    ]);
  });

  it("hides the thinking indicator 10 s after the last THINKING", async () => {
    const { client, ws } = await started();
    ws.push(ev("EVENT_TYPE_POLY_AGENT_THINKING"));
    await vi.advanceTimersByTimeAsync(8000);
    ws.push(ev("EVENT_TYPE_POLY_AGENT_THINKING"));
    await vi.advanceTimersByTimeAsync(9999);
    expect(client.conversation.thinking).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(client.conversation.thinking).toBe(false);
  });

  it("sends a suggestion's text and payload", async () => {
    const { client, ws } = await started();
    client.sendSuggestion({ message_text: "Opening hours", payload: { id: 3 } });
    expect(ws.sentOfType("EVENT_TYPE_USER_MESSAGE")[0]).toMatchObject({
      payload: { text: "Opening hours" },
      metadata: { custom: { payload: { id: 3 } } },
    });
  });
});

describe("conversation snapshots through the client", () => {
  it("emits a new snapshot per change and follows handoff and language", async () => {
    const { client, ws } = await started();
    const snapshots: unknown[] = [];
    client.on("conversation", (c) => snapshots.push(c));
    ws.push(ev("EVENT_TYPE_LANGUAGE_CHANGED", { language_code: "fr-FR" }, 3));
    ws.push(ev("EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF", {}, 4));
    ws.push(ev("EVENT_TYPE_POLY_AGENT_LEFT", { reason: "HANDOFF" }, 5));
    ws.push(ev("EVENT_TYPE_HANDOFF_ACCEPTED", { queue_name: "support" }, 6));
    ws.push(
      ev("EVENT_TYPE_HANDOFF_QUEUE_STATUS", {
        queue_name: "support",
        position_in_queue: 1,
        display_message: "You are next in line.",
      }),
    );
    expect(client.conversation.language).toBe("fr-FR");
    expect(client.conversation.handoff).toMatchObject({
      state: "queued",
      position: 1,
      displayMessage: "You are next in line.",
    });
    expect(new Set(snapshots).size).toBe(snapshots.length);
    expect(snapshots).toHaveLength(5);
  });
});
