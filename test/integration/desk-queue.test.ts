// Waiting in a handoff queue: positions, estimates, status timing, reconnects, messages while waiting, timeout, ending and abandoning.
import { describe, expect, it } from "vitest";
import { barrier, closedWithin, connect } from "../support/conversation.js";
import {
  addQueue,
  type OnlineDesk,
  onlineDesk,
  type QueueEntryJson,
  type QueueOptions,
  queuedClient,
  typesFrom,
} from "../support/desk.js";
import { FakeClock, until } from "../support/fake-clock.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient, WireEvent } from "../support/ws-client.js";

const track = closeAfterEach();

/** A fresh server with queue "support" (and `queue` settings) and one desk user online serving it. */
async function start(
  queue: QueueOptions = {},
  env: Record<string, string> = {},
  clock?: FakeClock,
): Promise<{ s: TestServer; desk: OnlineDesk }> {
  const paced: Record<string, string> = clock ? { SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0" } : {};
  const s = track(
    await startTestServer(
      { SWITCHBOARD_DESK_GRACE_SECONDS: "1", ...paced, ...env },
      undefined,
      clock,
    ),
  );
  await addQueue(s, "support", queue);
  const desk = await onlineDesk(s, { maxConcurrent: 10 });
  track(desk.socket);
  return { s, desk };
}

async function queued(
  s: TestServer,
  ask?: string,
): Promise<{ client: TestClient; sessionId: string; token: string }> {
  const q = await queuedClient(s, ask === undefined ? {} : { ask });
  track(q.client);
  return q;
}

const statuses = (client: TestClient, from = 0) =>
  client.events.slice(from).filter((e) => e.type === "EVENT_TYPE_HANDOFF_QUEUE_STATUS");
const statusAt = (position: number) => (e: WireEvent) =>
  e.type === "EVENT_TYPE_HANDOFF_QUEUE_STATUS" && e.payload.position_in_queue === position;

describe("queue position and estimated wait", () => {
  it("tells each waiter its 1-based position, again as others leave the queue, with an estimate once handoffs were accepted", async () => {
    const { s, desk } = await start();
    const a = await queued(s);
    const b = await queued(s);
    const c = await queued(s);
    const first = await c.client.waitFor("EVENT_TYPE_HANDOFF_QUEUE_STATUS");
    expect(first.payload).toEqual({
      queue_name: "support",
      position_in_queue: 3,
      display_message: "You are #3 in line.",
    });
    expect(
      (await b.client.waitFor("EVENT_TYPE_HANDOFF_QUEUE_STATUS")).payload.position_in_queue,
    ).toBe(2);
    const entries = ((await desk.api.queue()).json as { entries: QueueEntryJson[] }).entries;
    expect(entries.map((e) => [e.session_id, e.position])).toEqual([
      [a.sessionId, 1],
      [b.sessionId, 2],
      [c.sessionId, 3],
    ]);

    // The first leaves the queue (accepted): everyone behind moves up, now with an estimate.
    const bFrom = b.client.events.length;
    const cFrom = c.client.events.length;
    expect((await desk.api.accept(a.sessionId)).status).toBe(200);
    const bNow = await b.client.waitFor(statusAt(1), 5000, bFrom);
    const cNow = await c.client.waitFor(statusAt(2), 5000, cFrom);
    expect(bNow.payload.estimated_wait_seconds).toEqual(expect.any(Number));
    expect(bNow.payload.estimated_wait_seconds as number).toBeGreaterThanOrEqual(1);
    expect(cNow.payload.estimated_wait_seconds as number).toBeGreaterThanOrEqual(
      bNow.payload.estimated_wait_seconds as number,
    );
    expect(String(bNow.payload.display_message)).toMatch(
      /^You are next in line\. Estimated wait: /,
    );

    // The second ends the conversation while waiting: the third is now first.
    const cAgain = c.client.events.length;
    b.client.send("EVENT_TYPE_USER_END_SESSION");
    await c.client.waitFor(statusAt(1), 5000, cAgain);
    await desk.socket.waitForQueue(
      (e) => e.length === 1 && e[0]?.session_id === c.sessionId && e[0].position === 1,
    );
    expect(statuses(c.client, cAgain).map((e) => e.payload.position_in_queue)).toEqual([1]);
  });
});

describe("status timing", () => {
  it("repeats the status at the queue's interval without flooding", async () => {
    const clock = new FakeClock();
    const { s } = await start({ statusIntervalSeconds: 5 }, {}, clock);
    const { client } = await queued(s);
    await client.waitFor("EVENT_TYPE_HANDOFF_QUEUE_STATUS");
    const before = statuses(client).length;
    for (let tick = 1; tick <= 3; tick++) {
      await clock.advance(5000);
      await until(() => statuses(client).length === before + tick, `status ${tick}`);
    }
    await clock.advance(4999);
    await barrier(client);
    const repeated = statuses(client).slice(before);
    expect(repeated).toHaveLength(3);
    for (const status of repeated)
      expect(status.payload).toMatchObject({ position_in_queue: 1, queue_name: "support" });
  });

  it("sends the current status right after a reconnect's replay", async () => {
    const { s } = await start();
    await queued(s); // someone ahead, so the position is 2
    const { client, sessionId, token } = await queued(s);
    const cursor = client.lastSequence;
    client.close();
    await client.closed;
    const again = await connect(s, { sessionId, token }, String(cursor));
    track(again);
    const status = await again.waitFor("EVENT_TYPE_HANDOFF_QUEUE_STATUS");
    const at = again.events.indexOf(status);
    expect(again.events.slice(0, at).every((e) => e.sequence !== null)).toBe(true);
    expect(again.events.slice(0, at).map((e) => e.type)).toContain("EVENT_TYPE_SESSION_START");
    expect(status.payload).toMatchObject({ queue_name: "support", position_in_queue: 2 });
    expect(at).toBe(again.events.length - 1);
  });
});

describe("while waiting", () => {
  it("echoes and stores user messages, shows them in the transcript and the queue preview, and the AI stays silent", async () => {
    const { s, desk } = await start();
    const { client, sessionId } = await queued(s);
    const from = client.events.length;
    const deskFrom = desk.socket.frames.length;
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "Are you there?" });
    const echo = await client.waitFor(
      (e) => e.type === "EVENT_TYPE_USER_MESSAGE" && e.payload.text === "Are you there?",
      5000,
      from,
    );
    expect(echo.sequence).toEqual(expect.any(Number));
    await barrier(client);
    expect(
      typesFrom(client, from).filter((x) => x !== "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN"),
    ).toEqual(["EVENT_TYPE_USER_MESSAGE"]);
    const frame = await desk.socket.waitForQueue(
      (e) => e[0]?.preview === "Are you there?",
      5000,
      deskFrom,
    );
    expect(frame.entries).toEqual([
      expect.objectContaining({ session_id: sessionId, preview: "Are you there?" }),
    ]);
    const entries = ((await desk.api.queue()).json as { entries: QueueEntryJson[] }).entries;
    expect(entries[0]?.preview).toBe("Are you there?");
    const transcript = (await desk.api.events(sessionId)).json as { events: WireEvent[] };
    expect(transcript.events.at(-1)).toEqual(echo);
    // The preview is cut at 140 characters.
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "y".repeat(300) });
    await desk.socket.waitForQueue((e) => e[0]?.preview === "y".repeat(140));
  });

  it("times out after the queue's max wait: HANDOFF_TIMEOUT, then the AI agent rejoins", async () => {
    const clock = new FakeClock();
    const { s, desk } = await start({ maxWaitSeconds: 60 }, {}, clock);
    const { client } = await queued(s);
    await clock.advance(59_999);
    await barrier(client);
    expect(client.ofType("EVENT_TYPE_HANDOFF_TIMEOUT")).toEqual([]);
    const from = client.events.length;
    await clock.advance(1);
    const timeout = await client.waitFor("EVENT_TYPE_HANDOFF_TIMEOUT", 4000, from);
    expect(timeout.payload).toEqual({ reason: "MAX_WAIT_EXCEEDED", queue_name: "support" });
    expect(timeout.sequence).toEqual(expect.any(Number));
    await client.waitFor(
      (e) =>
        e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" &&
        e.payload.text === "I'm back. How else can I help?",
      4000,
      from,
    );
    const durable = client.events
      .slice(from)
      .filter((e) => e.sequence !== null)
      .map((e) => e.type);
    expect(durable).toEqual([
      "EVENT_TYPE_HANDOFF_TIMEOUT",
      "EVENT_TYPE_POLY_AGENT_JOINED",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
    ]);
    await desk.socket.waitForQueue((e) => e.length === 0);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchboard_handoff_outcomes_total\{outcome="timed_out"\} 1$/m);
  });
});

