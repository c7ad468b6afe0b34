// `npm run bench`: echo round trips and idle memory, each beside a bare `ws` baseline from the same run.
import { mkdirSync } from "node:fs";
import { loadavg } from "node:os";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { benchClusterEcho, CLUSTER_SHAPES, type ClusterEchoResult } from "./cluster-bench.js";
import {
  benchBaselineEcho,
  benchSwitchboardEcho,
  withBaselineSockets,
  withSwitchboardSockets,
} from "./echo-bench.js";
import { benchFanout, type FanoutResult } from "./fanout-bench.js";
import { benchLlmFirstChunk } from "./llm-bench.js";
import { benchBaselineMemory, benchSwitchboardMemory } from "./memory-bench.js";
import { runPacedLoad } from "./paced-load.js";
import { type BenchResults, printReport } from "./report.js";
import { killAllServerChildren } from "./server-children.js";

const USAGE = `node dist/bench/run.js [--only echo|paced|memory|llm|fanout|cluster] [--connections 50] [--window 4]
  [--warmup-ms 1000] [--duration-ms 5000] [--rate 500] [--sessions 10000] [--cpu-prof DIR]
  [--llm-sessions 100] [--llm-turns 10] [--llm-ttft-ms 200] [--llm-think-ms 1000]
  [--llm-compare OTHER_BUILD/dist/bench/server-process.js]
  [--fanout-sessions 20] [--fanout-rate 100] [--rounds 3]
  (cluster: every shape once per round, interleaved, the median round of each reported;
  fanout buses: BENCH_REDIS_URL, default redis://127.0.0.1:6379; BENCH_POSTGRES_URL, default
  postgres://postgres@127.0.0.1:5432/test; an unreachable one is reported and skipped)`;

const { values: args } = parseArgs({
  options: {
    only: { type: "string" },
    connections: { type: "string", default: "50" },
    window: { type: "string", default: "4" },
    "warmup-ms": { type: "string", default: "1000" },
    "duration-ms": { type: "string", default: "5000" },
    rounds: { type: "string", default: "3" },
    sessions: { type: "string", default: "10000" },
    rate: { type: "string", default: "500" },
    "cpu-prof": { type: "string" },
    "llm-sessions": { type: "string", default: "100" },
    "llm-turns": { type: "string", default: "10" },
    "llm-ttft-ms": { type: "string", default: "200" },
    "llm-think-ms": { type: "string", default: "1000" },
    "llm-compare": { type: "string" },
    "fanout-sessions": { type: "string", default: "20" },
    "fanout-rate": { type: "string", default: "100" },
    help: { type: "boolean", default: false },
  },
});

