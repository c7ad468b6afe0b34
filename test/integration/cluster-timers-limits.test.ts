// Two servers sharing their coordination — one Redis (SWITCHBOARD_BUS), or PostgreSQL alone (its
// store and a LISTEN/NOTIFY bus): connection slots are counted for both together, and a session's
// abandonment timer fires once, in whichever of them claims it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { connect, expectRefusal, newSession, refused } from "../support/conversation.js";
import { FakeClock, until } from "../support/fake-clock.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import { dropPrefix, TEST_REDIS_URL, testPrefix } from "../support/redis.js";
import { startTestServer, type TestServer } from "../support/server.js";
import type { TestClient } from "../support/ws-client.js";

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Shared = "Redis" | "PostgreSQL alone";

/** Where the two servers meet: their store and bus settings, and how to clean up after them. */
function sharedEnv(shared: Shared): Record<string, string> {
  if (shared === "Redis") {
    const prefix = testPrefix();
    cleanups.push(() => dropPrefix(prefix));
    return { SWITCHBOARD_BUS: TEST_REDIS_URL, SWITCHBOARD_BUS_PREFIX: prefix };
  }
  const schema = freshSchemaName();
  cleanups.push(() => dropSchema(schema));
  return {
    SWITCHBOARD_STORE: `${TEST_POSTGRES_URL}?schema=${schema}`,
    SWITCHBOARD_BUS: TEST_POSTGRES_URL,
    SWITCHBOARD_BUS_PREFIX: schema,
  };
}

async function twoServers(shared: Shared, clock?: FakeClock): Promise<[TestServer, TestServer]> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-cluster-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const env = {
    ...sharedEnv(shared),
    SWITCHBOARD_SESSION_TIMEOUT_SECONDS: "600",
    SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
  };
  const a = await startTestServer(env, dir, clock);
  cleanups.push(() => a.close());
  const b = await startTestServer(env, dir, clock);
  cleanups.push(() => b.close());
  return [a, b];
}

describe.each<Shared>(["Redis", "PostgreSQL alone"])("two servers on %s", (shared) => {
  it("count a session's connections together: the 11th is refused on either", async () => {
    const [a, b] = await twoServers(shared);
    const ref = await newSession(a);
    const open: TestClient[] = [];
    cleanups.push(() => Promise.all(open.map((c) => c.close())));
    for (let i = 0; i < 10; i++) open.push(await connect(i % 2 ? a : b, ref));
    expectRefusal(await refused(connect(a, ref)), 429, "connection limit exceeded for session");
    expectRefusal(await refused(connect(b, ref)), 429, "connection limit exceeded for session");
    // A slot given back on one server is usable on the other.
    const first = open.shift() as TestClient;
    first.close();
    await first.closed;
    await until(async () => {
      try {
        open.push(await connect(a, ref));
        return true;
      } catch {
        return false;
      }
    }, "the freed slot");
  });

  it("end an abandoned session once, whichever server fires its timer", async () => {
    const clock = new FakeClock();
    const [a, b] = await twoServers(shared, clock);
    const ref = await newSession(a);
    await clock.advance(599_000);
    expect((await b.server.store.getSession(ref.sessionId))?.state).toBe("active");
    await clock.advance(20_000);
    await until(async () => {
      await clock.advance(0);
      return (await b.server.store.getSession(ref.sessionId))?.state === "ended";
    }, "the abandonment");
    await clock.advance(60_000);
    await until(async () => {
      await clock.advance(0);
      return true;
    }, "any second firing");
    const ends = (await a.server.store.readEvents(ref.sessionId, 0, 100)).filter(
      (e) => e.type === "EVENT_TYPE_SESSION_END",
    );
    expect(ends.map((e) => JSON.parse(e.payloadJson))).toEqual([
      { reason: "REASON_USER_ABANDONED" },
    ]);
  });
});
