// Picks where the processes of a deployment coordinate: Redis when a redis:// bus is configured, else the SQLite file.
import { Redis } from "ioredis";
import type { Registry } from "prom-client";
import {
  PollingScheduler,
  RedisTimerTable,
  RedisTurnClaims,
  SqliteTimerTable,
  SqliteTurnClaims,
  type TimerTable,
} from "../coordination/index.js";
import type { Clock, Scheduler, TurnClaims } from "../core/index.js";
import { ClusterMetrics } from "../observability/index.js";
import { openSqliteDatabase, type SqliteSynchronous } from "../store/index.js";

/** The shared-state adapters of one process. */
export interface Coordination {
  scheduler: Scheduler;
  /** Turn leases: one runner per user message across processes (and restarts). */
  claims: TurnClaims;
  metrics: ClusterMetrics;
  /** Releases connections (after the hub stopped the scheduler). */
  close(): Promise<void>;
}

export interface CoordinationOptions {
  /** `SWITCHBOARD_BUS`: a redis:// URL, or empty for one process. */
  bus: string;
  /** The store's SQLite file, where timers live without Redis. */
  sqliteFile: string;
  sqliteSynchronous: SqliteSynchronous;
  clock: Clock;
  /** Where the cluster metrics (scheduler backlog, lease changes) are registered. */
  registry: Registry;
  onError(error: unknown, context: string): void;
}

/** Key prefix of everything Switchboard keeps in Redis. */
const REDIS_PREFIX = "switchboard:";

/** Opens the scheduler and turn leases the configuration asks for. */
export function openCoordination(options: CoordinationOptions): Coordination {
  const shared = options.bus === "" ? inSqlite(options) : inRedis(options);
  const metrics = new ClusterMetrics(options.registry, { backlog: () => scheduler.backlog() });
  const scheduler = new PollingScheduler(shared.table, {
    clock: options.clock,
    observer: metrics.scheduler,
    onError: options.onError,
  });
  return { scheduler, claims: shared.claims, metrics, close: shared.close };
}

interface Shared {
  table: TimerTable;
  claims: TurnClaims;
  close(): Promise<void>;
}

// One process: its own connection to the store's file, so timers and leases outlive restarts.
function inSqlite(options: CoordinationOptions): Shared {
  const db = openSqliteDatabase(options.sqliteFile, options.sqliteSynchronous);
  const table = new SqliteTimerTable(db);
  return { table, claims: new SqliteTurnClaims(db), close: () => table.close() };
}

function inRedis(options: CoordinationOptions): Shared {
  const redis = new Redis(options.bus, { maxRetriesPerRequest: 2 });
  // A Redis that is down is reported by the work that needs it, not as an unhandled event.
  redis.on("error", (error) => options.onError(error, "redis"));
  return {
    table: new RedisTimerTable(redis, REDIS_PREFIX, false),
    claims: new RedisTurnClaims(redis, REDIS_PREFIX, options.onError),
    close: async () => {
      await redis.quit().catch(() => undefined);
    },
  };
}
