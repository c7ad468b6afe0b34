// Graceful shutdown with a client that completed the upgrade and never answers the close frame.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { demoConnectorToken, spawnServer } from "../support/server-main.js";
import { openSession, silentSocket } from "../support/sessions.js";

export interface ShutdownResult {
  timeoutMs: number;
  /** SIGTERM to process exit. */
  exitMs: number;
  exitCode: number | null;
  /** What the server answered while shutting down, by path, with the time of the answer. */
  answers: Array<{ atMs: number; path: string; status: number | string }>;
}

/** Starts the real server, holds a silent socket open, sends SIGTERM and times the exit. */
export async function measureShutdown(timeoutMs: number, main?: string): Promise<ShutdownResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-shutdown-"));
  const server = await spawnServer(
    dataDir,
    { SWITCHBOARD_SHUTDOWN_TIMEOUT_MS: String(timeoutMs) },
    undefined,
    main,
  );
  try {
    const connectorToken = demoConnectorToken(dataDir);
    const headers = { "X-Token": connectorToken, "X-Host": "localhost" };
    const silent = await silentSocket(server.port, await openSession(server.url, connectorToken));
    const answers: ShutdownResult["answers"] = [];
    const started = performance.now();
    server.child.kill("SIGTERM");
    let exited = false;
    const exit = server.exited.then((result) => {
      exited = true;
      return { result, ms: performance.now() - started };
    });
    while (!exited) {
      for (const [path, init] of probes(headers)) {
        const status = await fetch(`${server.url}${path}`, init).then(
          (response) => response.status,
          (error: Error) => (error.cause as { code?: string } | undefined)?.code ?? error.message,
        );
        answers.push({ atMs: Math.round(performance.now() - started), path, status });
      }
      await Promise.race([exit, new Promise((wake) => setTimeout(wake, 250))]);
    }
    const { result, ms } = await exit;
    silent.destroy();
    return { timeoutMs, exitMs: Math.round(ms), exitCode: result.code, answers };
  } finally {
    server.child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Prints a result as the lines docs/security.md quotes: exit time and the first answers. */
export function describeShutdown(result: ShutdownResult, log: (line: string) => void): void {
  log(
    `SIGTERM to exit: ${result.exitMs} ms (shutdown timeout ${result.timeoutMs} ms, exit code ${result.exitCode})`,
  );
  const firstByPath = new Map<string, string>();
  for (const answer of result.answers) {
    const line = `${answer.status} at ${answer.atMs} ms`;
    const seen = firstByPath.get(answer.path);
    if (seen === undefined) firstByPath.set(answer.path, line);
  }
  for (const [path, line] of firstByPath) log(`  first answer of ${path} after SIGTERM: ${line}`);
  const lastOk = result.answers.filter((a) => a.status === 200).at(-1);
  log(`  last 200 after SIGTERM: ${lastOk ? `${lastOk.path} at ${lastOk.atMs} ms` : "none"}`);
}

function probes(headers: Record<string, string>): Array<[string, RequestInit]> {
  return [
    ["/healthz", {}],
    ["/readyz", {}],
    ["/api/v1/access-token", { method: "POST", headers }],
  ];
}
