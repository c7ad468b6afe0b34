// Session and connection lifecycle: user end, idle timeout, abandonment, retention, shutdown, close codes (§2.3, rules 8, 23–24).
import { afterEach, describe, expect, it } from "vitest";
import {
  closedWithin,
  connect,
  expectRefusal,
  firstBatch,
  joinedClient,
  newSession,
  refused,
  say,
} from "../support/conversation.js";
import { FakeClock, until } from "../support/fake-clock.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient } from "../support/ws-client.js";

/** Every close code seen in this file; 4000 must never appear (rule 8). */
const closeCodes: number[] = [];

// Registered before `closeAfterEach`, so it runs after the closing (after-hooks run as a stack).
afterEach(() => {
  expect(closeCodes).not.toContain(4000);
});
const closeLater = closeAfterEach();

/** A server on the fake clock: 10 min session timeout, replies not paced by the clock. */
const FAKE_TIME_ENV = {
  SWITCHBOARD_SESSION_TIMEOUT_SECONDS: "600",
  SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
  SWITCHBOARD_IDLE_TIMEOUT_SECONDS: "86400",
};

async function server(env: Record<string, string> = {}): Promise<TestServer> {
  return closeLater(await startTestServer(env));
}

function track(client: TestClient): TestClient {
  closeLater(client);
  void client.closed.then(({ code }) => closeCodes.push(code));
  return client;
}

async function joined(s: TestServer, body?: Record<string, unknown>) {
  const j = await joinedClient(s, { body });
  track(j.client);
  return j;
}

describe("ending by the user", () => {
  it("answers USER_END_SESSION with the echo, SESSION_END REASON_USER_END and 1000 on every connection", async () => {
    const s = await server();
    const { client, ...ref } = await joined(s);
    const other = track(await connect(s, ref));
    await other.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    const from = client.events.length;
    client.send("EVENT_TYPE_USER_END_SESSION", {}, { local_id: "end" });
    for (const c of [client, other]) {
      expect((await closedWithin(c)).code).toBe(1000);
      const end = await c.waitFor("EVENT_TYPE_SESSION_END");
      expect(end.payload).toEqual({ reason: "REASON_USER_END" });
      expect(c.events.at(-1)).toBe(end);
    }
    const tail = client.events.slice(from);
    expect(tail.map((e) => e.type)).toEqual([
      "EVENT_TYPE_USER_END_SESSION",
      "EVENT_TYPE_SESSION_END",
    ]);
    const [echo, end] = tail as [NonNullable<(typeof tail)[0]>, NonNullable<(typeof tail)[0]>];
    expect(echo.metadata).toEqual({ custom: { local_id: "end" } });
    expect(typeof echo.sequence).toBe("number");
    expect(end.sequence).toBe((echo.sequence as number) + 1);
    expect((await s.server.store.getSession(ref.sessionId))?.endReason).toBe("REASON_USER_END");
  });

  it("records the end even when the client closes its socket right after sending it", async () => {
    const s = await server();
    const { client, ...ref } = await joined(s);
    const last = client.lastSequence;
    client.send("EVENT_TYPE_USER_END_SESSION");
    // As the SDKs do: close at once, without waiting for the echo.
    client.ws.close(1000);
    const again = track(await connect(s, ref));
    const end = await again.waitFor("EVENT_TYPE_SESSION_END");
    expect((await closedWithin(again)).code).toBe(1000);
    expect(end.payload).toEqual({ reason: "REASON_USER_END" });
    expect(end.sequence).toBe(last + 2);
    const echo = again.events.find((e) => e.type === "EVENT_TYPE_USER_END_SESSION");
    expect(echo?.sequence).toBe(last + 1);
    expect(again.events.at(-1)).toBe(end);
  });

  it("replays an ended session ending with SESSION_END, then closes with 1000", async () => {
    const s = await server();
    const { client, ...ref } = await joined(s);
    await say(client, "opening hours");
    client.send("EVENT_TYPE_USER_END_SESSION");
    await closedWithin(client);
    const again = track(await connect(s, ref));
    expect((await closedWithin(again)).code).toBe(1000);
    expect(again.frames.every((f) => f.type === "EVENT_TYPE_EVENT_BATCH")).toBe(true);
    expect(again.events.at(-1)?.type).toBe("EVENT_TYPE_SESSION_END");
    expect(again.events.map((e) => JSON.stringify(e))).toEqual(
      client.events.filter((e) => e.sequence !== null).map((e) => JSON.stringify(e)),
    );
    // With a cursor too: SESSION_START and POLY_AGENT_JOINED first, SESSION_END last.
    const cursored = track(await connect(s, ref, String(client.lastSequence - 1)));
    expect((await closedWithin(cursored)).code).toBe(1000);
    expect(firstBatch(cursored).map((e) => e.type)).toEqual([
      "EVENT_TYPE_SESSION_START",
      "EVENT_TYPE_POLY_AGENT_JOINED",
      "EVENT_TYPE_SESSION_END",
    ]);
  });
});

