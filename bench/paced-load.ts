// Open-loop load at a fixed total rate: latency at equal, unsaturated load for both servers.
import { performance } from "node:perf_hooks";
import type WebSocket from "ws";
import { percentile } from "./stats.js";

export interface PacedOptions {
  /** Messages per second across all sockets. */
  rate: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
}

export interface PacedResult {
  rate: number;
  samples: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Messages never echoed, even after the drain. */
  unanswered: number;
}

/**
 * Each socket sends on its own timer, staggered, whether or not earlier echoes came back, so
 * the latency measured is the server's at this rate rather than queueing in the client.
 */
export async function runPacedLoad(
  sockets: readonly WebSocket[],
  options: PacedOptions,
): Promise<PacedResult> {
  const intervalMs = (1000 * sockets.length) / options.rate;
  const start = performance.now();
  const measureStart = start + options.warmupMs;
  const end = measureStart + options.durationMs;
  const samples: number[] = [];
  const pending = new Map<string, number>();
  const timers: NodeJS.Timeout[] = [];
  const listeners = sockets.map((ws, index) => {
    let counter = 0;
    const onMessage = (data: WebSocket.RawData) => {
      const text = data.toString();
      if (!text.includes("client_event_id")) return;
      const id = /"client_event_id":"([^"]+)"/.exec(text)?.[1];
      const sentAt = id === undefined ? undefined : pending.get(id);
      if (id === undefined || sentAt === undefined || !text.includes('"EVENT_TYPE_USER_MESSAGE"'))
        return;
      pending.delete(id);
      if (sentAt >= measureStart && sentAt <= end) samples.push(performance.now() - sentAt);
    };
    ws.on("message", onMessage);
    const send = () => {
      if (performance.now() > end || ws.readyState !== ws.OPEN) return;
      const id = `p${index}-${counter++}`;
      pending.set(id, performance.now());
      ws.send(
        JSON.stringify({
          type: "EVENT_TYPE_USER_MESSAGE",
          payload: { text: "paced ping" },
          metadata: { custom: { client_event_id: id } },
        }),
      );
    };
    timers.push(
      setTimeout(
        () => {
          send();
          timers.push(setInterval(send, intervalMs));
        },
        (index * intervalMs) / sockets.length,
      ),
    );
    return () => ws.off("message", onMessage);
  });
  await sleep(end - performance.now());
  for (const timer of timers) clearTimeout(timer);
  const deadline = performance.now() + options.drainMs;
  while (performance.now() < deadline && pending.size > 0) await sleep(20);
  for (const detach of listeners) detach();
  return {
    rate: options.rate,
    samples: samples.length,
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    maxMs: percentile(samples, 1),
    unanswered: pending.size,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
