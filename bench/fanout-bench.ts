// Cross-process fan-out: a message sent to process A, received by a connection on process B,
// over each bus; the in-process bus (A and B one process) is the same-run baseline.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type WebSocket from "ws";
import { mapBounded } from "./bounded.js";
import { targetOf } from "./echo-bench.js";
import { type ServerChild, startServerChild } from "./server-children.js";
import { percentile } from "./stats.js";
import { connectSession, createSessions, joinAgent } from "./switchboard-client.js";

export interface FanoutOptions {
  /** Sessions, each with a sender on A and a receiver on B. */
  sessions: number;
  /** Messages per second over all sessions. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
}

export interface FanoutResult {
  bus: string;
  processes: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Messages the receiver never got, even after the drain. */
  lost: number;
}

/** A bus to measure: its `SWITCHBOARD_BUS` (empty: in-process, one process). */
export interface FanoutBus {
  name: string;
  url: string;
}

/** Measures one bus: two processes on one data dir (one process for the in-process bus). */
export async function benchFanout(bus: FanoutBus, options: FanoutOptions): Promise<FanoutResult> {
  const dataDir = mkdtempSync(join(tmpdir(), "switchboard-fanout-"));
  const env = {
    SWITCHBOARD_BUS: bus.url,
    SWITCHBOARD_BUS_PREFIX: `bench_${randomBytes(6).toString("hex")}`,
    SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0",
    // Every bench socket comes from 127.0.0.1: one client, as far as per-client limits go.
    SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "1000000",
  };
  const children: ServerChild[] = [];
  const sockets: WebSocket[] = [];
  try {
    // The first provisions the shared store; the second finds it done.
    const a = await startServerChild("switchboard", { env, dataDir });
    children.push(a);
    const b = bus.url === "" ? a : await startServerChild("switchboard", { env, dataDir });
    if (b !== a) children.push(b);
    const sessions = await createSessions(targetOf(a), options.sessions, 10);
    const pairs = await mapBounded(sessions.length, 10, async (index) => {
      const session = sessions[index] as (typeof sessions)[number];
      const sender = await connectSession(targetOf(a), session);
      sockets.push(sender);
      await joinAgent(sender);
      const receiver = await connectSession(targetOf(b), session);
      sockets.push(receiver);
      return { sender, receiver };
    });
    const result = await measure(pairs, options);
    return { bus: bus.name, processes: children.length, ...result };
  } finally {
    for (const ws of sockets) ws.terminate();
    for (const child of children) await child.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Measured = Omit<FanoutResult, "bus" | "processes">;

// Open loop: each sender on its own staggered timer, whatever came back, so the latency is the
// servers' and the bus's at this rate rather than the client's queueing.
async function measure(
  pairs: readonly { sender: WebSocket; receiver: WebSocket }[],
  options: FanoutOptions,
): Promise<Measured> {
  const intervalMs = (1000 * pairs.length) / options.rate;
  const start = performance.now();
  const measureFrom = start + options.warmupMs;
  const end = measureFrom + options.durationMs;
  const samples: number[] = [];
  const pending = new Map<string, number>();
  const timers: NodeJS.Timeout[] = [];
  for (const [index, { sender, receiver }] of pairs.entries()) {
    receiver.on("message", (data) => {
      const text = data.toString();
      if (!text.includes('"EVENT_TYPE_USER_MESSAGE"')) return;
      const key = /"text":"(fan [0-9]+ [0-9]+)"/.exec(text)?.[1];
      const sentAt = key === undefined ? undefined : pending.get(key);
      if (key === undefined || sentAt === undefined) return;
      pending.delete(key);
      if (sentAt >= measureFrom) samples.push(performance.now() - sentAt);
    });
    let counter = 0;
    const send = () => {
      const now = performance.now();
      if (now >= end) return;
      const key = `fan ${index} ${counter++}`;
      pending.set(key, now);
      sender.send(JSON.stringify({ type: "EVENT_TYPE_USER_MESSAGE", payload: { text: key } }));
    };
    const stagger = setTimeout(
      () => {
        send();
        timers.push(setInterval(send, intervalMs));
      },
      (intervalMs * index) / pairs.length,
    );
    timers.push(stagger);
  }
  await new Promise((resolve) => setTimeout(resolve, end - start + options.drainMs));
  for (const timer of timers) clearTimeout(timer);
  const lost = [...pending.values()].filter((sentAt) => sentAt >= measureFrom).length;
  return {
    samples: samples.length,
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    maxMs: percentile(samples, 1),
    lost,
  };
}
