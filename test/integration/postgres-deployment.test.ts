// Servers on PostgreSQL: provisioning once across processes, a real conversation, readiness, migrate.
import { existsSync } from "node:fs";
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, describe, expect, it } from "vitest";
import { secretSetting } from "../../src/app/shared-secrets.js";
import type { RunningServer } from "../../src/app.js";
import { runCli } from "../../src/cli/index.js";
import { connect, joinedClient, say } from "../support/conversation.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import { startServerWith, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import { TEST_SECRETS_KEY } from "../support/test-backends.js";

const schemas: string[] = [];
const track = closeAfterEach();
afterAll(async () => {
  for (const schema of schemas) await dropSchema(schema);
});

function newSchema(): string {
  const schema = freshSchemaName();
  schemas.push(schema);
  return schema;
}

/** A data dir that does not exist: with PostgreSQL nothing may need it. */
function absentDataDir(): string {
  return join(tmpdir(), `switchboard-no-data-${Math.random().toString(36).slice(2)}`);
}

async function startPgServer(
  url: string,
  env: Record<string, string> = {},
): Promise<TestServer & { dataDir: string }> {
  const printed: string[] = [];
  const dataDir = absentDataDir();
  const server = await startServerWith(
    {
      SWITCHBOARD_STORE: url,
      SWITCHBOARD_SECRETS_KEY: TEST_SECRETS_KEY,
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "5",
      SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "100000",
      ...env,
    },
    (line) => printed.push(line),
  );
  return track(await asTestServer(server, dataDir, printed));
}

async function asTestServer(
  server: RunningServer,
  dataDir: string,
  printed: string[],
): Promise<TestServer> {
  const url = `http://127.0.0.1:${server.port}`;
  const secret = async (name: string) => {
    const value = await server.store.getSetting(secretSetting(name));
    if (value === undefined) throw new Error(`no ${name} in the store`);
    return value;
  };
  return {
    server,
    url,
    wsUrl: url.replace(/^http/, "ws"),
    dataDir,
    adminToken: await secret("admin-token"),
    connectorToken: await secret("demo-connector-token"),
    printed,
    close: () => server.close(),
  };
}

const schemaUrl = (schema: string) => `${TEST_POSTGRES_URL}?schema=${schema}`;

describe("servers on one PostgreSQL schema", () => {
  it("provision exactly once when two start together, and share the secrets", async () => {
    const url = schemaUrl(newSchema());
    const [a, b] = await Promise.all([startPgServer(url), startPgServer(url)]);
    const printed = [...a.printed, ...b.printed];
    expect(printed.filter((l) => l.startsWith("Created demo agent"))).toHaveLength(1);
    expect(printed.filter((l) => l.startsWith("Created queue"))).toHaveLength(1);
    expect(printed.filter((l) => l.startsWith("Generated admin token"))).toHaveLength(1);
    expect(a.adminToken).toBe(b.adminToken);
    expect(a.connectorToken).toBe(b.connectorToken);
    expect(await a.server.store.listConnectors()).toHaveLength(1);
    expect(await a.server.store.listSigningKeys()).toHaveLength(1);
    for (const server of [a, b]) {
      // Either process answers the admin API with the one generated token.
      const response = await fetch(`${server.url}/admin/v1/connectors`, {
        headers: { Authorization: `Bearer ${a.adminToken}` },
      });
      expect(response.status).toBe(200);
      expect(existsSync(server.dataDir)).toBe(false);
    }
  });

  it("serve a conversation over WebSocket, and the other process replays it from the store", async () => {
    const url = schemaUrl(newSchema());
    const a = await startPgServer(url);
    const b = await startPgServer(url);
    const joined = await joinedClient(a);
    track(joined.client);
    const { reply } = await say(joined.client, "what are your opening hours?");
    expect(reply.payload.text).toMatch(/9/);

    // A token minted by A is accepted by B (shared signing keys); B reads the history from the store.
    const other = track(await connect(b, joined, "0"));
    const replayed = await other.waitFor((e) => e.sequence === reply.sequence);
    expect(replayed.payload).toEqual(reply.payload);
    const stored = await b.server.store.readEvents(joined.sessionId, 0, 100);
    expect(stored.map((e) => e.sequence)).toEqual(stored.map((_, i) => i + 1));
    expect(stored.at(-1)?.sequence).toBe(reply.sequence);
  });

  it("are not ready while PostgreSQL is unreachable and become ready again by themselves", async () => {
    const url = schemaUrl(newSchema());
    const proxy = await startPgProxy();
    const proxied = new URL(url);
    proxied.port = String(proxy.port);
    const server = await startPgServer(proxied.toString());
    const ready = async () => (await fetch(`${server.url}/readyz`)).status;
    expect(await ready()).toBe(200);

    await proxy.stop();
    expect(await ready()).toBe(503);
    expect(await ready()).toBe(503);

    await proxy.start();
    expect(await eventually(async () => (await ready()) === 200)).toBe(true);
  });

  it("refuse to start without the sealing key, or with another key than the deployment's", async () => {
    const url = schemaUrl(newSchema());
    const start = (key: string | undefined) =>
      startServerWith({
        SWITCHBOARD_STORE: url,
        SWITCHBOARD_SECRETS_KEY: key,
        SWITCHBOARD_DATA_DIR: absentDataDir(),
      });
    await expect(start(undefined)).rejects.toThrow(/SWITCHBOARD_SECRETS_KEY must be set/);
    track(await start(TEST_SECRETS_KEY));
    await expect(start(`${TEST_SECRETS_KEY}-other`)).rejects.toThrow(
      /not the key this store's secrets were sealed with/,
    );
  });

  it("switchboard migrate applies the schema once and then finds it up to date", async () => {
    const url = schemaUrl(newSchema());
    const migrate = async () => {
      const out = new PassThrough();
      let text = "";
      out.on("data", (chunk) => {
        text += String(chunk);
      });
      const env = { SWITCHBOARD_STORE: url, SWITCHBOARD_DATA_DIR: absentDataDir() };
      const code = await runCli(["migrate"], { stdout: out, stderr: out, env });
      return { code, text };
    };
    const first = await migrate();
    expect(first).toMatchObject({ code: 0 });
    expect(first.text).toMatch(/applied migrations 1, 2, 3, 4\b/);
    expect(first.text).not.toContain("postgres@");
    const second = await migrate();
    expect(second.text).toMatch(/schema is up to date/);
  });
});

/** Polls `check` until it holds (a bounded number of tries, not a timing assertion). */
async function eventually(check: () => Promise<boolean>, tries = 100): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** A TCP proxy to the test PostgreSQL that can be stopped (every link cut) and started again. */
async function startPgProxy() {
  const target = new URL(TEST_POSTGRES_URL);
  const links = new Set<Socket>();
  let server: Server | undefined;
  let port = 0;
  const start = async () => {
    server = createServer((client) => {
      const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
      for (const link of [client, upstream]) {
        links.add(link);
        link.on("error", () => undefined);
        link.on("close", () => links.delete(link));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server?.listen(port, "127.0.0.1", resolve));
    const address = server.address();
    port = typeof address === "object" && address ? address.port : 0;
  };
  await start();
  const stop = async () => {
    for (const link of links) link.destroy();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
  };
  track({ close: stop });
  return {
    get port() {
      return port;
    },
    start,
    stop,
  };
}
