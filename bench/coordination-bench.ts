// `node dist/bench/coordination-bench.js`: the cost of shared timers, turn leases and limits,
// each backend beside the in-memory one from the same run (the single-process baseline).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import {
  MemoryTimerTable,
  PollingScheduler,
  RedisLimits,
  RedisTimerTable,
  RedisTurnClaims,
  SqliteTimerTable,
  SqliteTurnClaims,
  type TimerTable,
} from "../src/coordination/index.js";
import {
  InProcessLimits,
  InProcessTurnClaims,
  type Limits,
  type TurnClaims,
} from "../src/core/index.js";
import { systemClock } from "../src/platform/index.js";
import { openSqliteDatabase } from "../src/store/index.js";

const REDIS_URL = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const TIMERS = 2000;
const TAKES = 20_000;
const TURNS = 2000;
const log = (line: string) => process.stdout.write(`${line}\n`);

async function timersPerSecond(table: TimerTable): Promise<number> {
  const scheduler = new PollingScheduler(table, { clock: systemClock, pollMs: 50 });
  let fired = 0;
  let done: () => void = () => undefined;
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  scheduler.handle("bench", async () => {
    fired += 1;
    if (fired === TIMERS) done();
  });
  const started = performance.now();
  const now = Date.now();
  for (let i = 0; i < TIMERS; i++) await scheduler.schedule("bench", `k${i}`, now);
  scheduler.start();
  await all;
  const seconds = (performance.now() - started) / 1000;
  await scheduler.stop();
  await table.close();
  return TIMERS / seconds;
}

async function takesPerSecond(limits: Limits): Promise<number> {
  const rule = { name: "bench", perSecond: 1e9, burst: 1e9 };
  const started = performance.now();
  for (let batch = 0; batch < TAKES / 100; batch++)
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => limits.take(rule, `s${i}`, Date.now())),
    );
  return TAKES / ((performance.now() - started) / 1000);
}

async function turnsPerSecond(claims: TurnClaims): Promise<number> {
  const started = performance.now();
  for (let batch = 0; batch < TURNS / 50; batch++)
    await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const lease = await claims.claim(`s${i}`, `k${batch}`, Date.now(), 15_000);
        await lease?.begin("m");
        await lease?.finish();
      }),
    );
  return TURNS / ((performance.now() - started) / 1000);
}

function row(what: string, baseline: number, value: number): string {
  return `${what.padEnd(34)} ${value.toFixed(0).padStart(9)}/s   ${(value / baseline).toFixed(3)}× in-memory`;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-coord-bench-"));
  const file = join(dir, "switchboard.sqlite");
  const prefix = `bench:${process.pid}:`;
  const redis = new Redis(REDIS_URL);
  try {
    const memTimers = await timersPerSecond(new MemoryTimerTable());
    const sqliteTimers = await timersPerSecond(
      new SqliteTimerTable(openSqliteDatabase(file, "normal")),
    );
    const redisTimers = await timersPerSecond(new RedisTimerTable(new Redis(REDIS_URL), prefix));
    log(`timers scheduled and fired (${TIMERS}):`);
    log(row("  in memory", memTimers, memTimers));
    log(row("  SQLite", memTimers, sqliteTimers));
    log(row("  Redis", memTimers, redisTimers));

    const memTurns = await turnsPerSecond(new InProcessTurnClaims());
    const db = openSqliteDatabase(file, "normal");
    const sqliteTurns = await turnsPerSecond(new SqliteTurnClaims(db));
    db.close();
    const redisTurns = await turnsPerSecond(new RedisTurnClaims(redis, prefix, () => undefined));
    log(`turn leases claimed, begun and finished (${TURNS}):`);
    log(row("  in memory", memTurns, memTurns));
    log(row("  SQLite", memTurns, sqliteTurns));
    log(row("  Redis", memTurns, redisTurns));

    const memTakes = await takesPerSecond(new InProcessLimits());
    const redisTakes = await takesPerSecond(new RedisLimits(redis, prefix));
    log(`rate-limit takes, 100 in flight (${TAKES}):`);
    log(row("  in memory", memTakes, memTakes));
    log(row("  Redis", memTakes, redisTakes));
  } finally {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
