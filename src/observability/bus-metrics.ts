// Prometheus metrics of the bus: how late events arrive across processes, failures, reconnects.
import { Counter, Histogram, type Registry } from "prom-client";
import type { BusObserver } from "../bus/index.js";

/** Builds the bus metrics in `registry` and returns the observer that feeds them. */
export function busMetrics(registry: Registry): BusObserver {
  const lag = new Histogram({
    name: "switchboard_bus_lag_seconds",
    help: "Time from publishing an event on the bus to receiving it (publisher's clock to receiver's).",
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const failures = new Counter({
    name: "switchboard_bus_failures_total",
    help: "Bus failures by kind: publish, subscribe, connection, message (malformed), too_big.",
    labelNames: ["kind"],
    registers: [registry],
  });
  const reconnects = new Counter({
    name: "switchboard_bus_reconnects_total",
    help: "Times the bus came back after losing its connection (every connection then checked the store).",
    registers: [registry],
  });
  return {
    delivered: (seconds) => lag.observe(seconds),
    failed: (kind) => failures.inc({ kind }),
    reconnected: () => reconnects.inc(),
  };
}
