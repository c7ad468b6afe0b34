// Bus adapters.
export { InProcessBus } from "./in-process-bus.js";
