// Bus adapters.
export type { BusFailure, BusObserver } from "./bus-observer.js";
export { BusDeskSignals, DESK_CHANNEL } from "./desk-signals.js";
export { InProcessBus } from "./in-process-bus.js";
export { NOTIFY_PAYLOAD_LIMIT, PostgresBus, type PostgresBusOptions } from "./postgres-bus.js";
export { RedisBus, type RedisBusOptions } from "./redis-bus.js";
