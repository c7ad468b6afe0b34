// The runner's side of its server children: start, sample memory, stop, and kill them all on exit.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { ChildMessage, MemoryMessage, ReadyMessage } from "./child-ipc.js";

/** A running server child. */
export interface ServerChild {
  readonly pid: number;
  readonly url: string;
  readonly wsUrl: string;
  /** The demo connector's token (Switchboard only). */
  readonly connectorToken: string | undefined;
  /** The child's memory after a forced GC. */
  memory(): Promise<MemoryMessage>;
  /** SIGTERM, then SIGKILL if it lingers; removes its data dir. */
  stop(): Promise<void>;
}

export type ServerKind = "baseline" | "switchboard";

export interface ChildOptions {
  /** Extra node flags, e.g. `--cpu-prof`. */
  nodeFlags?: string[];
  env?: Record<string, string>;
  /** Another build's child script to run instead (an earlier `dist/bench/server-process.js`). */
  script?: string;
  /** A data dir shared with other children (one store for several processes); the caller removes it. */
  dataDir?: string;
}

const SCRIPTS: Record<ServerKind, string> = {
  baseline: "echo-server-process.js",
  switchboard: "server-process.js",
};
const here = dirname(fileURLToPath(import.meta.url));
const live = new Set<{ process: ChildProcess; dataDir: string | undefined }>();

/** Forks a server child and resolves once it listens. */
export async function startServerChild(
  kind: ServerKind,
  options: ChildOptions = {},
): Promise<ServerChild> {
  const shared = options.dataDir;
  const dataDir =
    kind === "switchboard" && shared === undefined
      ? mkdtempSync(join(tmpdir(), "switchboard-bench-"))
      : undefined;
  const child = fork(options.script ?? join(here, SCRIPTS[kind]), [], {
    execArgv: ["--expose-gc", ...(options.nodeFlags ?? [])],
    env: {
      ...process.env,
      ...options.env,
      ...(dataDir ? { SWITCHBOARD_DATA_DIR: dataDir, BENCH_REMOVE_DATA_DIR: "1" } : {}),
      ...(shared ? { SWITCHBOARD_DATA_DIR: shared } : {}),
    },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const entry = { process: child, dataDir };
  live.add(entry);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    const ready = await waitForReady(child);
    return handle(child, ready, exited, () => {
      live.delete(entry);
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });
  } catch (error) {
    killEntry(entry);
    live.delete(entry);
    throw error;
  }
}

/** Kills every child still running and removes their data dirs; safe inside an `exit` handler. */
export function killAllServerChildren(): void {
  for (const entry of live) killEntry(entry);
  live.clear();
}

function killEntry(entry: { process: ChildProcess; dataDir: string | undefined }): void {
  if (entry.process.exitCode === null && entry.process.signalCode === null)
    entry.process.kill("SIGKILL");
  if (entry.dataDir) rmSync(entry.dataDir, { recursive: true, force: true });
}

function waitForReady(child: ChildProcess): Promise<ReadyMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("server child did not start within 30 s")),
      30_000,
    );
    child.on("message", (message: ChildMessage) => {
      if (message.kind !== "ready") return;
      clearTimeout(timer);
      resolve(message);
    });
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`server child exited before it was ready (code ${code}, signal ${signal})`));
    });
  });
}

function handle(
  child: ChildProcess,
  ready: ReadyMessage,
  exited: Promise<void>,
  forget: () => void,
): ServerChild {
  let nextId = 1;
  const url = `http://127.0.0.1:${ready.port}`;
  return {
    pid: child.pid ?? 0,
    url,
    wsUrl: url.replace(/^http/, "ws"),
    connectorToken: ready.connectorToken,
    memory: () =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        const timer = setTimeout(() => reject(new Error("memory sample timed out")), 10_000);
        const listen = (message: ChildMessage) => {
          if (message.kind !== "memory" || message.id !== id) return;
          clearTimeout(timer);
          child.off("message", listen);
          resolve(message);
        };
        child.on("message", listen);
        child.send({ kind: "memory", id });
      }),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 8000);
        await exited;
        clearTimeout(timer);
      }
      forget();
    },
  };
}
