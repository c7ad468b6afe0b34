// The bench's results: a compact table for people and one `BENCH_RESULTS {…}` JSON line for collectors.
import { availableParallelism, loadavg } from "node:os";
import type { ClusterEchoResult } from "./cluster-bench.js";
import type { FanoutOptions, FanoutResult } from "./fanout-bench.js";
import type { LlmBenchOptions, LlmBenchResult } from "./llm-bench.js";
import type { LoadResult } from "./load-client.js";
import type { MemoryResult } from "./memory-bench.js";
import type { PacedResult } from "./paced-load.js";
import { ratio, round } from "./stats.js";

/** The goals the ratios and memory figure are judged against. */
export const GOALS = {
  throughputRatioMin: 0.5,
  p99RatioMax: 2,
  kbPerSessionMax: 20,
  /** Milliseconds Switchboard may add to the model's time to first token, at p99. */
  llmAddedP99MsMax: 5,
} as const;

export interface EchoResults {
  connections: number;
  window: number;
  warmupMs: number;
  durationMs: number;
  baseline: LoadResult;
  switchboard: LoadResult;
}

/** Latency at one fixed, unsaturated rate for both servers. */
export interface PacedResults {
  connections: number;
  baseline: PacedResult;
  switchboard: PacedResult;
}

export interface MemoryResults {
  baseline: MemoryResult;
  switchboard: MemoryResult;
}

export interface BenchResults {
  /** 1-minute load average when the run started: other work on the machine skews the ratios. */
  loadAtStart: number;
  echo?: EchoResults;
  paced?: PacedResults;
  memory?: MemoryResults;
  llm?: LlmBenchOptions & LlmBenchResult;
  fanout?: FanoutOptions & { rows: FanoutResult[] };
  cluster?: { connections: number; window: number; rows: ClusterEchoResult[] };
}

/** Prints the table and the JSON line. */
export function printReport(results: BenchResults, print: (line: string) => void): void {
  print("");
  const cpus = availableParallelism();
  const load = `load average ${results.loadAtStart.toFixed(1)} at start, ${loadavg()[0]?.toFixed(1)} at end`;
  print(`== Results (node ${process.version}, ${cpus} CPUs, ${load}) ==`);
  if (results.loadAtStart > cpus / 2) {
    print(`  note: the machine was busy before the run started; ratios are less reliable`);
  }
  if (results.echo) for (const line of echoTable(results.echo)) print(line);
  if (results.paced) for (const line of pacedTable(results.paced)) print(line);
  if (results.memory) for (const line of memoryTable(results.memory)) print(line);
  if (results.llm) for (const line of llmTable(results.llm)) print(line);
  if (results.cluster) for (const line of clusterTable(results.cluster)) print(line);
  if (results.fanout) for (const line of fanoutTable(results.fanout)) print(line);
  print(`BENCH_RESULTS ${JSON.stringify(toJson(results))}`);
}

function llmTable(llm: LlmBenchOptions & LlmBenchResult): string[] {
  const row = (name: string, r: LlmBenchResult["baseline"]) =>
    `  ${name.padEnd(34)}${String(r.samples).padStart(8)}${fmt(r.p50Ms, 2).padStart(10)}${fmt(r.p99Ms, 2).padStart(10)}${fmt(r.maxMs, 2).padStart(10)}${r.serverCpuMsPerTurn === undefined ? "" : fmt(r.serverCpuMsPerTurn, 2).padStart(12)}${r.missing ? `  (${r.missing} replies missing)` : ""}`;
  const p99 = llm.switchboard.p99Ms;
  const verdict = p99 <= GOALS.llmAddedP99MsMax ? "meets" : "misses";
  return [
    `LLM first chunk, ${llm.sessions} concurrent sessions (ms after the upstream's first token):`,
    `  ${"".padEnd(34)}${"samples".padStart(8)}${"p50".padStart(10)}${"p99".padStart(10)}${"max".padStart(10)}${"cpu/turn".padStart(12)}`,
    row("direct SSE read (baseline)", llm.baseline),
    ...(llm.compared ? [row("through the compared build", llm.compared)] : []),
    row("through Switchboard to the client", llm.switchboard),
    `  p99 ratio ${fmt(ratio(p99, llm.baseline.p99Ms), 2)}; added p99 ${fmt(p99, 2)} ms ${verdict} the goal of ${GOALS.llmAddedP99MsMax} ms`,
  ];
}

