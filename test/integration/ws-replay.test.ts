// History on connect: EVENT_BATCH replay, cursors, frame sizes, stable ids, exactly-once delivery (§2.2, rules 9–13).
import { describe, expect, it } from "vitest";
import WebSocket from "ws";
import {
  connect,
  durable,
  expectGapFree,
  firstBatch,
  joinedClient,
  newSession,
  say,
} from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient, WireEvent } from "../support/ws-client.js";

/** A batch of several events stays under this; a larger event travels alone. */
const MAX_BATCH = 131072;
/** No frame the server sends is larger (the iOS SDK's default message limit). */
const MAX_FRAME = 1_048_576;
const track = closeAfterEach();

async function server(env: Record<string, string> = {}): Promise<TestServer> {
  return track(await startTestServer(env));
}

/** A joined session with one exchanged message; returns the live client and its ref. */
async function conversation(s: TestServer) {
  const joined = await joinedClient(s);
  track(joined.client);
  await say(joined.client, "what are your opening hours?");
  await say(joined.client, "something else");
  return joined;
}

describe("replay on connect", () => {
  it("starts the first frame with SESSION_START, sequence 1, with the same id every time", async () => {
    const s = await server();
    const ref = await newSession(s);
    const first = track(await connect(s, ref));
    await first.waitFor("EVENT_TYPE_SESSION_START");
    const second = track(await connect(s, ref));
    await second.waitFor("EVENT_TYPE_SESSION_START");
    for (const client of [first, second]) {
      const batch = firstBatch(client);
      expect(batch[0]?.type).toBe("EVENT_TYPE_SESSION_START");
      expect(batch[0]?.sequence).toBe(1);
      expect(batch[0]?.payload).toEqual({
        capabilities: {
          streaming: false,
          max_message_size_bytes: 131072,
          max_reconnect_attempts: 10,
          heartbeat_interval_seconds: 30,
        },
        context_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      });
    }
    expect(firstBatch(second)[0]?.payload).toEqual(firstBatch(first)[0]?.payload);
    expect(firstBatch(second)[0]?.id).toBe(firstBatch(first)[0]?.id);
  });

  it("with cursor N holds SESSION_START, POLY_AGENT_JOINED, then only sequences above N", async () => {
    const s = await server();
    const { client, ...ref } = await conversation(s);
    const all = durable(client.events);
    const joined = all.find((e) => e.type === "EVENT_TYPE_POLY_AGENT_JOINED") as WireEvent;
    const cursor = (joined.sequence as number) + 3;
    const again = track(await connect(s, ref, String(cursor)));
    await again.waitFor((e) => e.sequence === client.lastSequence);
    const batch = firstBatch(again);
    expect(batch[0]).toEqual(all[0]);
    expect(batch[1]).toEqual(joined);
    expect(batch.slice(2).map((e) => e.sequence)).toEqual(
      all.filter((e) => (e.sequence as number) > cursor).map((e) => e.sequence),
    );
  });

  it("accepts cursor=seq:N like cursor=N", async () => {
    const s = await server();
    const { client, ...ref } = await conversation(s);
    const cursor = client.lastSequence - 2;
    const plain = track(await connect(s, ref, String(cursor)));
    const prefixed = track(await connect(s, ref, `seq:${cursor}`));
    await plain.waitFor((e) => e.sequence === client.lastSequence);
    await prefixed.waitFor((e) => e.sequence === client.lastSequence);
    expect(firstBatch(prefixed)).toEqual(firstBatch(plain));
    expect(
      firstBatch(plain)
        .map((e) => e.type)
        .slice(0, 2),
    ).toEqual(["EVENT_TYPE_SESSION_START", "EVENT_TYPE_POLY_AGENT_JOINED"]);
    expect(
      firstBatch(plain)
        .slice(2)
        .map((e) => e.sequence),
    ).toEqual([cursor + 1, cursor + 2]);
  });

  it.each(["abc", "-1", "1.5", ""])("replays the full history for cursor=%j", async (cursor) => {
    const s = await server();
    const { client, ...ref } = await conversation(s);
    const again = track(await connect(s, ref, cursor));
    await again.waitFor((e) => e.sequence === client.lastSequence);
    expect(again.frames).toHaveLength(1);
    expect(firstBatch(again)).toEqual(durable(client.events));
  });

  it("with a cursor past the end holds only SESSION_START and POLY_AGENT_JOINED", async () => {
    const s = await server();
    const { client, ...ref } = await conversation(s);
    const again = track(await connect(s, ref, String(client.lastSequence + 50)));
    await again.waitFor("EVENT_TYPE_POLY_AGENT_JOINED");
    expect(firstBatch(again).map((e) => e.type)).toEqual([
      "EVENT_TYPE_SESSION_START",
      "EVENT_TYPE_POLY_AGENT_JOINED",
    ]);
    // And live events keep their own sequences afterwards.
    await say(again, "still there?");
    expect(durable(again.events).at(-1)?.sequence).toBe(client.lastSequence);
  });
});

