// SIGKILLs the real server again and again under load, and checks that no acknowledged event was lost, doubled or moved.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import WebSocket from "ws";
import { demoConnectorToken, spawnServer } from "../support/server-main.js";
import { openSession } from "../support/sessions.js";
import { countGaps, deliveredTwice, doubledMessages, outOfOrder } from "./checks.js";
import { LoopClient } from "./loop-client.js";

export interface CrashLoopOptions {
  kills: number;
  clients: number;
  /** Messages each client keeps in flight. */
  window: number;
  /** Time between a restart and the next kill, in ms (a random point in this range). */
  upMs: [number, number];
  log?(line: string): void;
}

/** What the loop saw; every count but `kills`, `acknowledged` and `events` must be 0. */
export interface CrashLoopReport {
  kills: number;
  acknowledged: number;
  events: number;
  lost: number;
  duplicated: number;
  reordered: number;
  gaps: number;
  unacknowledgedAtEnd: number;
}

const ENV = {
  SWITCHBOARD_WS_MESSAGES_PER_SECOND: "10000",
  SWITCHBOARD_WS_MESSAGE_BURST: "100000",
  SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "1000000",
  SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "1000000",
  SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
};

/** Runs the loop on a fresh data dir and reports. */
export async function runCrashLoop(options: CrashLoopOptions): Promise<CrashLoopReport> {
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-crashloop-"));
  let server = await spawnServer(dataDir, ENV);
  const port = server.port;
  const url = () => `ws://127.0.0.1:${port}`;
  const clients: LoopClient[] = [];
  try {
    for (let i = 0; i < options.clients; i++) {
      const { sessionId, token } = await openSession(server.url, demoConnectorToken(dataDir));
      clients.push(
        new LoopClient({ name: `c${i}`, sessionId, token, url, window: options.window }),
      );
    }
    for (const client of clients) client.start();
    for (let kill = 1; kill <= options.kills; kill++) {
      const [low, high] = options.upMs;
      await sleep(low + Math.random() * (high - low));
      server.child.kill("SIGKILL");
      await server.exited;
      server = await spawnServer(dataDir, ENV, port);
      const acked = clients.reduce((sum, c) => sum + c.acknowledged.size, 0);
      log(`  kill ${kill}/${options.kills}: ${acked} messages acknowledged so far`);
    }
    for (const client of clients) client.stopSending();
    await settled(clients);
    const unacknowledgedAtEnd = clients.reduce((sum, c) => sum + c.unacknowledged, 0);
    for (const client of clients) client.stop();
    return await verify(clients, url(), options.kills, unacknowledgedAtEnd);
  } finally {
    for (const client of clients) client.stop();
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// Re-sent messages get their echo once the server is back; give them a few seconds.
async function settled(clients: LoopClient[]): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (clients.some((c) => c.unacknowledged > 0) && Date.now() < deadline) await sleep(50);
}

async function verify(
  clients: LoopClient[],
  url: string,
  kills: number,
  unacknowledgedAtEnd: number,
): Promise<CrashLoopReport> {
  const report: CrashLoopReport = {
    kills,
    acknowledged: 0,
    events: 0,
    lost: 0,
    duplicated: 0,
    reordered: 0,
    gaps: 0,
    unacknowledgedAtEnd,
  };
  for (const client of clients) {
    const history = await readHistory(url, client);
    report.events += history.size;
    report.gaps += countGaps(history);
    for (const ack of client.acknowledged.values()) {
      report.acknowledged += 1;
      if (history.get(ack.sequence) !== ack.text) report.lost += 1;
    }
    report.duplicated += doubledMessages(history);
    for (const stream of client.streams) {
      report.duplicated += deliveredTwice(stream);
      report.reordered += outOfOrder(stream.filter((r) => !r.head));
    }
  }
  return report;
}

/** The whole history of the client's session, read after the last restart with cursor 0. */
async function readHistory(url: string, client: LoopClient): Promise<Map<number, string>> {
  const { sessionId, token } = client.session;
  const ws = new WebSocket(
    `${url}/ws?${new URLSearchParams({ session_id: sessionId, access_token: token, cursor: "0" })}`,
  );
  const history = new Map<number, string>();
  await new Promise<void>((resolve, reject) => {
    ws.once("error", reject);
    ws.once("open", () =>
      ws.send(
        JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", metadata: { custom: { end: true } } }),
      ),
    );
    ws.on("message", (data) => {
      const frame = JSON.parse(data.toString()) as {
        type: string;
        sequence: number | null;
        payload: { events?: Array<{ sequence: number }> };
      };
      if (frame.type === "EVENT_TYPE_HEARTBEAT") return resolve();
      const events =
        frame.type === "EVENT_TYPE_EVENT_BATCH" ? (frame.payload.events ?? []) : [frame];
      for (const event of events)
        if (event.sequence !== null) history.set(event.sequence, JSON.stringify(event));
    });
  });
  ws.terminate();
  return history;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
