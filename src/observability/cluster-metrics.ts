// Metrics of the parts processes share: durable timers, turn leases and cluster-wide limits.
import { Counter, Gauge, type Registry } from "prom-client";
import type { SchedulerObserver } from "../coordination/index.js";

/** What the cluster metrics read at scrape time. */
export interface ClusterReadings {
  /** Timers due and not yet fired (Scheduler.backlog). */
  backlog(): Promise<number>;
}

/** Counts timers fired, lease changes and limit-store outages; reads the scheduler backlog. */
export class ClusterMetrics {
  readonly #fired: Counter<"kind" | "attempt">;
  readonly #failed: Counter<"kind">;
  readonly #leases: Counter<"change">;
  readonly #limitsUnavailable: Counter;

  constructor(registry: Registry, readings: ClusterReadings) {
    new Gauge({
      name: "switchboard_scheduler_backlog",
      help: "Durable timers that are due and not yet fired (claimed and running ones excluded).",
      registers: [registry],
      async collect() {
        this.set(await readings.backlog());
      },
    });
    this.#fired = new Counter({
      name: "switchboard_timers_fired_total",
      help: "Durable timers fired by this process, by kind; attempt `retry` when an earlier claim died or failed.",
      labelNames: ["kind", "attempt"],
      registers: [registry],
    });
    this.#failed = new Counter({
      name: "switchboard_timer_failures_total",
      help: "Durable timer handlers that failed (the timer is retried), by kind.",
      labelNames: ["kind"],
      registers: [registry],
    });
    this.#leases = new Counter({
      name: "switchboard_turn_lease_changes_total",
      help: "Turn lease changes: `claimed`, `finished`, `lost` (renewal refused), `taken_over` (a dead runner's turn picked up here).",
      labelNames: ["change"],
      registers: [registry],
    });
    this.#limitsUnavailable = new Counter({
      name: "switchboard_limits_unavailable_total",
      help: "Limit checks let through because the shared limit store (Redis) did not answer.",
      registers: [registry],
    });
  }

  /** The scheduler's observer. */
  readonly scheduler: SchedulerObserver = {
    fired: (kind, attempt) => this.#fired.inc({ kind, attempt: attempt > 1 ? "retry" : "first" }),
    failed: (kind) => this.#failed.inc({ kind }),
  };

  /** Counts a turn lease change. */
  leaseChanged(change: "claimed" | "finished" | "lost" | "taken_over"): void {
    this.#leases.inc({ change });
  }

  /** Counts a limit check let through while the limit store was unreachable. */
  limitsUnavailable(): void {
    this.#limitsUnavailable.inc();
  }
}
