// Node implementations of small core ports.
export { tinyldDetector } from "./language-detector.js";
export { systemClock } from "./system-clock.js";
