// The built server (`node dist/src/main.js serve`) as a child process, for crash, restart, shutdown and log runs.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from both attack/support (tests) and dist/attack/support (scripts). */
const ROOT = fileURLToPath(
  new URL(import.meta.url.includes("/dist/attack/") ? "../../.." : "../..", import.meta.url),
);
const MAIN = join(ROOT, "dist", "src", "main.js");

/** A started server process. */
export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  wsUrl: string;
  /** Resolves when the process is gone, with its exit code or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGTERM, then SIGKILL after `ms`; resolves when the process is gone. */
  stop(ms?: number): Promise<void>;
}

/** How long a start may take: a process started beside others under load (a restart mid-test) can be slow to load. */
const START_WITHIN_MS = 30_000;

/** The demo connector's token, which the server writes into its data dir. */
export function demoConnectorToken(dataDir: string): string {
  return readFileSync(join(dataDir, "demo-connector-token"), "utf8").trim();
}

/**
 * Spawns `switchboard serve` on `dataDir` (env overrides settings; `port` reuses a port, e.g.
 * after a crash; `main` runs another build, e.g. an older one to see an attack work on it) and
 * resolves once it listens.
 */
export async function spawnServer(
  dataDir: string,
  env: Record<string, string> = {},
  port?: number,
  main = MAIN,
): Promise<ServerProcess> {
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const listenPort = port ?? (await freePort());
  const child = spawn(process.execPath, [main, "serve"], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(listenPort),
      HOST: "127.0.0.1",
      SWITCHBOARD_DATA_DIR: dataDir,
      SWITCHBOARD_ADMIN_TOKEN: "test-admin-token-0123456789",
      LOG_LEVEL: "warn",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: string[] = [];
  child.stdout?.on("data", (data: Buffer) => chunks.push(data.toString("utf8")));
  child.stderr?.on("data", (data: Buffer) => chunks.push(data.toString("utf8")));
  const output = () => chunks.join("");
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once("exit", (code, signal) => done({ code, signal })),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  const deadline = Date.now() + START_WITHIN_MS;
  while (!output().includes("Switchboard is listening")) {
    if (gone) throw new Error(`server exited before listening:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`server did not start within ${START_WITHIN_MS / 1000} s:\n${output()}`);
    }
    await new Promise((wake) => setTimeout(wake, 20));
  }
  const url = `http://127.0.0.1:${listenPort}`;
  const stop = async (ms = 10_000) => {
    if (gone) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), ms);
    await exited;
    clearTimeout(timer);
  };
  return {
    child,
    port: listenPort,
    url,
    wsUrl: url.replace(/^http/, "ws"),
    exited,
    output,
    stop,
  };
}

/** A TCP port that was free a moment ago (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
