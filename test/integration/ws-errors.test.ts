// Invalid client events on the WebSocket (protocol.md §7): exact messages, sender only, connection kept; size and rate limits.
import { describe, expect, it } from "vitest";
import {
  closedWithin,
  connect,
  joinedClient,
  newSession,
  say,
  stillAnswers,
  systemMessage,
} from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient, WireEvent } from "../support/ws-client.js";

const INVALID = "Unknown event type or invalid message format";
const SERVER_ONLY_TYPES = [
  "EVENT_TYPE_POLY_AGENT_JOINED",
  "EVENT_TYPE_POLY_AGENT_THINKING",
  "EVENT_TYPE_POLY_AGENT_MESSAGE",
  "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
  "EVENT_TYPE_POLY_AGENT_LEFT",
  "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF",
  "EVENT_TYPE_LIVE_AGENT_JOINED",
  "EVENT_TYPE_LIVE_AGENT_TYPING",
  "EVENT_TYPE_LIVE_AGENT_MESSAGE",
  "EVENT_TYPE_LIVE_AGENT_LEFT",
  "EVENT_TYPE_HANDOFF_ACCEPTED",
  "EVENT_TYPE_HANDOFF_QUEUE_STATUS",
  "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED",
  "EVENT_TYPE_HANDOFF_FAILED",
  "EVENT_TYPE_HANDOFF_TIMEOUT",
  "EVENT_TYPE_SESSION_START",
  "EVENT_TYPE_SESSION_END",
  "EVENT_TYPE_SYSTEM_MESSAGE",
  "EVENT_TYPE_LANGUAGE_CHANGED",
  "EVENT_TYPE_EVENT_BATCH",
];

const track = closeAfterEach();

async function server(env: Record<string, string> = {}): Promise<TestServer> {
  return track(await startTestServer(env));
}

async function joined(s: TestServer) {
  const j = await joinedClient(s);
  track(j.client);
  return j;
}

/** Sends one raw frame and returns the system message it draws, checking the common rules. */
async function errorFor(
  client: TestClient,
  frame: string | Buffer,
  metadata?: unknown,
): Promise<WireEvent> {
  const from = client.events.length;
  if (typeof frame === "string") client.ws.send(frame);
  else client.ws.send(frame, { binary: true });
  const error = await systemMessage(client, from);
  expect(error.sequence).toBeNull();
  expect(error.payload.level).toBe("SYSTEM_MESSAGE_LEVEL_ERROR");
  if (metadata === undefined) expect(error.metadata).toBeUndefined();
  else expect(error.metadata).toEqual(metadata);
  return error;
}

