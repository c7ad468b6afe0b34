// A Switchboard server as a bench child: starts with a temp data dir and reports its port and demo token.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { secretSetting } from "../src/app/shared-secrets.js";
import { startServer } from "../src/app.js";
import { loadConfig } from "../src/config/index.js";
import { announceReady, serveRunner } from "./child-ipc.js";

/** Settings that keep limits and logging out of the measurement; the environment may override them. */
const BENCH_SERVER_ENV: Readonly<Record<string, string>> = {
  PORT: "0",
  HOST: "127.0.0.1",
  LOG_LEVEL: "silent",
  SWITCHBOARD_WS_MESSAGES_PER_SECOND: "10000",
  SWITCHBOARD_WS_MESSAGE_BURST: "100000",
  SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "1000000",
  SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "1000000",
  SWITCHBOARD_ADMIN_TOKEN: "bench-admin-token-0123456789",
};

async function main(): Promise<void> {
  // The runner removes its dir too (after a SIGKILL); we remove it when the runner itself died.
  const ownDir =
    process.env.SWITCHBOARD_DATA_DIR === undefined || process.env.BENCH_REMOVE_DATA_DIR === "1";
  const dataDir =
    process.env.SWITCHBOARD_DATA_DIR ?? mkdtempSync(join(tmpdir(), "switchboard-bench-"));
  const loaded = loadConfig({ ...BENCH_SERVER_ENV, ...process.env, SWITCHBOARD_DATA_DIR: dataDir });
  if (!loaded.ok) throw new Error(loaded.problems.join("\n"));
  // On exit rather than after close, so a forced exit (close hung) or failed start cleans up too.
  if (ownDir) process.on("exit", () => rmSync(dataDir, { recursive: true, force: true }));
  const server = await startServer(loaded.config, { signals: false, print: () => undefined });
  serveRunner(() => server.close());
  // From the store: with PostgreSQL only the provisioning process writes the file copy.
  const connectorToken = await server.store.getSetting(secretSetting("demo-connector-token"));
  announceReady({ kind: "ready", port: server.port, connectorToken });
}

main().catch((error: unknown) => {
  console.error("bench server failed to start:", error);
  process.exit(1);
});
