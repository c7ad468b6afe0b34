// Server memory per idle connected socket/session: the bare `ws` baseline and Switchboard.
import type WebSocket from "ws";
import { mapBounded } from "./bounded.js";
import type { MemoryMessage } from "./child-ipc.js";
import { targetOf } from "./echo-bench.js";
import { type ServerChild, startServerChild } from "./server-children.js";
import { minimum } from "./stats.js";
import { connectSession, createSessions, openSocket } from "./switchboard-client.js";

export interface MemoryOptions {
  /** Idle sockets (and, for Switchboard, sessions) to hold. */
  count: number;
  /** Sockets and sessions made and dropped first, so start-up allocations fall before `before`. */
  warmup: number;
  /** Progress lines with elapsed time. */
  log: (line: string) => void;
}

/** Settled memory of a server child (minimum of several post-GC samples). */
export interface MemoryReading {
  rss: number;
  heapUsed: number;
  gc: boolean;
}

export interface MemoryResult {
  count: number;
  /** Sockets that failed to connect (they are left out of the per-socket figure). */
  failed: number;
  before: MemoryReading;
  /** Switchboard only: sessions created, nothing connected yet. */
  created?: MemoryReading;
  after: MemoryReading;
  /** (after − before) / connected, in KB: the whole cost of one idle connected session. */
  kbPerSession: number;
  kbHeapPerSession: number;
  /** Switchboard only: (after − created) / connected, in KB: the connection's share. */
  kbPerConnection?: number;
  kbHeapPerConnection?: number;
}

const CONNECT_CONCURRENCY = 100;

/** 10,000 (or `count`) idle sockets on a bare `ws` server. */
export async function benchBaselineMemory(options: MemoryOptions): Promise<MemoryResult> {
  const child = await startServerChild("baseline");
  const sockets: WebSocket[] = [];
  try {
    const open = () => openSocket(`${child.wsUrl}/`);
    for (const ws of await mapBounded(options.warmup, CONNECT_CONCURRENCY, open)) ws.terminate();
    const before = await settled(child);
    const step = stopwatch(options.log);
    const failed = await connectAll(options.count, (i) =>
      open().then(
        (ws) => void sockets.push(ws),
        () => i,
      ),
    );
    step(`connected ${options.count - failed} sockets`);
    const after = await settled(child);
    return result(options.count, failed, before, after);
  } finally {
    for (const ws of sockets) ws.terminate();
    await child.stop();
  }
}

/** `count` sessions created over HTTP, each with one idle WebSocket (no join, no traffic). */
export async function benchSwitchboardMemory(options: MemoryOptions): Promise<MemoryResult> {
  const child = await startServerChild("switchboard");
  const sockets: WebSocket[] = [];
  try {
    const target = targetOf(child);
    const warm = await createSessions(target, options.warmup, 50);
    const warmSockets = await mapBounded(warm.length, CONNECT_CONCURRENCY, (i) =>
      connectSession(target, warm[i] as (typeof warm)[number]),
    );
    for (const ws of warmSockets) ws.terminate();
    const before = await settled(child);
    const step = stopwatch(options.log);
    const sessions = await createSessions(target, options.count, 50);
    step(`created ${options.count} sessions`);
    const created = await settled(child);
    const failed = await connectAll(options.count, (i) =>
      connectSession(target, sessions[i] as (typeof sessions)[number]).then(
        (ws) => void sockets.push(ws),
        () => i,
      ),
    );
    step(`connected ${options.count - failed} sessions`);
    const after = await settled(child);
    const base = result(options.count, failed, before, after);
    const connected = options.count - failed;
    return {
      ...base,
      created,
      kbPerConnection: kb(after.rss - created.rss, connected),
      kbHeapPerConnection: kb(after.heapUsed - created.heapUsed, connected),
    };
  } finally {
    for (const ws of sockets) ws.terminate();
    await child.stop();
  }
}

// Counts failed connects (a job resolving to a number failed) rather than aborting the run.
async function connectAll(
  count: number,
  connect: (index: number) => Promise<number | undefined>,
): Promise<number> {
  const outcomes = await mapBounded(count, CONNECT_CONCURRENCY, connect);
  return outcomes.filter((outcome) => outcome !== undefined).length;
}

// Lets replays and timers finish, then takes the minimum of several post-GC samples.
async function settled(child: ServerChild): Promise<MemoryReading> {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const samples: MemoryMessage[] = [];
  for (let i = 0; i < 4; i++) {
    samples.push(await child.memory());
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    rss: minimum(samples.map((s) => s.rss)),
    heapUsed: minimum(samples.map((s) => s.heapUsed)),
    gc: samples.every((s) => s.gc),
  };
}

function result(
  count: number,
  failed: number,
  before: MemoryReading,
  after: MemoryReading,
): MemoryResult {
  const connected = count - failed;
  return {
    count,
    failed,
    before,
    after,
    kbPerSession: kb(after.rss - before.rss, connected),
    kbHeapPerSession: kb(after.heapUsed - before.heapUsed, connected),
  };
}

function stopwatch(log: (line: string) => void): (what: string) => void {
  let last = Date.now();
  return (what) => {
    const now = Date.now();
    log(`  ${what} in ${((now - last) / 1000).toFixed(1)} s`);
    last = now;
  };
}

function kb(bytes: number, count: number): number {
  return count === 0 ? Number.NaN : bytes / count / 1024;
}
