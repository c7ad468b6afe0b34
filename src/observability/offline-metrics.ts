// Prometheus metrics of offline messages: how many visitors left one, and how their webhook deliveries went.
import { Counter, type Registry } from "prom-client";
import type { OfflineObserver } from "../core/index.js";

/** Builds the offline-message metrics in `registry` and returns the observer that feeds them. */
export function offlineMetrics(registry: Registry): OfflineObserver {
  const left = new Counter({
    name: "switchboard_offline_messages_total",
    help: "Offline messages visitors left when nobody could take the chat.",
    registers: [registry],
  });
  const deliveries = new Counter({
    name: "switchboard_offline_webhook_deliveries_total",
    help: "Attempts to send offline messages to connectors' webhooks, by result (delivered, retrying, failed: the last retry failed).",
    labelNames: ["result"],
    registers: [registry],
  });
  return {
    left: () => left.inc(),
    delivery: (result) => deliveries.inc({ result }),
  };
}
