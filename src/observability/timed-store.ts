// Wraps a Store so every call's latency lands in a histogram, without the core knowing.
import type { Histogram } from "prom-client";
import type { Store } from "../core/index.js";

/** The same store, timing each asynchronous method by name. */
export function timedStore(store: Store, histogram: Histogram<"operation">): Store {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      const operation = String(property);
      return (...args: unknown[]) => {
        const end = histogram.startTimer({ operation });
        const result = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (result instanceof Promise) return result.finally(end);
        end();
        return result;
      };
    },
  });
}
