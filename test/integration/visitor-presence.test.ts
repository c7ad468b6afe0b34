// Visitor presence: the desk sees who is still there, a waiting visitor gone for the grace leaves the
// queue, a held chat with a gone visitor closes in one step, and it all holds across two processes.
import { afterEach, describe, expect, it } from "vitest";
import { secretSetting } from "../../src/app/shared-secrets.js";
import { connect } from "../support/conversation.js";
import {
  addQueue,
  type OnlineDesk,
  onlineDesk,
  type QueueEntryJson,
  queuedClient,
} from "../support/desk.js";
import { FakeClock, until } from "../support/fake-clock.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import { startServerWith, startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import { TEST_SECRETS_KEY } from "../support/test-backends.js";

const track = closeAfterEach();

async function start(clock: FakeClock, env: Record<string, string> = {}) {
  const s = track(
    await startTestServer({ SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0", ...env }, undefined, clock),
  );
  await addQueue(s, "support");
  const desk = await onlineDesk(s, { maxConcurrent: 10 });
  track(desk.socket);
  return { s, desk };
}

async function queued(s: TestServer) {
  const q = await queuedClient(s);
  track(q.client);
  return q;
}

/** Advances the fake clock in steps, letting timers fire, until `predicate` holds. */
async function advanceUntil(clock: FakeClock, ms: number, predicate: () => Promise<boolean>) {
  await clock.advance(ms);
  await until(async () => {
    await clock.advance(0);
    return predicate();
  }, "the expected state");
}

/** A server on the PostgreSQL store: its secrets live in the store, not in a data directory. */
async function startPgServer(env: Record<string, string>, clock: FakeClock): Promise<TestServer> {
  const server = await startServerWith(
    { ...env, SWITCHBOARD_DATA_DIR: "/nonexistent/sb" },
    () => undefined,
    clock,
  );
  const secret = async (name: string) => (await server.store.getSetting(secretSetting(name))) ?? "";
  const url = `http://127.0.0.1:${server.port}`;
  return {
    server,
    url,
    wsUrl: url.replace(/^http/, "ws"),
    dataDir: "",
    adminToken: await secret("admin-token"),
    connectorToken: await secret("demo-connector-token"),
    printed: [],
    close: () => server.close(),
  };
}

const stateOf = async (s: TestServer, id: string) => (await s.server.store.getSession(id))?.state;

describe("visitor presence at the desk", () => {
  it("shows a waiting visitor online, then offline since they closed the tab, live in the queue", async () => {
    const clock = new FakeClock();
    const { s, desk } = await start(clock);
    const { client, sessionId } = await queued(s);
    const online = await desk.socket.waitForQueue((e) => e[0]?.visitor.online === true);
    expect(online.entries).toEqual([
      expect.objectContaining({
        session_id: sessionId,
        visitor: { online: true, since: expect.stringMatching(/Z$/) },
      }),
    ]);
    const from = desk.socket.frames.length;
    const closedAt = clock.now();
    client.close();
    const frame = await desk.socket.waitForQueue((e) => e[0]?.visitor.online === false, 5000, from);
    const offline = { entries: frame.entries as QueueEntryJson[] };
    expect(offline.entries[0]?.visitor).toEqual({
      online: false,
      since: new Date(closedAt).toISOString(),
    });
    const rest = (await desk.api.queue()).json as { entries: { visitor: unknown }[] };
    expect(rest.entries[0]?.visitor).toEqual(offline.entries[0]?.visitor);
  });

  it("drops a waiting visitor offline for the grace: the session ends REASON_USER_ABANDONED and leaves the queue", async () => {
    const clock = new FakeClock();
    const { s, desk } = await start(clock, { SWITCHBOARD_VISITOR_OFFLINE_GRACE_SECONDS: "120" });
    const { client, sessionId } = await queued(s);
    await desk.socket.waitForQueue((e) => e.length === 1);
    client.close();
    await desk.socket.waitForQueue((e) => e[0]?.visitor.online === false);
    await clock.advance(119_000);
    await until(async () => {
      await clock.advance(0);
      return true;
    }, "timers due so far");
    expect(await stateOf(s, sessionId)).toBe("active");
    await advanceUntil(clock, 2_000, async () => (await stateOf(s, sessionId)) === "ended");
    expect((await s.server.store.getSession(sessionId))?.endReason).toBe("REASON_USER_ABANDONED");
    await desk.socket.waitForQueue((e) => e.length === 0);
    const ends = (await s.server.store.readEvents(sessionId, 0, 100)).filter(
      (e) => e.type === "EVENT_TYPE_SESSION_END",
    );
    expect(ends.map((e) => JSON.parse(e.payloadJson))).toEqual([
      { reason: "REASON_USER_ABANDONED" },
    ]);
    const metrics = await (await fetch(`${s.url}/metrics`)).text();
    expect(metrics).toMatch(/^switchboard_handoff_outcomes_total\{outcome="abandoned"\} 1$/m);
  });

  it("keeps the place of a visitor who comes back within the grace, and of one who stays", async () => {
    const clock = new FakeClock();
    const { s, desk } = await start(clock);
    const back = await queued(s);
    const stays = await queued(s);
    await desk.socket.waitForQueue((e) => e.length === 2);
    back.client.close();
    await desk.socket.waitForQueue(
      (e) => e.find((x) => x.session_id === back.sessionId)?.visitor.online === false,
    );
    await clock.advance(60_000);
    const from = desk.socket.frames.length;
    const again = track(await connect(s, { sessionId: back.sessionId, token: back.token }));
    await desk.socket.waitForQueue(
      (e) => e.find((x) => x.session_id === back.sessionId)?.visitor.online === true,
      5000,
      from,
    );
    // Well past the grace (and the sessions' timeout stays far away): both still wait.
    await clock.advance(300_000);
    await until(async () => {
      await clock.advance(0);
      return true;
    }, "timers due so far");
    expect(await stateOf(s, back.sessionId)).toBe("active");
    expect(await stateOf(s, stays.sessionId)).toBe("active");
    expect(((await desk.api.queue()).json as { entries: unknown[] }).entries).toHaveLength(2);
    again.close();
  });

  it("tells the holder when their visitor leaves, keeps the chat, and ends it with one call", async () => {
    const clock = new FakeClock();
    const { s, desk } = await start(clock);
    const { client, sessionId } = await queued(s);
    expect((await desk.api.accept(sessionId)).status).toBe(200);
    await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    const transcript = (await desk.api.events(sessionId)).json as {
      session: { visitor: unknown };
    };
    expect(transcript.session.visitor).toEqual({ online: true, since: expect.any(String) });
    const closedAt = clock.now();
    client.close();
    const frame = await desk.socket.waitFor("session.presence");
    expect(frame).toEqual({
      seq: expect.any(Number),
      type: "session.presence",
      session_id: sessionId,
      visitor: { online: false, since: new Date(closedAt).toISOString() },
    });
    // A held chat is the desk user's to close: the grace does not end it.
    await clock.advance(600_000 - 1000);
    await until(async () => {
      await clock.advance(0);
      return true;
    }, "timers due so far");
    expect(await stateOf(s, sessionId)).toBe("active");
    expect((await desk.api.leave(sessionId, true)).status).toBe(204);
    expect(await stateOf(s, sessionId)).toBe("ended");
  });
});

describe("visitor presence across processes", () => {
  const schemas: string[] = [];
  afterEach(async () => {
    for (const schema of schemas.splice(0)) await dropSchema(schema);
  });

  it("two servers on one PostgreSQL schema read the same presence, and the grace ends the session once", async () => {
    const schema = freshSchemaName();
    schemas.push(schema);
    const clock = new FakeClock();
    const env = {
      SWITCHBOARD_STORE: `${TEST_POSTGRES_URL}?schema=${schema}`,
      SWITCHBOARD_SECRETS_KEY: TEST_SECRETS_KEY,
      SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
      SWITCHBOARD_VISITOR_OFFLINE_GRACE_SECONDS: "30",
    };
    const a = track(await startPgServer(env, clock));
    const b = track(await startPgServer(env, clock));
    await addQueue(a, "support");
    const desk: OnlineDesk = await onlineDesk(a, { maxConcurrent: 10 });
    track(desk.socket);
    const { client, sessionId, token } = await queued(a);
    const presence = async (t: TestServer) =>
      (await t.server.hub.visitorPresence([sessionId])).get(sessionId);
    // A second tab on the other process; the first one closes: still online, seen from both.
    const other = track(await connect(b, { sessionId, token }));
    await until(async () => (await presence(a))?.online === true, "B's connection");
    client.close();
    await desk.socket.waitForQueue((e) => e[0]?.visitor.online === true);
    await clock.advance(60_000);
    await until(async () => {
      await clock.advance(0);
      return true;
    }, "timers due so far");
    expect((await presence(a))?.online).toBe(true);
    expect(await stateOf(a, sessionId)).toBe("active");
    // The last tab, on B, closes: A's desk hears it (read from the store), and the grace ends it.
    const closedAt = clock.now();
    other.close();
    await until(async () => (await presence(a))?.online === false, "offline on A");
    expect(await presence(b)).toEqual({ online: false, since: closedAt });
    await advanceUntil(clock, 5_000, async () => {
      const frame = desk.socket.frames.at(-1);
      return frame?.type === "queue";
    });
    await desk.socket.waitForQueue((e) => e[0]?.visitor.online === false);
    await advanceUntil(clock, 30_000, async () => (await stateOf(b, sessionId)) === "ended");
    const ends = (await b.server.store.readEvents(sessionId, 0, 100)).filter(
      (e) => e.type === "EVENT_TYPE_SESSION_END",
    );
    expect(ends.map((e) => JSON.parse(e.payloadJson))).toEqual([
      { reason: "REASON_USER_ABANDONED" },
    ]);
  });
  it("a process shutting down gracefully records its visitors as gone, so the other sees them offline at once", async () => {
    const schema = freshSchemaName();
    schemas.push(schema);
    const clock = new FakeClock();
    const env = {
      SWITCHBOARD_STORE: `${TEST_POSTGRES_URL}?schema=${schema}`,
      SWITCHBOARD_SECRETS_KEY: TEST_SECRETS_KEY,
      SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
    };
    const a = await startPgServer(env, clock);
    const b = track(await startPgServer(env, clock));
    await addQueue(a, "support");
    const desk = await onlineDesk(a, { maxConcurrent: 10 });
    track(desk.socket);
    const { sessionId } = await queued(a);
    const presence = async () => (await b.server.hub.visitorPresence([sessionId])).get(sessionId);
    expect((await presence())?.online).toBe(true);
    const stoppedAt = clock.now();
    await a.close();
    // No time passes: without the shutdown's record the row would read open until its TTL.
    expect(await presence()).toEqual({ online: false, since: stoppedAt });
  });
});