describe("long histories", () => {
  it("replays a long conversation in several EVENT_BATCH frames under 131072 bytes, in order, gap-free, byte-stable", async () => {
    const s = await server({
      SWITCHBOARD_WS_MESSAGE_BURST: "1000",
      SWITCHBOARD_WS_MESSAGES_PER_SECOND: "1000",
    });
    const { client, ...ref } = await joinedClient(s);
    track(client);
    const count = 60;
    const filler = "lorem ipsum dolor sit amet ".repeat(120); // ~3.2 KB
    for (let i = 0; i < count; i++)
      client.send("EVENT_TYPE_USER_MESSAGE", { text: `${i} ${filler}` });
    await client.waitFor(
      () => client.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE").length === count + 1,
      15_000,
    );
    const live = durable(client.events);
    const last = live.at(-1)?.sequence as number;
    expectGapFree(client.events, last);

    const again = track(await connect(s, ref));
    await again.waitFor((e) => e.sequence === last, 10_000);
    expect(again.frames.length).toBeGreaterThanOrEqual(2);
    for (const [index, frame] of again.frames.entries()) {
      expect(frame.type).toBe("EVENT_TYPE_EVENT_BATCH");
      expect(frame.sequence).toBeNull();
      expect(Buffer.byteLength(again.raw[index] as string, "utf8")).toBeLessThan(MAX_BATCH);
    }
    expectGapFree(again.events, last);
    expect(again.events.map((e) => JSON.stringify(e))).toEqual(live.map((e) => JSON.stringify(e)));
  });
});

describe("events larger than a history batch", () => {
  it("replays each text of 131072 UTF-8 bytes alone in its own batch under 1 MiB, between batches of the rest", async () => {
    const s = await server();
    const { client, ...ref } = await joinedClient(s);
    track(client);
    const texts = [
      `a${"b".repeat(131_070)}c`,
      `${"é€😀".repeat(14_563)}é€`,
      `x${"\u0001".repeat(131_070)}y`,
    ];
    for (const text of texts) {
      await say(client, text);
      await say(client, "opening hours");
    }
    const live = durable(client.events);
    const last = live.at(-1)?.sequence as number;

    const again = track(await connect(s, ref, "0"));
    await again.waitFor((e) => e.sequence === last, 10_000);
    expect(again.events.map((e) => JSON.stringify(e))).toEqual(live.map((e) => JSON.stringify(e)));
    const echoed = again.ofType("EVENT_TYPE_USER_MESSAGE").map((e) => e.payload.text);
    expect(echoed.filter((text) => texts.includes(text as string))).toEqual(texts);
    const batches = again.raw.map((raw) => ({
      bytes: Buffer.byteLength(raw, "utf8"),
      events: (JSON.parse(raw) as { payload: { events: unknown[] } }).payload.events.length,
    }));
    for (const batch of batches) {
      expect(batch.bytes).toBeLessThan(MAX_FRAME);
      if (batch.events > 1) expect(batch.bytes).toBeLessThan(MAX_BATCH);
    }
    // The escaped control characters make the largest frame: 786,432 bytes of text alone.
    expect(Math.max(...batches.map((b) => b.bytes))).toBeGreaterThan(786_432);
    expect(batches.filter((b) => b.bytes > MAX_BATCH)).toHaveLength(3);
  });
});