function clusterTable(cluster: NonNullable<BenchResults["cluster"]>): string[] {
  const base = cluster.rows[0];
  const row = (r: ClusterEchoResult) =>
    `  ${r.name.padEnd(32)}${fmt(r.throughput, 0).padStart(10)}${fmt(r.p50Ms, 2).padStart(10)}${fmt(r.p99Ms, 2).padStart(10)}${fmt(ratio(r.throughput, base?.throughput ?? Number.NaN), 2).padStart(10)}${fmt(ratio(r.p99Ms, base?.p99Ms ?? Number.NaN), 2).padStart(10)}${String(r.unanswered).padStart(8)}`;
  return [
    `Echo by deployment shape: ${cluster.connections} connections x window ${cluster.window}, spread over the processes`,
    `  ${"".padEnd(32)}${"rt/s".padStart(10)}${"p50 ms".padStart(10)}${"p99 ms".padStart(10)}${"rt ratio".padStart(10)}${"p99 ratio".padStart(10)}${"unansw.".padStart(8)}`,
    ...cluster.rows.map(row),
  ];
}

function fanoutTable(fanout: FanoutOptions & { rows: FanoutResult[] }): string[] {
  const base = fanout.rows[0];
  const row = (r: FanoutResult) =>
    `  ${r.bus.padEnd(26)}${String(r.samples).padStart(8)}${fmt(r.p50Ms, 2).padStart(10)}${fmt(r.p99Ms, 2).padStart(10)}${fmt(r.maxMs, 2).padStart(10)}${String(r.lost).padStart(6)}${fmt(ratio(r.p99Ms, base?.p99Ms ?? Number.NaN), 2).padStart(10)}`;
  return [
    `Fan-out: sent to process A, received on process B; ${fanout.sessions} sessions, ${fanout.rate} messages/s`,
    `  ${"".padEnd(26)}${"samples".padStart(8)}${"p50 ms".padStart(10)}${"p99 ms".padStart(10)}${"max ms".padStart(10)}${"lost".padStart(6)}${"p99/1proc".padStart(10)}`,
    ...fanout.rows.map(row),
  ];
}

function echoTable(echo: EchoResults): string[] {
  const { baseline: b, switchboard: s } = echo;
  const tr = ratio(s.throughput, b.throughput);
  const pr = ratio(s.p99Ms, b.p99Ms);
  const row = (name: string, r: LoadResult) =>
    `  ${name.padEnd(22)}${fmt(r.throughput, 0).padStart(12)}${fmt(r.p50Ms, 2).padStart(10)}${fmt(r.p99Ms, 2).padStart(10)}${fmt(r.framesPerRoundTrip, 1).padStart(10)}${String(r.unanswered + r.systemMessages + r.closedSockets).padStart(8)}`;
  return [
    `Echo: ${echo.connections} connections x window ${echo.window}, ${echo.warmupMs} ms warm-up + ${echo.durationMs} ms measured`,
    `  ${"".padEnd(22)}${"rt/s".padStart(12)}${"p50 ms".padStart(10)}${"p99 ms".padStart(10)}${"frames/rt".padStart(10)}${"errors".padStart(8)}`,
    row("bare ws echo", b),
    row("switchboard", s),
    `  throughput switchboard/baseline ${fmt(tr, 2)}x   goal >= ${GOALS.throughputRatioMin}x   ${verdict(tr >= GOALS.throughputRatioMin)}`,
    `  p99 switchboard/baseline        ${fmt(pr, 2)}x   goal <= ${GOALS.p99RatioMax}x     ${verdict(pr <= GOALS.p99RatioMax)}`,
  ];
}

function pacedTable(paced: PacedResults): string[] {
  const { baseline: b, switchboard: s } = paced;
  const pr = ratio(s.p99Ms, b.p99Ms);
  const row = (name: string, r: PacedResult) =>
    `  ${name.padEnd(22)}${fmt(r.rate, 0).padStart(12)}${fmt(r.p50Ms, 2).padStart(10)}${fmt(r.p99Ms, 2).padStart(10)}${String(r.samples).padStart(10)}${String(r.unanswered).padStart(8)}`;
  return [
    `Latency at a fixed rate: ${paced.connections} connections, open loop (both servers below saturation)`,
    `  ${"".padEnd(22)}${"msg/s".padStart(12)}${"p50 ms".padStart(10)}${"p99 ms".padStart(10)}${"samples".padStart(10)}${"lost".padStart(8)}`,
    row("bare ws echo", b),
    row("switchboard", s),
    `  p99 switchboard/baseline        ${fmt(pr, 2)}x   goal <= ${GOALS.p99RatioMax}x     ${verdict(pr <= GOALS.p99RatioMax)}`,
  ];
}

