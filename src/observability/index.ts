// Metrics, timing and logging setup.
export { agentMetrics } from "./agent-metrics.js";
export { busMetrics } from "./bus-metrics.js";
export { ClusterMetrics, type ClusterReadings } from "./cluster-metrics.js";
export { contextMetrics } from "./context-metrics.js";
export { loggerOptions, redactUrl } from "./logger.js";
export { Metrics } from "./metrics.js";
export { offlineMetrics } from "./offline-metrics.js";
export { timedStore } from "./timed-store.js";
export { webhookMetrics } from "./webhook-metrics.js";