const log = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
  if (args.help) {
    log(USAGE);
    return;
  }
  const only = args.only;
  if (
    only !== undefined &&
    !["echo", "paced", "memory", "llm", "fanout", "cluster"].includes(only)
  ) {
    throw new Error(USAGE);
  }
  const results: BenchResults = { loadAtStart: loadavg()[0] ?? 0 };
  const started = Date.now();
  if (only === undefined || only === "echo") results.echo = await echoSection();
  if (only === undefined || only === "paced") results.paced = await pacedSection();
  if (only === undefined || only === "memory") results.memory = await memorySection();
  if (only === undefined || only === "llm") results.llm = await llmSection();
  if (only === undefined || only === "fanout") results.fanout = await fanoutSection();
  if (only === "cluster") {
    // The deployment shapes side by side, and the cross-process hop, in one run.
    results.cluster = await clusterSection();
    results.fanout = await fanoutSection();
  }
  printReport(results, log);
  log(`(bench took ${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

/** `--cpu-prof DIR` as node flags for a Switchboard child (the directory is created). */
function profileFlags(): string[] {
  const profileDir = args["cpu-prof"] === undefined ? undefined : resolve(args["cpu-prof"]);
  if (!profileDir) return [];
  mkdirSync(profileDir, { recursive: true });
  return ["--cpu-prof", `--cpu-prof-dir=${profileDir}`];
}

async function echoSection(): Promise<NonNullable<BenchResults["echo"]>> {
  const profileDir = args["cpu-prof"] === undefined ? undefined : resolve(args["cpu-prof"]);
  if (profileDir) mkdirSync(profileDir, { recursive: true });
  const options = {
    connections: count(args.connections, "connections"),
    window: count(args.window, "window"),
    warmupMs: count(args["warmup-ms"], "warmup-ms"),
    durationMs: count(args["duration-ms"], "duration-ms"),
    drainMs: 3000,
    switchboardFlags: profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [],
  };
  log(`echo: bare ws baseline, ${options.connections} connections x window ${options.window} ...`);
  const baseline = await benchBaselineEcho(options);
  log(`echo: switchboard (USER_MESSAGE -> echo, plus agent replies) ...`);
  const switchboard = await benchSwitchboardEcho(options);
  if (profileDir) log(`echo: Switchboard CPU profile written to ${profileDir}`);
  return { ...options, baseline, switchboard };
}

async function pacedSection(): Promise<NonNullable<BenchResults["paced"]>> {
  const connections = count(args.connections, "connections");
  const options = {
    rate: count(args.rate, "rate"),
    warmupMs: count(args["warmup-ms"], "warmup-ms"),
    durationMs: count(args["duration-ms"], "duration-ms"),
    drainMs: 3000,
  };
  log(
    `paced: ${options.rate} messages/s over ${connections} connections, bare ws then switchboard ...`,
  );
  const baseline = await withBaselineSockets(connections, (s) => runPacedLoad(s, options));
  const switchboard = await withSwitchboardSockets(connections, [], (s) =>
    runPacedLoad(s, options),
  );
  return { connections, baseline, switchboard };
}

async function memorySection(): Promise<NonNullable<BenchResults["memory"]>> {
  const options = { count: count(args.sessions, "sessions"), warmup: 200, log };
  log(`memory: ${options.count} idle sockets on bare ws ...`);
  const baseline = await benchBaselineMemory(options);
  log(`memory: ${options.count} idle connected Switchboard sessions ...`);
  const switchboard = await benchSwitchboardMemory(options);
  return { baseline, switchboard };
}

async function llmSection(): Promise<NonNullable<BenchResults["llm"]>> {
  const options = {
    sessions: count(args["llm-sessions"], "llm-sessions"),
    turnsPerSession: count(args["llm-turns"], "llm-turns"),
    modelFirstTokenMs: count(args["llm-ttft-ms"], "llm-ttft-ms"),
    thinkMs: count(args["llm-think-ms"], "llm-think-ms"),
    nodeFlags: profileFlags(),
    ...(args["llm-compare"] ? { compareScript: resolve(args["llm-compare"]) } : {}),
  };
  log(
    `llm: first chunk minus upstream first token, ${options.sessions} sessions x ${options.turnsPerSession} turns (model TTFT ${options.modelFirstTokenMs} ms, think 0-${options.thinkMs} ms), direct SSE then through Switchboard ...`,
  );
  return { ...options, ...(await benchLlmFirstChunk(options)) };
}

async function fanoutSection(): Promise<NonNullable<BenchResults["fanout"]>> {
  const options = {
    sessions: count(args["fanout-sessions"], "fanout-sessions"),
    rate: count(args["fanout-rate"], "fanout-rate"),
    warmupMs: count(args["warmup-ms"], "warmup-ms"),
    durationMs: count(args["duration-ms"], "duration-ms"),
    // Past two position checks: an event the bus lost still arrives, and is not counted lost.
    drainMs: 12_000,
  };
  const buses = [
    { name: "in-process (1 process)", url: "" },
    { name: "Redis (2 processes)", url: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379" },
    {
      name: "PostgreSQL (2 processes)",
      url: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    },
  ];
  const rows: FanoutResult[] = [];
  for (const bus of buses) {
    log(`fanout: ${bus.name}, ${options.sessions} sessions, ${options.rate} messages/s ...`);
    try {
      rows.push(await benchFanout(bus, options));
    } catch (error) {
      log(`fanout: ${bus.name} skipped: ${error instanceof Error ? error.message : error}`);
    }
  }
  return { ...options, rows };
}

async function clusterSection(): Promise<NonNullable<BenchResults["cluster"]>> {
  const options = {
    connections: count(args.connections, "connections"),
    window: count(args.window, "window"),
    warmupMs: count(args["warmup-ms"], "warmup-ms"),
    durationMs: count(args["duration-ms"], "duration-ms"),
    drainMs: 3000,
    postgresUrl: process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test",
    redisUrl: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
  };
  // Shapes take turns round after round, so a burst of other work on the machine falls on each
  // shape alike instead of on whichever one ran at the time; each row is its median round.
  const rounds = Math.max(1, count(args.rounds, "rounds"));
  const measured = CLUSTER_SHAPES.map(() => [] as ClusterEchoResult[]);
  for (let round = 1; round <= rounds; round++) {
    for (const [index, shape] of CLUSTER_SHAPES.entries()) {
      log(
        `cluster: round ${round}/${rounds}, echo on ${shape.name}, ${options.connections} connections x window ${options.window} ...`,
      );
      const row = await benchClusterEcho(shape, options);
      log(
        `  ${row.throughput.toFixed(0)} rt/s, p50 ${row.p50Ms.toFixed(1)} ms, p99 ${row.p99Ms.toFixed(1)} ms (load ${loadavg()[0]?.toFixed(1)})`,
      );
      measured[index]?.push(row);
    }
  }
  const rows = measured.map((runs) => {
    const sorted = [...runs].sort((a, b) => a.throughput - b.throughput);
    return sorted[Math.floor(sorted.length / 2)] as ClusterEchoResult;
  });
  return { connections: options.connections, window: options.window, rows };
}

function count(raw: string | undefined, name: string): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} must be a whole number`);
  return value;
}

// Children die with the runner however it ends; they also exit on their own when IPC drops.
process.on("exit", killAllServerChildren);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAllServerChildren();
    process.exit(130);
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error("bench failed:", error instanceof Error ? error.message : error);
    process.exitCode = 1;
    process.exit(1);
  },
);
