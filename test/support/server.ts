// Starts a real server on an ephemeral port with a fresh data dir, and mints sessions against it.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { secretSetting } from "../../src/app/shared-secrets.js";
import { type RunningServer, startServer } from "../../src/app.js";
import { type Config, loadConfig } from "../../src/config/index.js";
import type { Clock } from "../../src/core/index.js";
import { systemClock } from "../../src/platform/index.js";

export interface TestServer {
  server: RunningServer;
  url: string;
  wsUrl: string;
  dataDir: string;
  adminToken: string;
  /** The demo connector's token (host `localhost`). */
  connectorToken: string;
  /** Lines the server printed at start. */
  printed: string[];
  close(): Promise<void>;
}

export const TEST_ADMIN_TOKEN = "test-admin-token-0123456789";

/** A server with the demo agent, settings overridden by environment-style `env`. */
export async function startTestServer(
  env: Record<string, string> = {},
  dataDir?: string,
  clock?: Clock,
): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), "switchboard-test-"));
  const printed: string[] = [];
  const server = await startServerWith(
    {
      SWITCHBOARD_DATA_DIR: dir,
      SWITCHBOARD_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "5",
      // Every test client is 127.0.0.1: per-client limits are tested on their own, with
      // distinct loopback addresses, not by every test that makes a few sessions.
      SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "100000",
      ...env,
    },
    (line) => printed.push(line),
    clock,
  );
  const url = `http://127.0.0.1:${server.port}`;
  return {
    server,
    url,
    wsUrl: url.replace(/^http/, "ws"),
    dataDir: dir,
    adminToken: TEST_ADMIN_TOKEN,
    connectorToken: await demoToken(server, dir),
    printed,
    close: async () => {
      await server.close();
      if (!dataDir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The demo connector's token: its copy in the data dir, else (a shared store provisioned earlier) the store's. */
async function demoToken(server: RunningServer, dir: string): Promise<string> {
  const file = join(dir, "demo-connector-token");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  const stored = await server.store.getSetting(secretSetting("demo-connector-token"));
  if (stored === undefined) throw new Error("the server has no demo connector token");
  return stored;
}

/**
 * The server as `main.ts` starts it, from environment-style settings, on 127.0.0.1 port 0 with
 * logging off (unless `env` says otherwise); throws on configuration problems.
 */
export async function startServerWith(
  env: Record<string, string | undefined>,
  print: (line: string) => void = () => undefined,
  clock?: Clock,
): Promise<RunningServer> {
  const loaded = loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...env });
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  return startServer(loaded.config, { signals: false, print, ...(clock ? { clock } : {}) });
}

/** The system clock moved forward by what `jump` added: the server lives through time at once. */
export interface ShiftedClock extends Clock {
  jump(ms: number): void;
}

/** A clock for jumping a server ahead (token expiry, idle sessions) with real timers underneath. */
export function shiftedClock(): ShiftedClock {
  let offset = 0;
  return {
    ...systemClock,
    now: () => Date.now() + offset,
    jump(ms) {
      offset += ms;
    },
  };
}

/** Every setting at its default (`env` overriding some), for parts built without a server. */
export function defaultConfig(env: Record<string, string> = {}): Config {
  const loaded = loadConfig(env);
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  return loaded.config;
}

/** POST /api/v1/access-token with the demo connector; returns the token. */
export async function mintToken(
  t: TestServer,
  headers: Record<string, string> = {},
): Promise<string> {
  const response = await fetch(`${t.url}/api/v1/access-token`, {
    method: "POST",
    headers: {
      "X-Token": t.connectorToken,
      "X-Host": "localhost",
      "Content-Type": "application/json",
      ...headers,
    },
    body: "{}",
  });
  if (response.status !== 200)
    throw new Error(`access-token: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Creates a session (on the demo connector unless `connectorToken` names another); returns its id and the token it belongs to. */
export async function createSession(
  t: TestServer,
  body: Record<string, unknown> = {},
  connectorToken = t.connectorToken,
): Promise<{ sessionId: string; token: string }> {
  const token = await mintToken(t, { "X-Token": connectorToken });
  const response = await fetch(`${t.url}/api/v1/sessions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  if (response.status !== 200)
    throw new Error(`sessions: ${response.status} ${await response.text()}`);
  const { session_id } = (await response.json()) as { session_id: string };
  return { sessionId: session_id, token };
}