describe("the user ends or abandons", () => {
  it("ending while queued takes the conversation off the queue; nobody holds it", async () => {
    const { s, desk } = await start();
    const { client, sessionId } = await queued(s);
    await desk.socket.waitForQueue((e) => e.length === 1);
    const deskFrom = desk.socket.frames.length;
    client.send("EVENT_TYPE_USER_END_SESSION");
    const end = await client.waitFor("EVENT_TYPE_SESSION_END");
    expect(end.payload).toEqual({ reason: "REASON_USER_END" });
    await desk.socket.waitForQueue((e) => e.length === 0, 5000, deskFrom);
    expect((await desk.api.queue()).json).toEqual({ entries: [] });
    expect((await desk.api.sessions()).json).toEqual({ sessions: [] });
    expect((await desk.api.accept(sessionId)).status).toBe(404);
    expect(desk.socket.ofType("session.ended")).toEqual([]);
  });

  it("ending while held tells the holder with session.ended", async () => {
    const { s, desk } = await start();
    const { client, sessionId } = await queued(s);
    expect((await desk.api.accept(sessionId)).status).toBe(200);
    await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    client.send("EVENT_TYPE_USER_END_SESSION");
    expect((await closedWithin(client)).code).toBe(1000);
    const ended = await desk.socket.waitFor("session.ended");
    expect(ended).toEqual({
      seq: expect.any(Number),
      type: "session.ended",
      session_id: sessionId,
      reason: "REASON_USER_END",
    });
    expect((await desk.api.sessions()).json).toEqual({ sessions: [] });
    expect((await desk.api.message(sessionId, { text: "hello?" })).status).toBe(404);
  });

  it("abandoning while queued (no client activity for the session timeout) empties the queue", async () => {
    const { s, desk } = await start({}, { SWITCHBOARD_SESSION_TIMEOUT_SECONDS: "1" });
    const { client, sessionId } = await queued(s);
    client.close();
    await desk.socket.waitForQueue((e) => e.length === 0, 5000);
    const stored = await s.server.store.getSession(sessionId);
    expect(stored?.endReason).toBe("REASON_USER_ABANDONED");
    expect((await desk.api.queue()).json).toEqual({ entries: [] });
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchboard_handoff_outcomes_total\{outcome="abandoned"\} 1$/m);
  });
});
