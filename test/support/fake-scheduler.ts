// A Scheduler driven by the fake clock: durable timers in a shared in-memory table, fired as time is advanced.
import {
  MemoryTimerTable,
  PollingScheduler,
  type TimerTable,
} from "../../src/coordination/index.js";
import type { Clock } from "../../src/core/index.js";

/**
 * A scheduler whose timers fire exactly when `clock` (a FakeClock) passes them. Several made
 * with one `table` behave as processes of one cluster sharing their timers.
 */
export function fakeScheduler(
  clock: Clock,
  table: TimerTable = new MemoryTimerTable(),
  visibilityMs = 30_000,
): PollingScheduler {
  return new PollingScheduler(table, { clock, pollMs: 1000, visibilityMs, retryMs: 5000 });
}