describe("invalid frames", () => {
  const cases: Array<[string, string | Buffer]> = [
    ["a binary frame", Buffer.from(JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", payload: {} }))],
    ["a frame that is not JSON", "{not json"],
    ["a JSON array", '[{"type":"EVENT_TYPE_HEARTBEAT","payload":{}}]'],
    ["a JSON string", '"EVENT_TYPE_HEARTBEAT"'],
    ["JSON null", "null"],
    ["an event without type", '{"payload":{}}'],
    ["an unknown type", '{"type":"EVENT_TYPE_NOT_A_THING","payload":{}}'],
    ["a type that is not a string", '{"type":7,"payload":{}}'],
    ["a payload that is an array", '{"type":"EVENT_TYPE_HEARTBEAT","payload":[]}'],
    ["a payload that is a string", '{"type":"EVENT_TYPE_USER_MESSAGE","payload":"hi"}'],
    ["a payload that is null", '{"type":"EVENT_TYPE_HEARTBEAT","payload":null}'],
  ];
  it.each(cases)(`answers ${INVALID} to %s`, async (_name, frame) => {
    const s = await server();
    const { client } = await joined(s);
    const error = await errorFor(client, frame);
    expect(error.payload.message).toBe(INVALID);
    await stillAnswers(client);
  });

  it("echoes the client's metadata on a rejected event", async () => {
    const s = await server();
    const { client } = await joined(s);
    const custom = { local_id: "x1", nested: { a: [1, 2] } };
    const error = await errorFor(
      client,
      JSON.stringify({ type: "EVENT_TYPE_UNKNOWN", payload: {}, metadata: { custom } }),
      { custom },
    );
    expect(error.payload.message).toBe(INVALID);
  });

  it("answers Event type not allowed: <TYPE> to every server-only type", async () => {
    const s = await server();
    const { client, sessionId } = await joined(s);
    const before = await s.server.store.readEvents(sessionId, 0, 1000);
    for (const type of SERVER_ONLY_TYPES) {
      const error = await errorFor(
        client,
        JSON.stringify({ type, payload: {}, metadata: { custom: { type } } }),
        {
          custom: { type },
        },
      );
      expect(error.payload.message).toBe(`Event type not allowed: ${type}`);
    }
    await stillAnswers(client);
    expect(await s.server.store.readEvents(sessionId, 0, 1000)).toEqual(before);
  });

  // The reasons after "Invalid payload: " are our choice (src/protocol/payload-validators.ts).
  const TEXT_STRING = "Invalid payload: text must be a string";
  const TEXT_EMPTY = "Invalid payload: text must not be empty";
  const payloads: Array<[string, string, Record<string, unknown>, string]> = [
    ["USER_MESSAGE without text", "EVENT_TYPE_USER_MESSAGE", {}, TEXT_STRING],
    ["USER_MESSAGE with empty text", "EVENT_TYPE_USER_MESSAGE", { text: "" }, TEXT_EMPTY],
    ["USER_MESSAGE with blank text", "EVENT_TYPE_USER_MESSAGE", { text: "   " }, TEXT_EMPTY],
    ["USER_MESSAGE with a number as text", "EVENT_TYPE_USER_MESSAGE", { text: 42 }, TEXT_STRING],
    [
      "USER_MESSAGE with an object as text",
      "EVENT_TYPE_USER_MESSAGE",
      { text: { a: 1 } },
      TEXT_STRING,
    ],
    [
      "USER_TYPING with an unknown state",
      "EVENT_TYPE_USER_TYPING",
      { state: "TYPING_STATE_BORED" },
      "Invalid payload: state must be TYPING_STATE_STARTED or TYPING_STATE_STOPPED",
    ],
    [
      "USER_TYPING without state",
      "EVENT_TYPE_USER_TYPING",
      {},
      "Invalid payload: state must be TYPING_STATE_STARTED or TYPING_STATE_STOPPED",
    ],
    [
      "LINK_TO_WEBRTC_CONVERSATION without call_sid",
      "EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION",
      {},
      "Invalid payload: call_sid must be a non-empty string",
    ],
  ];
  it.each(payloads)("answers Invalid payload: … to %s", async (_name, type, payload, message) => {
    const s = await server();
    const { client, sessionId } = await joined(s);
    const before = await s.server.store.readEvents(sessionId, 0, 1000);
    const error = await errorFor(
      client,
      JSON.stringify({ type, payload, metadata: { custom: { n: 1 } } }),
      {
        custom: { n: 1 },
      },
    );
    expect(error.payload.message).toMatch(/^Invalid payload: \S/);
    expect(error.payload.message).toBe(message);
    await stillAnswers(client);
    expect(await s.server.store.readEvents(sessionId, 0, 1000)).toEqual(before);
  });

  it("sends system messages only to the connection that sent the invalid event", async () => {
    const s = await server();
    const { client, ...ref } = await joined(s);
    const other = await connect(s, ref);
    track(other);
    await other.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    await errorFor(client, "nope");
    await errorFor(client, JSON.stringify({ type: "EVENT_TYPE_SESSION_END", payload: {} }));
    await errorFor(
      client,
      JSON.stringify({ type: "EVENT_TYPE_USER_MESSAGE", payload: { text: "" } }),
    );
    // Something both connections see, sent after the errors, proves the other one is caught up.
    await say(client, "opening hours");
    await other.waitFor((e) => e.sequence === client.lastSequence);
    expect(other.ofType("EVENT_TYPE_SYSTEM_MESSAGE")).toHaveLength(0);
    expect(client.ofType("EVENT_TYPE_SYSTEM_MESSAGE")).toHaveLength(3);
  });
});

describe("size limits", () => {
  const prefix = '{"type":"EVENT_TYPE_USER_MESSAGE","payload":{"text":"';
  const suffix = '"}}';

  it("closes a frame over 1048576 bytes with 1009 and keeps the session usable", async () => {
    const s = await server();
    const { client, ...ref } = await joined(s);
    const text = "a".repeat(1_048_577 - prefix.length - suffix.length);
    const frame = `${prefix}${text}${suffix}`;
    expect(Buffer.byteLength(frame)).toBe(1_048_577);
    client.ws.send(frame);
    const closed = await closedWithin(client);
    expect(closed.code).toBe(1009);
    const again = await connect(s, ref, String(client.lastSequence));
    track(again);
    await again.waitFor("EVENT_TYPE_POLY_AGENT_JOINED");
    const { reply } = await say(again, "opening hours");
    expect(reply.payload.text).toMatch(/^We are open/);
    expect(again.ofType("EVENT_TYPE_USER_MESSAGE").map((e) => e.payload.text)).toEqual([
      "opening hours",
    ]);
  });

  it("refuses a text of 131073 bytes with the system message, not a close, every time it is sent", async () => {
    const s = await server();
    const { client, sessionId } = await joined(s);
    const frame = JSON.stringify({
      type: "EVENT_TYPE_USER_MESSAGE",
      payload: { text: "b".repeat(131_073) },
      metadata: { custom: { local_id: "big" } },
    });
    for (let attempt = 1; attempt <= 2; attempt++) {
      const from = client.events.length;
      client.ws.send(frame);
      const error = await systemMessage(client, from);
      expect(error.payload).toEqual({
        level: "SYSTEM_MESSAGE_LEVEL_ERROR",
        message: "Invalid payload: text is larger than 131072 bytes",
      });
      // Tagged with the sender's local_id, so a client can tell which message was refused.
      expect(error.metadata).toEqual({ custom: { local_id: "big" } });
    }
    await stillAnswers(client);
    const stored = await s.server.store.readEvents(sessionId, 0, 1000);
    expect(stored.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE")).toHaveLength(0);
  });

  it("refuses an event over the stored-event limit in a frame under the frame limit", async () => {
    const s = await server();
    const { client, sessionId } = await joined(s);
    // ASCII padding in a payload is stored as sent: over 918528 bytes once stored.
    const frame = JSON.stringify({
      type: "EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION",
      payload: { call_sid: "c".repeat(920_000) },
    });
    expect(Buffer.byteLength(frame)).toBeLessThan(1_048_576);
    const from = client.events.length;
    client.ws.send(frame);
    const error = await systemMessage(client, from);
    expect(error.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message: "Invalid payload: event is larger than 918528 bytes",
    });
    await stillAnswers(client);
    const stored = await s.server.store.readEvents(sessionId, 0, 1000);
    expect(stored.map((e) => e.type)).not.toContain("EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION");
  });
});

describe("size measured as stored (sdk rule 28)", () => {
  it("accepts a text written with escapes that shrink once stored, and echoes it exactly", async () => {
    const s = await server();
    const { client } = await joined(s);
    // "\/" is two bytes in the frame and one once stored.
    const text = `a${"\\/".repeat(65_000)}`;
    const frame = `{"type":"EVENT_TYPE_USER_MESSAGE","payload":{"text":"${text}"}}`;
    expect(Buffer.byteLength(frame)).toBeLessThan(1_048_576);
    client.ws.send(frame);
    const echo = await client.waitFor("EVENT_TYPE_USER_MESSAGE");
    expect(echo.payload.text).toBe(`a${"/".repeat(65_000)}`);
    for (const raw of client.raw) expect(Buffer.byteLength(raw)).toBeLessThan(131_072);
  });

  it("refuses an event whose metadata grows past the limit once stored (numbers re-encoded)", async () => {
    const s = await server();
    const { client, sessionId } = await joined(s);
    // "1e20" is four bytes in the frame and twenty-one once stored.
    const frame = `{"type":"EVENT_TYPE_USER_MESSAGE","payload":{"text":"hi"},"metadata":{"custom":{"n":[${Array(7000).fill("1e20").join(",")}]}}}`;
    expect(Buffer.byteLength(frame)).toBeLessThan(40_000);
    const from = client.events.length;
    client.ws.send(frame);
    const error = await systemMessage(client, from);
    // Metadata is measured as it would be stored and echoed, against its own bound (16 KiB).
    expect(error.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message: "Invalid payload: metadata is larger than 16384 bytes",
    });
    const stored = await s.server.store.readEvents(sessionId, 0, 1000);
    expect(stored.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE")).toHaveLength(0);
  });
});

describe("rate limit", () => {
  it("warns on the 4th quick message over a burst of 3 and does not store it", async () => {
    const s = await server({
      SWITCHBOARD_WS_MESSAGES_PER_SECOND: "1",
      SWITCHBOARD_WS_MESSAGE_BURST: "3",
    });
    const ref = await newSession(s);
    const client = await connect(s, ref);
    track(client);
    await client.waitFor("EVENT_TYPE_SESSION_START");
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "first" }, { local_id: "1" });
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "second" }, { local_id: "2" });
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "third" }, { local_id: "3" });
    const warning = await client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE");
    expect(warning.payload.level).toBe("SYSTEM_MESSAGE_LEVEL_WARNING");
    // Our choice (src/protocol/errors.ts `message_rate_limited`): the spec only says a WARNING says so.
    expect(warning.payload.message).toBe(
      "Rate limit exceeded: your message was not processed. Please slow down and send it again.",
    );
    expect(warning.sequence).toBeNull();
    expect(warning.metadata).toEqual({ custom: { local_id: "3" } });
    // Heartbeats are not counted against the limit.
    await stillAnswers(client);
    await client.waitFor(() => client.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE").length === 3);
    const stored = await s.server.store.readEvents(ref.sessionId, 0, 1000);
    expect(
      stored
        .filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE")
        .map((e) => JSON.parse(e.payloadJson).text),
    ).toEqual(["first", "second"]);
    expect(client.ofType("EVENT_TYPE_USER_MESSAGE").map((e) => e.payload.text)).toEqual([
      "first",
      "second",
    ]);
  });
});