function memoryTable(memory: MemoryResults): string[] {
  const { baseline: b, switchboard: s } = memory;
  const mb = (bytes: number) => fmt(bytes / 1048576, 1);
  const row = (name: string, r: MemoryResult) =>
    `  ${name.padEnd(22)}${mb(r.before.rss).padStart(10)}${mb(r.after.rss).padStart(10)}${mb(r.before.heapUsed).padStart(10)}${mb(r.after.heapUsed).padStart(10)}${fmt(r.kbPerSession, 1).padStart(10)}${fmt(r.kbHeapPerSession, 1).padStart(10)}${String(r.failed).padStart(8)}`;
  return [
    `Idle memory: ${s.count} connected sessions (server RSS/heap after GC, minimum of 4 samples)`,
    `  ${"".padEnd(22)}${"RSS0 MB".padStart(10)}${"RSS1 MB".padStart(10)}${"heap0 MB".padStart(10)}${"heap1 MB".padStart(10)}${"KB/sess".padStart(10)}${"heapKB/s".padStart(10)}${"failed".padStart(8)}`,
    row("bare ws (sockets)", b),
    row("switchboard", s),
    `  switchboard: session state ${fmt(s.kbPerSession - (s.kbPerConnection ?? 0), 1)} KB + connection ${fmt(s.kbPerConnection ?? Number.NaN, 1)} KB RSS per session`,
    `  switchboard KB/session ${fmt(s.kbPerSession, 1)}   goal <= ${GOALS.kbPerSessionMax} KB   ${verdict(s.kbPerSession <= GOALS.kbPerSessionMax)}   (${fmt(ratio(s.kbPerSession, b.kbPerSession), 1)}x bare ws)`,
  ];
}

function toJson(results: BenchResults): Record<string, unknown> {
  const json: Record<string, unknown> = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    loadAtStart: round(results.loadAtStart, 2),
    loadAtEnd: round(loadavg()[0] ?? Number.NaN, 2),
    goals: GOALS,
  };
  if (results.llm) {
    const { baseline: b, switchboard: s } = results.llm;
    json.llm = { ...results.llm, p99Ratio: round(ratio(s.p99Ms, b.p99Ms), 3) };
  }
  if (results.echo) {
    const { baseline: b, switchboard: s, connections, window, warmupMs, durationMs } = results.echo;
    json.echo = {
      connections,
      window,
      warmupMs,
      durationMs,
      baseline: loadJson(b),
      switchboard: loadJson(s),
      throughputRatio: round(ratio(s.throughput, b.throughput), 3),
      p99Ratio: round(ratio(s.p99Ms, b.p99Ms), 3),
    };
  }
  if (results.paced) {
    const { baseline: b, switchboard: s, connections } = results.paced;
    json.paced = {
      connections,
      baseline: b,
      switchboard: s,
      p99Ratio: round(ratio(s.p99Ms, b.p99Ms), 3),
    };
  }
  if (results.fanout) json.fanout = results.fanout;
  if (results.cluster) json.cluster = results.cluster;
  if (results.memory) {
    json.memory = {
      baseline: memoryJson(results.memory.baseline),
      switchboard: memoryJson(results.memory.switchboard),
    };
  }
  return json;
}

function loadJson(r: LoadResult): Record<string, unknown> {
  return {
    ...r,
    throughput: round(r.throughput, 0),
    p50Ms: round(r.p50Ms, 3),
    p99Ms: round(r.p99Ms, 3),
    maxMs: round(r.maxMs, 3),
    framesPerRoundTrip: round(r.framesPerRoundTrip, 2),
  };
}

function memoryJson(r: MemoryResult): Record<string, unknown> {
  return {
    ...r,
    kbPerSession: round(r.kbPerSession, 2),
    kbHeapPerSession: round(r.kbHeapPerSession, 2),
    kbPerConnection: r.kbPerConnection === undefined ? undefined : round(r.kbPerConnection, 2),
    kbHeapPerConnection:
      r.kbHeapPerConnection === undefined ? undefined : round(r.kbHeapPerConnection, 2),
  };
}

function fmt(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : "n/a";
}

function verdict(ok: boolean): string {
  return ok ? "PASS" : "MISS";
}
