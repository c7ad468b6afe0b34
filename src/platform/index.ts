// Node implementations of small core ports.
export { systemClock } from "./system-clock.js";
