// The built server run as a child process with its output captured, for tests that read its logs.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "./http.js";

const ROOT = resolve(import.meta.dirname, "../..");
const MAIN = join(ROOT, "dist/src/main.js");

/** A running server process. */
export interface BuiltServer {
  url: string;
  dataDir: string;
  /** Everything the process wrote to stdout and stderr so far, interleaved as it came. */
  output(): string;
  /** SIGTERM, wait for the exit (SIGKILL after `ms`), remove the data dir; resolves with the exit code. */
  stop(ms?: number): Promise<number | null>;
}

/**
 * Compiles the project into dist with its own tsc. Type errors elsewhere in the tree do not
 * stop the emit, so only a missing entry point fails.
 */
export async function buildDist(): Promise<void> {
  const tsc = join(ROOT, "node_modules/.bin/tsc");
  await new Promise<void>((done) => {
    execFile(tsc, ["-p", "tsconfig.json"], { cwd: ROOT, timeout: 60_000 }, () => done());
  });
  if (!existsSync(MAIN) || !existsSync(join(ROOT, "dist/src/cli/index.js"))) {
    throw new Error("tsc did not emit dist/src/main.js and dist/src/cli/index.js");
  }
}

/** Starts `switchboard serve` on a free port with a fresh data dir; resolves once it listens. */
export async function startBuiltServer(env: Record<string, string>): Promise<BuiltServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-proc-"));
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN, "serve"], {
    cwd: ROOT,
    // A clean environment: nothing of the developer's SWITCHBOARD_* settings leaks in.
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      SWITCHBOARD_DATA_DIR: dataDir,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const chunks: string[] = [];
  child.stdout?.on("data", (data: Buffer) => chunks.push(data.toString("utf8")));
  child.stderr?.on("data", (data: Buffer) => chunks.push(data.toString("utf8")));
  const exited = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
  const output = () => chunks.join("");
  try {
    await waitUntilListening(child, output, exited, 15_000);
  } catch (error) {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    dataDir,
    output,
    async stop(ms = 10_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), ms);
      const code = await exited;
      clearTimeout(timer);
      rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}

async function waitUntilListening(
  child: ChildProcess,
  output: () => string,
  exited: Promise<number | null>,
  ms: number,
): Promise<void> {
  const deadline = Date.now() + ms;
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  while (!output().includes("Switchboard is listening")) {
    if (gone) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    if (Date.now() > deadline)
      throw new Error(`server did not start within ${ms} ms:\n${output()}`);
    await new Promise((wake) => setTimeout(wake, 50));
  }
}
