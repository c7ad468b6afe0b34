// The echo load client: N open sockets, W messages outstanding on each, for a warm-up and a measured span.
import { performance } from "node:perf_hooks";
import type WebSocket from "ws";
import { percentile } from "./stats.js";

export interface LoadOptions {
  /** Messages outstanding per socket. */
  window: number;
  warmupMs: number;
  durationMs: number;
  /** How long to wait after the span for outstanding echoes before giving up on them. */
  drainMs: number;
}

export interface LoadResult {
  /** Echoes received inside the measured span. */
  roundTrips: number;
  /** Round trips per second over the measured span. */
  throughput: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Frames received per round trip (echo plus whatever else the server sends). */
  framesPerRoundTrip: number;
  /** System messages seen (rate limits or errors would show here). */
  systemMessages: number;
  /** Messages never echoed, even after the drain. */
  unanswered: number;
  /** Sockets that closed during the run. */
  closedSockets: number;
}

const ECHO_TYPE = "EVENT_TYPE_USER_MESSAGE";

/** Drives every socket with USER_MESSAGE frames and times each until its echo (matched by client_event_id). */
export async function runEchoLoad(
  sockets: readonly WebSocket[],
  options: LoadOptions,
): Promise<LoadResult> {
  const start = performance.now();
  const measureStart = start + options.warmupMs;
  const end = measureStart + options.durationMs;
  const samples: number[] = [];
  const totals = { frames: 0, systemMessages: 0, closedSockets: 0 };
  const pendings = sockets.map((ws, index) => drive(ws, index));
  await sleep(end - performance.now());
  await drained(pendings, options.drainMs);
  const unanswered = pendings.reduce((sum, p) => sum + p.pending.size, 0);
  for (const p of pendings) p.detach();
  const seconds = options.durationMs / 1000;
  return {
    roundTrips: samples.length,
    throughput: samples.length / seconds,
    p50Ms: percentile(samples, 0.5),
    p99Ms: percentile(samples, 0.99),
    maxMs: percentile(samples, 1),
    framesPerRoundTrip: samples.length === 0 ? 0 : totals.frames / samples.length,
    systemMessages: totals.systemMessages,
    unanswered,
    closedSockets: totals.closedSockets,
  };

  function drive(ws: WebSocket, index: number) {
    const pending = new Map<string, number>();
    let counter = 0;
    const send = () => {
      const id = `c${index}-${counter++}`;
      pending.set(id, performance.now());
      ws.send(frame(id));
    };
    const onMessage = (data: WebSocket.RawData) => {
      const now = performance.now();
      const text = data.toString();
      const counted = now >= measureStart && now <= end;
      if (counted) totals.frames += 1;
      if (counted && text.includes("EVENT_TYPE_SYSTEM_MESSAGE")) totals.systemMessages += 1;
      for (const id of echoIds(text)) {
        const sentAt = pending.get(id);
        if (sentAt === undefined) continue;
        pending.delete(id);
        if (counted) samples.push(now - sentAt);
        if (now < end && ws.readyState === ws.OPEN) send();
      }
    };
    const onClose = () => {
      totals.closedSockets += 1;
    };
    ws.on("message", onMessage);
    ws.on("close", onClose);
    for (let i = 0; i < options.window; i++) send();
    return {
      pending,
      detach: () => {
        ws.off("message", onMessage);
        ws.off("close", onClose);
      },
    };
  }
}

function frame(clientEventId: string): string {
  return JSON.stringify({
    type: ECHO_TYPE,
    payload: { text: "load test ping" },
    metadata: { custom: { client_event_id: clientEventId } },
  });
}

interface WireFrame {
  type?: string;
  payload?: { events?: WireFrame[] };
  metadata?: { custom?: { client_event_id?: unknown } };
}

// Only frames naming a client_event_id are parsed, so the client spends little CPU on agent replies.
function echoIds(text: string): string[] {
  if (!text.includes("client_event_id")) return [];
  const parsed = JSON.parse(text) as WireFrame;
  const events =
    parsed.type === "EVENT_TYPE_EVENT_BATCH" ? (parsed.payload?.events ?? []) : [parsed];
  const ids: string[] = [];
  for (const event of events) {
    const id = event.metadata?.custom?.client_event_id;
    if (event.type === ECHO_TYPE && typeof id === "string") ids.push(id);
  }
  return ids;
}

async function drained(
  pendings: ReadonlyArray<{ pending: Map<string, number> }>,
  ms: number,
): Promise<void> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline && pendings.some((p) => p.pending.size > 0)) await sleep(20);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}