describe("timeouts", () => {
  it("closes a silent connection after the idle timeout, not with 1000, and the session survives", async () => {
    const s = await server({ SWITCHBOARD_IDLE_TIMEOUT_SECONDS: "1" });
    const { client, ...ref } = await joined(s);
    const closed = await closedWithin(client, 4000);
    expect(closed.code).not.toBe(1000);
    expect(closed.code).not.toBe(4000);
    expect(closed.code).toBe(1001);
    expect(client.ofType("EVENT_TYPE_SESSION_END")).toHaveLength(0);
    const again = track(await connect(s, ref, String(client.lastSequence)));
    const { reply } = await say(again, "opening hours");
    expect(reply.payload.text).toMatch(/^We are open/);
    expect((await s.server.store.getSession(ref.sessionId))?.state).toBe("active");
  });

  it("keeps a connection that heartbeats open past the idle timeout", async () => {
    const s = await server({ SWITCHBOARD_IDLE_TIMEOUT_SECONDS: "1" });
    const { client } = await joined(s);
    const started = Date.now();
    while (Date.now() - started < 1800) {
      client.send("EVENT_TYPE_HEARTBEAT");
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    expect(client.ws.readyState).toBe(client.ws.OPEN);
    expect(client.ofType("EVENT_TYPE_HEARTBEAT").length).toBeGreaterThanOrEqual(5);
  });

  it("ends an inactive session with REASON_USER_ABANDONED, sent to the open connection", async () => {
    const clock = new FakeClock();
    const s = closeLater(await startTestServer(FAKE_TIME_ENV, undefined, clock));
    const { client, ...ref } = await joined(s);
    // The timeout passes; its slack (15 s) has not, so the session lives on.
    await clock.advance(600_000);
    expect(client.ofType("EVENT_TYPE_SESSION_END")).toEqual([]);
    await clock.advance(150_000);
    const end = await client.waitFor("EVENT_TYPE_SESSION_END", 5000);
    expect(end.payload).toEqual({ reason: "REASON_USER_ABANDONED" });
    expect(typeof end.sequence).toBe("number");
    expect((await closedWithin(client)).code).toBe(1000);
    const record = await s.server.store.getSession(ref.sessionId);
    expect(record?.state).toBe("ended");
    expect(record?.endReason).toBe("REASON_USER_ABANDONED");
  });

  it("ends a session whose user stays silent although its heartbeats keep arriving (sdk rule 34)", async () => {
    const clock = new FakeClock();
    const s = closeLater(await startTestServer(FAKE_TIME_ENV, undefined, clock));
    const { client } = await joined(s);
    const ended = () => client.ofType("EVENT_TYPE_SESSION_END").length > 0;
    // A heartbeat every 30 s of server time, answered before the next.
    for (let beat = 0; beat < 40 && !ended(); beat++) {
      const answered = client.ofType("EVENT_TYPE_HEARTBEAT").length + 1;
      client.send("EVENT_TYPE_HEARTBEAT");
      await until(() => client.ofType("EVENT_TYPE_HEARTBEAT").length >= answered, "the answer");
      await clock.advance(30_000);
    }
    await until(ended, "the end");
    const end = client.ofType("EVENT_TYPE_SESSION_END")[0];
    expect(client.ofType("EVENT_TYPE_HEARTBEAT").length).toBeGreaterThanOrEqual(2);
    expect(end?.payload).toEqual({ reason: "REASON_USER_ABANDONED" });
    expect((await closedWithin(client)).code).toBe(1000);
  });

  it("answers 404 on /ws once an ended session's retention (0 h) has passed", async () => {
    // The sweep that purges runs every quarter of the session timeout (at most 15 s): 2 s → 500 ms.
    const s = await server({
      SWITCHBOARD_SESSION_RETENTION_HOURS: "0",
      SWITCHBOARD_SESSION_TIMEOUT_SECONDS: "2",
    });
    const { client, ...ref } = await joined(s);
    client.send("EVENT_TYPE_USER_END_SESSION");
    await closedWithin(client);
    const deadline = Date.now() + 6000;
    for (;;) {
      try {
        const c = track(await connect(s, ref));
        await closedWithin(c);
      } catch (error) {
        expectRefusal(error as never, 404, "session not found");
        break;
      }
      if (Date.now() > deadline) throw new Error("the ended session was never purged");
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await s.server.store.getSession(ref.sessionId)).toBeUndefined();
    expectRefusal(await refused(connect(s, ref)), 404, "session not found");
  });
});

describe("connections", () => {
  it("closes an erased session's sockets with 4001, then answers 404", async () => {
    const s = await server();
    const { client, ...ref } = await joined(s);
    const response = await fetch(`${s.url}/admin/v1/sessions/${ref.sessionId}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${s.adminToken}` },
    });
    expect(response.status).toBe(204);
    expect((await closedWithin(client)).code).toBe(4001);
    expectRefusal(await refused(connect(s, ref)), 404, "session not found");
  });

  it("closes every socket with 1001 when the server shuts down", async () => {
    const s = await server();
    const { client, ...ref } = await joined(s);
    const other = track(await connect(s, ref));
    const fresh = track(await connect(s, await newSession(s)));
    await other.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    await fresh.waitFor("EVENT_TYPE_SESSION_START");
    const closing = s.server.close();
    for (const c of [client, other, fresh]) expect((await closedWithin(c)).code).toBe(1001);
    await closing;
  });

  it("does not end the session when the connection drops; a reconnect with a cursor continues", async () => {
    const s = await server();
    const { client, ...ref } = await joined(s);
    await say(client, "opening hours");
    const cursor = client.lastSequence;
    client.ws.terminate();
    await client.closed;
    const closedByClient = track(await connect(s, ref, String(cursor)));
    await closedByClient.waitFor("EVENT_TYPE_POLY_AGENT_JOINED");
    closedByClient.ws.close(1000);
    await closedByClient.closed;
    expect((await s.server.store.getSession(ref.sessionId))?.state).toBe("active");

    const again = track(await connect(s, ref, String(cursor)));
    await again.waitFor("EVENT_TYPE_POLY_AGENT_JOINED");
    expect(firstBatch(again).map((e) => e.type)).toEqual([
      "EVENT_TYPE_SESSION_START",
      "EVENT_TYPE_POLY_AGENT_JOINED",
    ]);
    const { echo, reply } = await say(again, "something else");
    expect(echo.sequence).toBe(cursor + 1);
    expect(reply.sequence).toBe(cursor + 2);
  });
});
