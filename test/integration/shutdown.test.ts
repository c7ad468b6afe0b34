// Graceful shutdown of the real process: readiness fails at once, sockets get 1001, the silent are cut off at the timeout.
import { mkdtempSync, rmSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openSession, silentSocket } from "../../attack/support/sessions.js";
import { demoConnectorToken, type ServerProcess, spawnServer } from "../support/server-process.js";
import { TestClient } from "../support/ws-client.js";

const children: ServerProcess[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const s of children.splice(0)) s.child.kill("SIGKILL");
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function start(
  env: Record<string, string>,
): Promise<{ server: ServerProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-shutdown-"));
  dirs.push(dataDir);
  const server = await spawnServer(dataDir, env);
  children.push(server);
  return { server, dataDir };
}

/** A session, and a socket on it that completed the upgrade and will never read or answer. */
async function silentClient(server: ServerProcess, dataDir: string) {
  const session = await openSession(server.url, demoConnectorToken(dataDir));
  return { ...session, silent: await silentSocket(server.port, session) };
}

/** One GET on a fresh connection: the status, or the connection error's code. */
function probe(port: number, path: string): Promise<number | string> {
  return new Promise((resolve) => {
    const socket = tcpConnect({ host: "127.0.0.1", port });
    let head = "";
    socket.on("data", (chunk: Buffer) => {
      head += chunk.toString("latin1");
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1];
      if (status) {
        resolve(Number(status));
        socket.destroy();
      }
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    socket.on("close", () => resolve("closed"));
    socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
  });
}

describe("graceful shutdown", () => {
  it("exits at the timeout, not 30 s later, when a client never answers the close frame", async () => {
    const { server, dataDir } = await start({ SWITCHBOARD_SHUTDOWN_TIMEOUT_MS: "1000" });
    const { token, sessionId, silent } = await silentClient(server, dataDir);
    const polite = await TestClient.open(server.wsUrl, {
      session_id: sessionId,
      access_token: token,
    });
    await polite.waitFor("EVENT_TYPE_SESSION_START");
    const sent = Date.now();
    server.child.kill("SIGTERM");
    expect((await polite.closed).code).toBe(1001);
    const exit = await server.exited;
    expect(exit.code).toBe(0);
    // The silent socket held on for the whole second; `ws` alone would have waited 30 s.
    expect(Date.now() - sent).toBeLessThan(10_000);
    silent.destroy();
  });

  it("fails readiness and health at once and takes no new work while it drains", async () => {
    const { server, dataDir } = await start({ SWITCHBOARD_SHUTDOWN_TIMEOUT_MS: "1500" });
    const { silent } = await silentClient(server, dataDir);
    expect(await probe(server.port, "/readyz")).toBe(200);
    server.child.kill("SIGTERM");
    await expect.poll(() => probe(server.port, "/readyz"), { timeout: 5000 }).not.toBe(200);
    // Until the process is gone, nothing is served: refused, or 503 on a connection already open.
    const answers = new Set<number | string>();
    let gone = false;
    void server.exited.then(() => {
      gone = true;
    });
    while (!gone) {
      for (const path of ["/readyz", "/healthz"]) answers.add(await probe(server.port, path));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(answers.has(200)).toBe(false);
    expect((await server.exited).code).toBe(0);
    silent.destroy();
  });
});
