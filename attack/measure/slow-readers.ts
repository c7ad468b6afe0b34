// Slow readers: sockets that replay a long history and never read it, and what they do to the server's memory.
import { mkdtempSync, rmSync } from "node:fs";
import type { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type WebSocket from "ws";
import { mapBounded } from "../../bench/bounded.js";
import {
  type BenchSession,
  connectSession,
  createSessions,
  joinAgent,
} from "../../bench/switchboard-client.js";
import { mib, residentBytes } from "../support/process-memory.js";
import { rawUpgrade } from "../support/raw-websocket.js";
import { demoConnectorToken, type ServerProcess, spawnServer } from "../support/server-main.js";

export interface SlowReaderOptions {
  sessions: number;
  /** Non-reading connections per session (the per-session connection limit is 10). */
  readersPerSession: number;
  /** History per session, in MiB. */
  historyMib: number;
  /** How long the readers hang on, in ms. */
  holdMs: number;
  /** Another build to measure (an older one, for the numbers before a fix). */
  main?: string;
  log: (line: string) => void;
}

export interface SlowReaderResult {
  baselineRss: number;
  peakRss: number;
  endRss: number;
  /** Bytes the server said were waiting for readers at the end (its own metric), when it has one. */
  waitingBytes: number | null;
  /** Readers the server closed or cut off while they were not reading. */
  readersClosed: number;
  readers: number;
  /** Heartbeat round trips of an ordinary client during the attack, in ms. */
  victimRoundTripsMs: number[];
}

/** Every user message is close to the event size limit, so few are needed per MiB. */
const MESSAGE_TEXT_BYTES = 120_000;

/** Builds the histories, opens the readers, samples RSS for `holdMs`, and reports. */
export async function measureSlowReaders(options: SlowReaderOptions): Promise<SlowReaderResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-slow-readers-"));
  const child = await spawnServer(dataDir, FAST_MESSAGES, undefined, options.main);
  const readers: Socket[] = [];
  let victim: WebSocket | undefined;
  try {
    const target = {
      url: child.url,
      wsUrl: child.wsUrl,
      connectorToken: demoConnectorToken(dataDir),
    };
    const sessions = await createSessions(target, options.sessions + 1, 4);
    const victimSession = sessions.pop() as BenchSession;
    await mapBounded(sessions.length, 2, (i) =>
      fillHistory(target, sessions[i] as BenchSession, options.historyMib),
    );
    options.log(`${sessions.length} sessions with ${options.historyMib} MiB of history each`);
    const baselineRss = residentBytes(child.child.pid ?? 0);
    victim = await connectSession(target, victimSession);
    for (const session of sessions) {
      for (let i = 0; i < options.readersPerSession; i++) {
        readers.push(await openReader(child, session));
      }
    }
    options.log(`${readers.length} readers connected with cursor=0, none of them reading`);
    const sampled = await sample(child, victim, options.holdMs);
    return {
      baselineRss,
      peakRss: Math.max(...sampled.rss),
      endRss: sampled.rss.at(-1) ?? Number.NaN,
      waitingBytes: await metric(child, "switchboard_outbound_waiting_bytes"),
      // A reader that does not read cannot see its close: the server's own count tells.
      readersClosed: readers.length + 1 - ((await metric(child, "switchboard_connections")) ?? 0),
      readers: readers.length,
      victimRoundTripsMs: sampled.roundTrips,
    };
  } finally {
    for (const socket of readers) socket.destroy();
    victim?.terminate();
    await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Message limits lifted so the histories fill quickly; every other setting at its default. */
const FAST_MESSAGES = {
  SWITCHBOARD_WS_MESSAGES_PER_SECOND: "10000",
  SWITCHBOARD_WS_MESSAGE_BURST: "100000",
  SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "100000",
};

async function metric(child: ServerProcess, name: string): Promise<number | null> {
  const text = await (await fetch(`${child.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`${name} `));
  return line === undefined ? null : Number(line.split(" ")[1]);
}

/** Prints a result as the lines docs/security.md quotes. */
export function describeSlowReaders(result: SlowReaderResult, log: (line: string) => void): void {
  const trips = result.victimRoundTripsMs;
  log(
    `RSS: ${mib(result.baselineRss)} MiB before the readers, peak ${mib(result.peakRss)} MiB, ${mib(result.endRss)} MiB at the end`,
  );
  log(`readers closed by the server: ${result.readersClosed} of ${result.readers}`);
  if (result.waitingBytes !== null)
    log(
      `bytes waiting for the readers at the end (server metric): ${mib(result.waitingBytes)} MiB`,
    );
  log(
    `victim heartbeat round trips: ${trips.length}, worst ${Math.max(0, ...trips).toFixed(1)} ms`,
  );
}

async function fillHistory(
  target: { url: string; wsUrl: string; connectorToken: string },
  session: BenchSession,
  historyMib: number,
): Promise<void> {
  const ws = await connectSession(target, session);
  try {
    await joinAgent(ws);
    const count = Math.ceil((historyMib * 1024 * 1024) / MESSAGE_TEXT_BYTES);
    const text = "x".repeat(MESSAGE_TEXT_BYTES);
    for (let i = 0; i < count; i++) await sendAndWaitForEcho(ws, text, `fill-${i}`);
  } finally {
    ws.terminate();
  }
}

function sendAndWaitForEcho(ws: WebSocket, text: string, localId: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no echo for ${localId}`)), 30_000);
    const listen = (data: WebSocket.RawData) => {
      const frame = data.toString();
      if (!frame.includes(localId) || !frame.includes('"EVENT_TYPE_USER_MESSAGE"')) return;
      clearTimeout(timer);
      ws.off("message", listen);
      resolve();
    };
    ws.on("message", listen);
    ws.send(
      JSON.stringify({
        type: "EVENT_TYPE_USER_MESSAGE",
        payload: { text },
        metadata: { custom: { local_id: localId } },
      }),
    );
  });
}

async function openReader(child: ServerProcess, session: BenchSession): Promise<Socket> {
  const url = new URL(child.url);
  const query = new URLSearchParams({
    session_id: session.sessionId,
    access_token: session.token,
    cursor: "0",
  });
  const outcome = await rawUpgrade({
    host: url.hostname,
    port: Number(url.port),
    path: `/ws?${query}`,
  });
  if (!outcome.ok) throw new Error(`reader refused: ${outcome.status}`);
  // rawUpgrade leaves the socket paused: nothing is read from here on.
  outcome.socket.on("error", () => undefined);
  return outcome.socket;
}

async function sample(
  child: ServerProcess,
  victim: WebSocket,
  holdMs: number,
): Promise<{ rss: number[]; roundTrips: number[] }> {
  const rss: number[] = [];
  const roundTrips: number[] = [];
  const deadline = Date.now() + holdMs;
  while (Date.now() < deadline) {
    rss.push(residentBytes(child.child.pid ?? 0));
    roundTrips.push(await heartbeatRoundTrip(victim));
    await new Promise((wake) => setTimeout(wake, 500));
  }
  return { rss, roundTrips };
}

function heartbeatRoundTrip(ws: WebSocket): Promise<number> {
  const started = performance.now();
  const id = `probe-${started}`;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("victim heartbeat timed out")), 10_000);
    const listen = (data: WebSocket.RawData) => {
      if (!data.toString().includes(id)) return;
      clearTimeout(timer);
      ws.off("message", listen);
      resolve(performance.now() - started);
    };
    ws.on("message", listen);
    ws.send(
      JSON.stringify({
        type: "EVENT_TYPE_HEARTBEAT",
        payload: {},
        metadata: { custom: { local_id: id } },
      }),
    );
  });
}
