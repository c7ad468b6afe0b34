// Two servers on one store and a networked bus: a session's events reach connections on both;
// while the bus is cut /readyz fails, connections carry on from the store, and all recovers.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, joinedClient, say } from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { TcpProxy } from "../support/tcp-proxy.js";

const BACKENDS = [
  { name: "Redis", port: 6379, url: (port: number) => `redis://127.0.0.1:${port}` },
  {
    name: "PostgreSQL",
    port: 5432,
    url: (port: number) => `postgres://postgres@127.0.0.1:${port}/test`,
  },
];

async function readyz(t: TestServer): Promise<number> {
  return (await fetch(`${t.url}/readyz`)).status;
}

describe.each(BACKENDS)("two servers over the $name bus", (backend) => {
  let proxy: TcpProxy;
  let dir: string;
  let a: TestServer;
  let b: TestServer;

  beforeAll(async () => {
    proxy = await TcpProxy.start(backend.port);
    dir = mkdtempSync(join(tmpdir(), "switchboard-bus-"));
    const env = {
      SWITCHBOARD_BUS: backend.url(proxy.port),
      SWITCHBOARD_BUS_PREFIX: `test_${randomBytes(6).toString("hex")}`,
      SWITCHBOARD_POSITION_CHECK_MS: "200",
    };
    // One data dir, one SQLite file: the second server finds what the first provisioned.
    a = await startTestServer(env, dir);
    b = await startTestServer(env, dir);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await proxy?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("delivers what is said on one server to a connection on the other", async () => {
    const joined = await joinedClient(a);
    const other = await connect(b, joined);
    await other.waitFor("EVENT_TYPE_SESSION_START");
    const { echo, reply } = await say(other, "hello from B");
    await joined.client.waitFor((e) => e.id === echo.id);
    await joined.client.waitFor((e) => e.id === reply.id);
    const sequences = (events: { sequence: number | null }[]) =>
      events.map((e) => e.sequence).filter((s) => s !== null);
    expect(sequences(joined.client.events)).toEqual(
      Array.from({ length: reply.sequence ?? 0 }, (_, i) => i + 1),
    );
    joined.client.close();
    other.close();
  });

  it("fails readiness while the bus is cut, keeps connections fed from the store, and recovers", async () => {
    const joined = await joinedClient(a);
    const other = await connect(b, joined);
    await other.waitFor("EVENT_TYPE_SESSION_START");
    expect(await readyz(a)).toBe(200);
    proxy.cut();
    await expect.poll(() => readyz(a), { timeout: 10_000 }).toBe(503);
    await expect.poll(() => readyz(b), { timeout: 10_000 }).toBe(503);
    // The bus is gone; the position check brings B's message and answer to A's connection.
    const { reply } = await say(other, "while the bus is down");
    await joined.client.waitFor((e) => e.id === reply.id, 10_000);
    proxy.restore();
    await expect.poll(() => readyz(a), { timeout: 10_000 }).toBe(200);
    await expect.poll(() => readyz(b), { timeout: 10_000 }).toBe(200);
    const after = await say(other, "and after");
    await joined.client.waitFor((e) => e.id === after.reply.id, 10_000);
    const sequences = joined.client.events.map((e) => e.sequence).filter((s) => s !== null);
    expect(sequences).toEqual(Array.from({ length: after.reply.sequence ?? 0 }, (_, i) => i + 1));
    joined.client.close();
    other.close();
  });
});
