// Metrics, timing and logging setup.
export { agentMetrics } from "./agent-metrics.js";
export { contextMetrics } from "./context-metrics.js";
export { loggerOptions, redactUrl } from "./logger.js";
export { Metrics } from "./metrics.js";
export { timedStore } from "./timed-store.js";
