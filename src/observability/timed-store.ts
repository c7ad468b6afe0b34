// Wraps a Store so the latency of its hot operations lands in a histogram, without the core knowing.
import type { Histogram } from "prom-client";
import type { Store } from "../core/index.js";

/** The operations worth a histogram: the per-message path and replay. */
const TIMED: ReadonlySet<string> = new Set([
  "append",
  "createSession",
  "readEvents",
  "getSession",
  "findEventByClientKey",
  "claimHandoff",
]);

/** The same store, timing the hot methods by name. */
export function timedStore<S extends Store>(store: S, histogram: Histogram<"operation">): S {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const method = value as (...args: unknown[]) => unknown;
      const operation = String(property);
      if (!TIMED.has(operation)) return method.bind(target);
      return (...args: unknown[]) => {
        const end = histogram.startTimer({ operation });
        const result = method.apply(target, args);
        if (result instanceof Promise) return result.finally(end);
        end();
        return result;
      };
    },
  });
}