describe("events after the end", () => {
  it("never echoes or stores an event sent by another connection as the session ends", async () => {
    const s = await server();
    const { client, ...ref } = await joined(s);
    const other = await connect(s, ref);
    track(other);
    await other.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    client.send("EVENT_TYPE_USER_END_SESSION");
    other.send("EVENT_TYPE_USER_MESSAGE", { text: "too late" }, { local_id: "late" });
    other.send("EVENT_TYPE_HEARTBEAT", {}, { local_id: "late-beat" });
    expect((await closedWithin(other)).code).toBe(1000);
    // Either the message is refused with the exact error, or the close after SESSION_END wins.
    for (const message of other.ofType("EVENT_TYPE_SYSTEM_MESSAGE")) {
      expect(message.payload).toEqual({
        level: "SYSTEM_MESSAGE_LEVEL_ERROR",
        message: "Error: Session not found",
      });
    }
    expect(other.events.filter((e) => e.payload.text === "too late")).toHaveLength(0);
    const end = other.events.findIndex((e) => e.type === "EVENT_TYPE_SESSION_END");
    expect(end).toBe(other.events.length - 1);
    const stored = await s.server.store.readEvents(ref.sessionId, 0, 1000);
    expect(stored.at(-1)?.type).toBe("EVENT_TYPE_SESSION_END");
    expect(stored.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE")).toHaveLength(0);
  });
});

describe("answers to large frames stay under 131072 bytes (sdk rule 9)", () => {
  /** A client frame of exactly `size` bytes carrying its bulk in metadata.custom. */
  function bulkyFrame(type: string, size: number, payload: Record<string, unknown> = {}): string {
    const build = (n: number) =>
      JSON.stringify({ type, payload, metadata: { custom: { pad: "p".repeat(n) } } });
    const frame = build(size - build(0).length);
    expect(Buffer.byteLength(frame)).toBe(size);
    return frame;
  }

  function expectFramesUnderLimit(client: TestClient): void {
    for (const raw of client.raw) expect(Buffer.byteLength(raw)).toBeLessThan(131072);
  }

  it.each([
    ["a heartbeat", "EVENT_TYPE_HEARTBEAT"],
    ["an invalid event", "EVENT_TYPE_NOT_A_THING"],
    ["a repeated join", "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN"],
  ])("answers %s of 1000000 bytes with a frame under the limit", async (_name, type) => {
    const s = await server();
    const { client } = await joined(s);
    const from = client.events.length;
    client.ws.send(bulkyFrame(type, 1_000_000));
    await client.waitFor(() => client.events.length > from);
    await stillAnswers(client);
    expectFramesUnderLimit(client);
  });

  it("never stores a join so large that its echo or replay exceeds the limit", async () => {
    const s = await server();
    const ref = await newSession(s);
    const client = await connect(s, ref);
    track(client);
    await client.waitFor("EVENT_TYPE_SESSION_START");
    client.ws.send(bulkyFrame("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", 1_000_000));
    await client.waitFor(
      (e) =>
        e.type === "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN" || e.type === "EVENT_TYPE_SYSTEM_MESSAGE",
    );
    await stillAnswers(client);
    expectFramesUnderLimit(client);
    const again = await connect(s, ref);
    track(again);
    await again.waitFor("EVENT_TYPE_SESSION_START");
    await stillAnswers(again);
    expectFramesUnderLimit(again);
  });
});