describe("frames", () => {
  it("sends text frames only, each one JSON object (sdk rule 9)", async () => {
    const s = await server();
    const { client, ...ref } = await conversation(s);
    const frames: Array<{ binary: boolean; text: string }> = [];
    const ws = new WebSocket(
      `${s.wsUrl}/ws?${new URLSearchParams({ session_id: ref.sessionId, access_token: ref.token })}`,
    );
    ws.on("message", (data, isBinary) => frames.push({ binary: isBinary, text: data.toString() }));
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    ws.send(
      JSON.stringify({ type: "EVENT_TYPE_USER_MESSAGE", payload: { text: "opening hours" } }),
    );
    ws.send(JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", payload: {} }));
    ws.send("not json");
    // The other connection sees the reply to the raw client's message: greeting + 3 replies.
    await client.waitFor(() => client.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE").length === 4);
    const deadline = Date.now() + 3000;
    while (frames.length < 6 && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    ws.close();
    // batch, echo, THINKING, reply, heartbeat echo, system message (order of the last ones may vary)
    expect(frames.length).toBeGreaterThanOrEqual(6);
    for (const frame of frames) {
      expect(frame.binary).toBe(false);
      const parsed = JSON.parse(frame.text) as unknown;
      expect(typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)).toBe(true);
      expect(Buffer.byteLength(frame.text)).toBeLessThan(MAX_BATCH);
    }
  });
});

describe("exactly once, to every connection", () => {
  it("delivers every sequence exactly once across the replay/live boundary", async () => {
    const s = await server({
      SWITCHBOARD_WS_MESSAGE_BURST: "1000",
      SWITCHBOARD_WS_MESSAGES_PER_SECOND: "1000",
    });
    const { client, ...ref } = await joinedClient(s);
    track(client);
    const count = 40;
    let sent = 0;
    const sending = (async () => {
      while (sent < count) {
        client.send("EVENT_TYPE_USER_MESSAGE", { text: `message ${sent}` });
        sent += 1;
        await new Promise((resolve) => setTimeout(resolve, 3));
      }
    })();
    // Connect while the first client is mid-conversation.
    await client.waitFor(
      (e) => e.type === "EVENT_TYPE_USER_MESSAGE" && e.payload.text === "message 5",
    );
    const second = track(await connect(s, ref));
    await sending;
    await client.waitFor(
      () => client.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE").length === count + 1,
      15_000,
    );
    const last = client.lastSequence;
    await second.waitFor((e) => e.sequence === last, 10_000);
    expectGapFree(second.events, last);
    expectGapFree(client.events, last);
    expect(durable(second.events).map((e) => e.id)).toEqual(
      durable(client.events).map((e) => e.id),
    );
  });

  it("sends every non-transient event to each of 10 connections", async () => {
    const s = await server();
    const ref = await newSession(s);
    const all: TestClient[] = [];
    for (let i = 0; i < 10; i++) all.push(track(await connect(s, ref)));
    const speaker = all[3] as TestClient;
    speaker.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    await speaker.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    await say(speaker, "opening hours");
    const last = speaker.lastSequence;
    const expected = durable(speaker.events).map((e) => JSON.stringify(e));
    for (const client of all) {
      await client.waitFor((e) => e.sequence === last);
      expectGapFree(client.events, last);
      expect(durable(client.events).map((e) => JSON.stringify(e))).toEqual(expected);
      // THINKING is transient but still broadcast to every connection.
      expect(client.ofType("EVENT_TYPE_POLY_AGENT_THINKING").length).toBeGreaterThanOrEqual(2);
    }
  });

  it("replays events with the ids, sequences and JSON first received live", async () => {
    const s = await server();
    const { client, ...ref } = await conversation(s);
    const again = track(await connect(s, ref));
    await again.waitFor((e) => e.sequence === client.lastSequence);
    expect(again.events.map((e) => JSON.stringify(e))).toEqual(
      durable(client.events).map((e) => JSON.stringify(e)),
    );
  });
});
