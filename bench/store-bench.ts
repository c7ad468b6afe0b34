// `npm run bench:store`: append throughput and latency of the SQLite and PostgreSQL stores, one run.
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import type { NewEvent, Store } from "../src/core/index.js";
import { createPostgresStore, createSqliteStore } from "../src/store/index.js";
import { percentile, ratio, round } from "./stats.js";

const USAGE = `node dist/bench/store-bench.js [--writers 64] [--warmup-ms 1000] [--duration-ms 5000]
  [--postgres postgres://postgres@127.0.0.1:5432/test]`;

const { values: args } = parseArgs({
  options: {
    writers: { type: "string", default: "64" },
    "warmup-ms": { type: "string", default: "1000" },
    "duration-ms": { type: "string", default: "5000" },
    postgres: { type: "string", default: "postgres://postgres@127.0.0.1:5432/test" },
    help: { type: "boolean", default: false },
  },
});

interface AppendResult {
  name: string;
  appendsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
}

const log = (line: string) => process.stdout.write(`${line}\n`);

function event(): NewEvent {
  return {
    id: randomUUID(),
    type: "EVENT_TYPE_USER_MESSAGE",
    timestamp: new Date().toISOString(),
    payloadJson: `{"text":"bench ${randomBytes(8).toString("hex")}"}`,
    metadataJson: null,
    clientKey: null,
  };
}

/**
 * `writers` sessions, each appending one event and awaiting its commit before the next (a
 * conversation's pace at saturation): appends per second and commit latency over the window.
 */
async function measure(name: string, store: Store): Promise<AppendResult> {
  const writers = Number(args.writers);
  const warmupMs = Number(args["warmup-ms"]);
  const durationMs = Number(args["duration-ms"]);
  const ids: string[] = [];
  for (let i = 0; i < writers; i++) {
    const id = randomUUID();
    await store.createSession(
      {
        id,
        connectorId: "bench",
        subject: "bench",
        subjectExpiresAt: null,
        streaming: false,
        clientProfile: "standard",
        chunkLayout: "concat",
        platform: "web",
        deviceType: null,
        userAgent: null,
        createdAt: Date.now(),
      },
      { ...event(), type: "EVENT_TYPE_SESSION_START", payloadJson: "{}" },
    );
    ids.push(id);
  }
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const end = measureFrom + durationMs;
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    ids.map(async (id) => {
      while (performance.now() < end) {
        const sent = performance.now();
        const result = await store.append(id, [event()]).catch(() => undefined);
        const done = performance.now();
        if (result === undefined || !result.ok) errors++;
        else if (sent >= measureFrom && done <= end) latencies.push(done - sent);
      }
    }),
  );
  return {
    name,
    appendsPerSecond: latencies.length / (durationMs / 1000),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    errors,
  };
}

async function withSchema<T>(url: string, run: (schema: string) => Promise<T>): Promise<T> {
  const schema = `sb_bench_${randomBytes(5).toString("hex")}`;
  try {
    return await run(schema);
  } finally {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.end();
  }
}

async function main(): Promise<void> {
  if (args.help) {
    log(USAGE);
    return;
  }
  const url = args.postgres;
  const loadAtStart = loadavg()[0] ?? 0;
  const results: AppendResult[] = [];
  const dir = mkdtempSync(join(tmpdir(), "switchboard-store-bench-"));
  try {
    for (const synchronous of ["normal", "full"] as const) {
      const store = createSqliteStore({ file: join(dir, `${synchronous}.db`), synchronous });
      results.push(await measure(`sqlite (${synchronous})`, store));
      await store.close();
    }
    // The cost of keeping message search in step: the same store without its index trigger.
    const bare = createSqliteStore({ file: join(dir, "unsearched.db") });
    bare.companion().db.exec("DROP TRIGGER message_search_add");
    results.push(await measure("sqlite (normal), no message search", bare));
    await bare.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const variants = [
    { name: "postgres, group commit (4 lanes)", lanes: 4, maxBatch: 256 },
    {
      name: "postgres, group commit (4 lanes), no message search",
      lanes: 4,
      maxBatch: 256,
      unsearched: true,
    },
    { name: "postgres, group commit (10 lanes)", lanes: 10, maxBatch: 256 },
    { name: "postgres, one commit per append", lanes: 10, maxBatch: 1 },
  ];
  for (const variant of variants) {
    results.push(
      await withSchema(url, async (schema) => {
        const { unsearched, ...options } = { unsearched: false, ...variant };
        const store = await createPostgresStore({ url, schema, poolSize: 10, ...options });
        if (unsearched) await store.queries().query("DROP INDEX events_message_search");
        try {
          return await measure(variant.name, store);
        } finally {
          await store.close();
        }
      }),
    );
  }
  const base = results[0] as AppendResult;
  log(
    `store appends: ${args.writers} writers, each awaiting its commit; ` +
      `${args["duration-ms"]} ms measured; load average at start ${loadAtStart.toFixed(2)}`,
  );
  log("| store | appends/s | p50 ms | p99 ms | errors | throughput vs sqlite (normal) |");
  log("|---|---:|---:|---:|---:|---:|");
  for (const r of results) {
    log(
      `| ${r.name} | ${Math.round(r.appendsPerSecond)} | ${round(r.p50Ms)} | ${round(r.p99Ms)} | ` +
        `${r.errors} | ${round(ratio(r.appendsPerSecond, base.appendsPerSecond))} |`,
    );
  }
  const cost = (searched: string, unsearched: string) => {
    const a = results.find((r) => r.name === searched);
    const b = results.find((r) => r.name === unsearched);
    return a && b ? round(ratio(a.appendsPerSecond, b.appendsPerSecond)) : null;
  };
  log(
    `message search kept in step, throughput with/without: sqlite ${cost("sqlite (normal)", "sqlite (normal), no message search")}, ` +
      `postgres ${cost("postgres, group commit (4 lanes)", "postgres, group commit (4 lanes), no message search")}`,
  );
  log(
    `BENCH_STORE_RESULTS ${JSON.stringify({ loadAtStart, writers: Number(args.writers), results })}`,
  );
}

await main();
