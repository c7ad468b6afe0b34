// The verified-context metric: submitted context tokens by result (accepted or the rejection reason).
import { Counter, type Registry } from "prom-client";

/** Registers the counter and returns the function that counts one submission. */
export function contextMetrics(registry: Registry): (result: string) => void {
  const counter = new Counter({
    name: "switchboard_context_tokens_total",
    help: "Verified-context tokens submitted, by result: accepted, or why they were rejected.",
    labelNames: ["result"],
    registers: [registry],
  });
  return (result) => counter.inc({ result });
}
