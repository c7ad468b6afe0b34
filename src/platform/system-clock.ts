// The Clock port on Node's real timers.
import type { Clock, TimerHandle } from "../core/index.js";

/** Wall-clock time and Node timers; timers never keep the process alive on their own. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
  setInterval(fn: () => void, ms: number): TimerHandle {
    const timer = setInterval(fn, ms);
    timer.unref();
    return { cancel: () => clearInterval(timer) };
  },
  sleep: (ms: number) => new Promise((resolve) => setTimeout(resolve, ms)),
};
