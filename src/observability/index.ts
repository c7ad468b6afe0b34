// Metrics, timing and logging setup.
export { loggerOptions, redactUrl } from "./logger.js";
export { Metrics } from "./metrics.js";
export { timedStore } from "./timed-store.js";
