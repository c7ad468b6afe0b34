// Cluster coordination adapters: durable timers, turn leases and shared limits.
export { MemoryTimerTable } from "./memory-timer-table.js";
export {
  type PollingOptions,
  PollingScheduler,
  type SchedulerObserver,
} from "./polling-scheduler.js";
export { LIMITS_DDL, type PgPool, PostgresLimits } from "./postgres-limits.js";
export { type PgQueryable, PostgresTimerTable, TIMERS_DDL } from "./postgres-timer-table.js";
export { PostgresTurnClaims, TURN_CLAIMS_DDL } from "./postgres-turn-claims.js";
export { FailOpenLimits, RedisLimits } from "./redis-limits.js";
export { RedisTimerTable } from "./redis-timer-table.js";
export { RedisTurnClaims } from "./redis-turn-claims.js";
export { SqliteTimerTable } from "./sqlite-timer-table.js";
export { SqliteTurnClaims } from "./sqlite-turn-claims.js";
export type { ClaimedTimer, TimerTable } from "./timer-table.js";
