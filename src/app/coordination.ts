// Picks where the processes of a deployment coordinate: Redis when a redis:// bus is configured, else the SQLite file.
import { Redis } from "ioredis";
import type { Registry } from "prom-client";
import {
  PollingScheduler,
  RedisTimerTable,
  SqliteTimerTable,
  type TimerTable,
} from "../coordination/index.js";
import type { Clock, Scheduler } from "../core/index.js";
import { ClusterMetrics } from "../observability/index.js";
import { openSqliteDatabase, type SqliteSynchronous } from "../store/index.js";

/** The shared-state adapters of one process. */
export interface Coordination {
  scheduler: Scheduler;
  metrics: ClusterMetrics;
  /** Releases connections (after the hub stopped the scheduler). */
  close(): Promise<void>;
}

export interface CoordinationOptions {
  /** `SWITCHBOARD_BUS`: a redis:// or postgres:// URL, or empty for one process. */
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

/** Opens the scheduler (and, later, leases and limits) the configuration asks for. */
export function openCoordination(options: CoordinationOptions): Coordination {
  // Timers share the bus's Redis; with no bus or a PostgreSQL one they stay in the SQLite file.
  const redis = /^rediss?:/.test(options.bus)
    ? new Redis(options.bus, { maxRetriesPerRequest: 2 })
    : undefined;
  // A Redis that is down is reported by the work that needs it, not as an unhandled event.
  redis?.on("error", (error) => options.onError(error, "redis"));
  const table: TimerTable = redis
    ? new RedisTimerTable(redis, REDIS_PREFIX, false)
    : new SqliteTimerTable(openSqliteDatabase(options.sqliteFile, options.sqliteSynchronous));
  const metrics = new ClusterMetrics(options.registry, { backlog: () => scheduler.backlog() });
  const scheduler = new PollingScheduler(table, {
    clock: options.clock,
    observer: metrics.scheduler,
    onError: options.onError,
  });
  return {
    scheduler,
    metrics,
    close: async () => {
      await table.close();
      await redis?.quit().catch(() => undefined);
    },
  };
}
