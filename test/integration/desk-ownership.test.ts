// Who holds a conversation: the accept race, capacity and queue checks, the grace period, desk reconnects and shutdown.
import { describe, expect, it } from "vitest";
import { hashToken } from "../../src/auth/index.js";
import { barrier } from "../support/conversation.js";
import {
  addQueue,
  type DeskFrame,
  DeskSocket,
  type OnlineDesk,
  onlineDesk,
  pause,
  type QueueEntryJson,
  queuedClient,
  typesFrom,
} from "../support/desk.js";
import { FakeClock } from "../support/fake-clock.js";
import { expectError } from "../support/http.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient, WireEvent } from "../support/ws-client.js";

const track = closeAfterEach();

async function start(graceSeconds = 1, clock?: FakeClock): Promise<TestServer> {
  const env = {
    SWITCHBOARD_DESK_GRACE_SECONDS: String(graceSeconds),
    ...(clock ? { SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0" } : {}),
  };
  const s = track(await startTestServer(env, undefined, clock));
  await addQueue(s, "support");
  await addQueue(s, "billing");
  return s;
}

async function desk(
  s: TestServer,
  opts: Parameters<typeof onlineDesk>[1] = {},
): Promise<OnlineDesk> {
  const d = await onlineDesk(s, opts);
  track(d.socket);
  return d;
}

async function queued(s: TestServer): Promise<{ client: TestClient; sessionId: string }> {
  const q = await queuedClient(s);
  track(q.client);
  return q;
}

const userTexts = (frames: DeskFrame[]) =>
  frames
    .filter(
      (f) =>
        f.type === "session.event" && (f.event as WireEvent).type === "EVENT_TYPE_USER_MESSAGE",
    )
    .map((f) => (f.event as WireEvent).payload.text);

describe("accepting", () => {
  it("gives a conversation to exactly one of two simultaneous accepts, every time", async () => {
    const s = await start();
    const one = await desk(s, { maxConcurrent: 50 });
    const two = await desk(s, { maxConcurrent: 50 });
    for (let round = 0; round < 20; round += 1) {
      const { client, sessionId } = await queued(s);
      const results = await Promise.all([one.api.accept(sessionId), two.api.accept(sessionId)]);
      expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
      const loser = results.find((r) => r.status === 409);
      if (!loser) throw new Error("no loser");
      expectError(
        loser,
        409,
        "Someone else already accepted this conversation",
        "desk_already_taken",
      );
      const winner = results[0]?.status === 200 ? one : two;
      await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
      await barrier(client);
      const joins = client.ofType("EVENT_TYPE_LIVE_AGENT_JOINED");
      expect(joins).toHaveLength(1);
      expect(joins[0]?.payload.agent_id).toBe(winner.user.id);
      client.close();
    }
    const held = (d: OnlineDesk) =>
      d.api.sessions().then((r) => (r.json as { sessions: unknown[] }).sessions.length);
    expect((await held(one)) + (await held(two))).toBe(20);
  });

  it("refuses over max_concurrent (409), another queue (403) and someone else's chat (409); a repeat by the holder is fine", async () => {
    const s = await start();
    const solo = await desk(s, { queues: ["support"], maxConcurrent: 1 });
    const billing = await desk(s, { queues: ["billing"] });
    const a = await queued(s);
    const b = await queued(s);
    expect((await solo.api.accept(a.sessionId)).status).toBe(200);
    expect((await solo.api.accept(a.sessionId)).status).toBe(200);
    expectError(
      await solo.api.accept(b.sessionId),
      409,
      "You already hold as many conversations as you may at once",
      "desk_over_capacity",
    );
    expectError(
      await billing.api.accept(b.sessionId),
      403,
      "This conversation waits in a queue you do not serve",
      "desk_not_your_queue",
    );
    const other = await desk(s, { queues: ["support"] });
    expectError(
      await other.api.accept(a.sessionId),
      409,
      "Someone else already accepted this conversation",
      "desk_already_taken",
    );
    expect((await other.api.message(a.sessionId, { text: "mine?" })).status).toBe(404);
    expect((await solo.api.leave(a.sessionId, true)).status).toBe(204);
    expect((await solo.api.accept(b.sessionId)).status).toBe(200);
    await b.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    expect(b.client.ofType("EVENT_TYPE_LIVE_AGENT_JOINED")).toHaveLength(1);
  });
});

describe("the grace period", () => {
  it("keeps the chat while the holder is briefly gone, then puts it back at the front of the queue", async () => {
    const clock = new FakeClock();
    const s = await start(60, clock);
    const holder = await desk(s, { name: "Holder" });
    const watcher = await desk(s, { name: "Watcher" });
    const older = await queued(s);
    const held = await queued(s);
    expect((await holder.api.accept(held.sessionId)).status).toBe(200);
    await held.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    const cursor = holder.socket.cursor;
    const from = held.client.events.length;
    const olderFrom = older.client.events.length;
    const watcherFrom = watcher.socket.frames.length;
    holder.socket.close();
    await holder.socket.closed;

    // Within the grace period nothing happens to the user.
    // (Only a fired timer could send anything here, and none is due yet.)
    await clock.advance(59_999);
    expect(typesFrom(held.client, from)).toEqual([]);
    await clock.advance(1);

    // After it: back in the queue, ahead of the older waiter.
    const status = await held.client.waitFor("EVENT_TYPE_HANDOFF_QUEUE_STATUS", 5000, from);
    expect(typesFrom(held.client, from)).toEqual([
      "EVENT_TYPE_LIVE_AGENT_LEFT",
      "EVENT_TYPE_HANDOFF_ACCEPTED",
      "EVENT_TYPE_HANDOFF_QUEUE_STATUS",
    ]);
    expect(held.client.events[from]?.payload).toEqual({
      reason: "AGENT_DISCONNECTED",
      agent_id: holder.user.id,
      agent_name: holder.user.name,
    });
    expect(held.client.events[from + 1]?.payload).toEqual({ queue_name: "support" });
    expect(status.payload).toMatchObject({ queue_name: "support", position_in_queue: 1 });
    await older.client.waitFor(
      (e) => e.type === "EVENT_TYPE_HANDOFF_QUEUE_STATUS" && e.payload.position_in_queue === 2,
      5000,
      olderFrom,
    );
    const frame = await watcher.socket.waitForQueue((e) => e.length === 2, 5000, watcherFrom);
    const position = (id: string) =>
      (frame.entries as QueueEntryJson[]).find((e) => e.session_id === id)?.position;
    expect([position(held.sessionId), position(older.sessionId)]).toEqual([1, 2]);

    // The holder, back, learns it from the resumed feed; someone can take the chat again.
    const back = await DeskSocket.open(s, holder.user.token, cursor);
    track(back);
    expect(back.frames[0]).toMatchObject({ resumed: true });
    expect(await back.waitFor("unassigned")).toMatchObject({
      session_id: held.sessionId,
      reason: "disconnected",
    });
    expect((await holder.api.sessions()).json).toEqual({ sessions: [] });
    expect((await watcher.api.accept(held.sessionId)).status).toBe(200);
    const joined = await held.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED", 5000, from);
    expect(joined.payload.agent_name).toBe("Watcher");
  });

  // Core bug (src/core/desk/desk-service.ts): stop() cancels grace timers, but a desk connection that
  // disconnects after it (the hub's own 1001 closes do) starts a new one, which later requeues the chat
  // of a server that is going away — or, once the store is closed, rejects unhandled. The desk socket
  // layer avoids it; this drives the core directly.
  it("a shutdown does not start the grace period (core)", async () => {
    const s = await start(1);
    const d = await desk(s);
    const { sessionId } = await queued(s);
    expect((await d.api.accept(sessionId)).status).toBe(200);
    d.socket.close();
    await d.socket.closed;
    const record = await s.server.store.getDeskUserByTokenHash(hashToken(d.user.token));
    if (!record) throw new Error("no desk user");
    const link = s.server.hub.desk.connect(record, { send() {}, close() {} }, null);
    await s.server.hub.shutdown(1000);
    link.disconnect();
    await pause(1400);
    const open = await s.server.store.listOpenHandoffs();
    expect(open.find((h) => h.sessionId === sessionId)?.state).toBe("assigned");
  });
});

describe("desk reconnects", () => {
  it("resume from a cursor without duplicates or gaps, then continue live", async () => {
    const s = await start(5);
    const d = await desk(s);
    const { client, sessionId } = await queued(s);
    expect((await d.api.accept(sessionId)).status).toBe(200);
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "one" });
    await d.socket.waitFor((f) => userTexts([f]).includes("one"));
    const cursor = d.socket.cursor;
    d.socket.close();
    await d.socket.closed;
    await expect
      .poll(async () => ((await d.api.me()).json as { online: boolean }).online)
      .toBe(false);
    for (const text of ["two", "three"]) {
      const from = client.events.length;
      client.send("EVENT_TYPE_USER_MESSAGE", { text });
      await client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE", 5000, from);
    }
    const back = await DeskSocket.open(s, d.user.token, cursor);
    track(back);
    expect(back.frames[0]).toMatchObject({ seq: null, type: "hello", resumed: true });
    expect(back.ofType("snapshot")).toEqual([]);
    await back.waitFor((f) => userTexts([f]).includes("three"));
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "four" });
    await back.waitFor((f) => userTexts([f]).includes("four"));

    const numbered = [...d.socket.frames, ...back.frames]
      .map((f) => f.seq)
      .filter((q): q is number => q !== null);
    expect(numbered).toEqual(numbered.map((_, i) => i + 1));
    expect(userTexts([...d.socket.frames, ...back.frames])).toEqual([
      "one",
      "two",
      "three",
      "four",
    ]);
  });

  it("get a snapshot for a cursor that cannot be resumed", async () => {
    const s = await start(5);
    const d = await desk(s);
    const { sessionId } = await queued(s);
    const waiting = await queued(s);
    expect((await d.api.accept(sessionId)).status).toBe(200);
    await d.socket.waitFor("assigned");
    const epoch = d.socket.cursor.split(":")[0];
    for (const cursor of [`${epoch}:99999`, "another-epoch:1", "garbage"]) {
      const socket = await DeskSocket.open(s, d.user.token, cursor);
      const snapshot = await socket.waitFor("snapshot");
      expect(socket.frames[0]).toMatchObject({ type: "hello", resumed: false });
      expect(snapshot.queue).toEqual([
        expect.objectContaining({ session_id: waiting.sessionId, position: 1 }),
      ]);
      expect(snapshot.sessions).toEqual([
        { session_id: sessionId, queue: "support", assigned_at: expect.any(String) },
      ]);
      socket.close();
    }
  });

  it("are closed with 1001 when the server shuts down", async () => {
    const s = await start();
    const d = await desk(s);
    await s.close();
    expect((await d.socket.closed).code).toBe(1001);
  });
});
