// Picks where the processes of a deployment coordinate: Redis when a redis:// bus is configured, else PostgreSQL when it is the store, else the SQLite file.
import { Redis } from "ioredis";
import type { Registry } from "prom-client";
import {
  FailOpenLimits,
  type PgPool,
  PollingScheduler,
  PostgresLimits,
  PostgresTimerTable,
  PostgresTurnClaims,
  RedisLimits,
  RedisTimerTable,
  RedisTurnClaims,
  SqliteTimerTable,
  SqliteTurnClaims,
  type TimerTable,
} from "../coordination/index.js";
import {
  type Clock,
  InProcessLimits,
  type Limits,
  type Scheduler,
  type TurnClaims,
} from "../core/index.js";
import { ClusterMetrics } from "../observability/index.js";
import { openSqliteDatabase, type SqliteSynchronous } from "../store/index.js";

/** The shared-state adapters of one process. */
export interface Coordination {
  scheduler: Scheduler;
  /** Turn leases: one runner per user message across processes (and restarts). */
  claims: TurnClaims;
  /** Rate limits and connection slots counted for the whole deployment. */
  limits: Limits;
  metrics: ClusterMetrics;
  /** Releases connections (after the hub stopped the scheduler). */
  close(): Promise<void>;
}

export interface CoordinationOptions {
  /** `SWITCHBOARD_BUS`: a redis:// or postgres:// URL, or empty for one process. */
  bus: string;
  /** Start of every Redis key (`SWITCHBOARD_BUS_PREFIX` and a colon). */
  redisPrefix: string;
  /** The PostgreSQL store's pool, when that is the store: without Redis, timers, leases and limits live in its schema. */
  postgres?: PgPool;
  /** The store's SQLite file, where timers live without Redis or PostgreSQL. */
  sqliteFile: string;
  sqliteSynchronous: SqliteSynchronous;
  clock: Clock;
  /** Where the cluster metrics (scheduler backlog, lease changes) are registered. */
  registry: Registry;
  onError(error: unknown, context: string): void;
}

/** Opens the scheduler and turn leases the configuration asks for. */
export async function openCoordination(options: CoordinationOptions): Promise<Coordination> {
  const metrics = new ClusterMetrics(options.registry, { backlog: () => scheduler.backlog() });
  // Timers, leases and limits share the bus's Redis; without it they share the PostgreSQL store,
  // and on SQLite they stay in its file (one process).
  const shared = /^rediss?:/.test(options.bus)
    ? inRedis(options, metrics)
    : options.postgres
      ? inPostgres(options.postgres, options, metrics)
      : inSqlite(options);
  await shared.ready;
  const scheduler = new PollingScheduler(shared.table, {
    clock: options.clock,
    observer: metrics.scheduler,
    onError: options.onError,
  });
  return { scheduler, claims: shared.claims, limits: shared.limits, metrics, close: shared.close };
}

interface Shared {
  /** Settles once the backend can take commands, or after a short wait (then it recovers later). */
  ready?: Promise<void>;
  table: TimerTable;
  claims: TurnClaims;
  limits: Limits;
  close(): Promise<void>;
}

// One process: its own connection to the store's file, so timers and leases outlive restarts.
function inSqlite(options: CoordinationOptions): Shared {
  const db = openSqliteDatabase(options.sqliteFile, options.sqliteSynchronous);
  const table = new SqliteTimerTable(db);
  const claims = new SqliteTurnClaims(db);
  return { table, claims, limits: new InProcessLimits(), close: () => table.close() };
}

// PostgreSQL without Redis: timers, turn leases and limits shared in the store's schema.
function inPostgres(db: PgPool, options: CoordinationOptions, metrics: ClusterMetrics): Shared {
  const outage = outageReporter(options);
  return {
    table: new PostgresTimerTable(db),
    claims: new PostgresTurnClaims(db, options.onError),
    limits: new FailOpenLimits(new PostgresLimits(db), (error) => {
      metrics.limitsUnavailable();
      outage(error, "limits unavailable, letting requests through");
    }),
    close: async () => undefined,
  };
}

/** How long start-up waits for Redis before serving anyway (commands fail open until it is up). */
const REDIS_START_WAIT_MS = 5000;

function connected(redis: Redis): Promise<void> {
  if (redis.status === "ready") return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, REDIS_START_WAIT_MS);
    function done() {
      clearTimeout(timer);
      redis.off("ready", done);
      resolve();
    }
    redis.once("ready", done);
  });
}

/** While Redis or PostgreSQL is unreachable, its outage is logged once per this long (every check is counted). */
const OUTAGE_LOG_EVERY_MS = 10_000;

/** Reports an outage of the shared backend at most once per `OUTAGE_LOG_EVERY_MS`. */
function outageReporter(options: CoordinationOptions): (error: unknown, context: string) => void {
  let loggedAt = Number.NEGATIVE_INFINITY;
  return (error, context) => {
    const now = options.clock.now();
    if (now - loggedAt < OUTAGE_LOG_EVERY_MS) return;
    loggedAt = now;
    options.onError(error, context);
  };
}

function inRedis(options: CoordinationOptions, metrics: ClusterMetrics): Shared {
  // No offline queue: while Redis is unreachable a command fails at once (limits let requests
  // through, turns take a local claim) instead of waiting out the reconnects.
  const redis = new Redis(options.bus, {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: false,
    commandTimeout: 2000,
  });
  const outage = outageReporter(options);
  // A Redis that is down is reported by the work that needs it, not as an unhandled event.
  redis.on("error", (error) => outage(error, "redis"));
  const limits = new FailOpenLimits(new RedisLimits(redis, options.redisPrefix), (error) => {
    metrics.limitsUnavailable();
    outage(error, "limits unavailable, letting requests through");
  });
  return {
    ready: connected(redis),
    limits,
    table: new RedisTimerTable(redis, options.redisPrefix, false),
    claims: new RedisTurnClaims(redis, options.redisPrefix, options.onError),
    close: async () => {
      await redis.quit().catch(() => undefined);
    },
  };
}
