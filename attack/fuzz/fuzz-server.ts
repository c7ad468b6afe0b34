// The server a fuzz run attacks: the real process on a fresh data dir, limits lifted so inputs reach deep.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoConnectorToken, type ServerProcess, spawnServer } from "../support/server-main.js";
import { openSession } from "../support/sessions.js";
import type { FuzzOptions } from "./fuzz.js";
import type { HttpCredentials } from "./http-inputs.js";

const ADMIN_TOKEN = "test-admin-token-0123456789";

/**
 * Rate limits are lifted (they have tests of their own) so that inputs reach parsing and the
 * conversation instead of 429s; the JSON, size and buffer limits stay at their defaults.
 */
const FUZZ_ENV = {
  SWITCHBOARD_WS_MESSAGES_PER_SECOND: "10000",
  SWITCHBOARD_WS_MESSAGE_BURST: "100000",
  SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "1000000",
  SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "1000000",
  SWITCHBOARD_AUTH_FAILURES_PER_MINUTE: "100000",
  SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
  SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN,
  LOG_LEVEL: "warn",
};

/** A started server and what a fuzz run needs of it. */
export interface FuzzServer {
  server: ServerProcess;
  target: FuzzOptions["target"];
  serverProblem: FuzzOptions["serverProblem"];
  /** Error-level lines the server logged (each one a bug: nothing a client sends should cause one). */
  loggedErrors(): string[];
  stop(): Promise<void>;
}

/** Spawns the built server (or the build at `main`) and mints the credentials the inputs mix in. */
export async function startFuzzServer(main?: string): Promise<FuzzServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-fuzz-"));
  const server = await spawnServer(dataDir, FUZZ_ENV, undefined, main);
  const connectorToken = demoConnectorToken(dataDir);
  const newSession = () => openSession(server.url, connectorToken);
  const first = await newSession();
  const credentials: HttpCredentials = {
    connectorToken,
    accessToken: first.token,
    sessionId: first.sessionId,
    adminToken: ADMIN_TOKEN,
    deskToken: readFileSync(join(dataDir, "demo-desk-token"), "utf8").trim(),
  };
  return {
    server,
    target: { host: "127.0.0.1", port: server.port, newSession, credentials },
    serverProblem: async () => {
      if (server.child.exitCode !== null || server.child.signalCode !== null) {
        return `the server exited (${server.child.exitCode ?? server.child.signalCode})`;
      }
      const health = await fetch(`${server.url}/healthz`).then(
        (r) => r.status,
        (e: Error) => e.message,
      );
      return health === 200 ? null : `/healthz answered ${health}`;
    },
    loggedErrors: () =>
      server
        .output()
        .split("\n")
        .filter((line) => /"level":(50|60)/.test(line)),
    stop: async () => {
      await server.stop(15_000);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
