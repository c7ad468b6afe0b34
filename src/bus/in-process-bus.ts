// The Bus port inside one process: publish calls each subscriber of the session synchronously.
import type { Bus, BusEvent } from "../core/index.js";

type Handler = (event: BusEvent) => void;

/** Fan-out for a single process; delivery order is publish order. */
export class InProcessBus implements Bus {
  readonly #subscribers = new Map<string, Set<Handler>>();

  publish(sessionId: string, event: BusEvent): void {
    const handlers = this.#subscribers.get(sessionId);
    if (!handlers) return;
    for (const handler of handlers) handler(event);
  }

  subscribe(sessionId: string, handler: Handler): () => void {
    let handlers = this.#subscribers.get(sessionId);
    if (!handlers) {
      handlers = new Set();
      this.#subscribers.set(sessionId, handlers);
    }
    handlers.add(handler);
    return () => {
      handlers.delete(handler);
      if (handlers.size === 0) this.#subscribers.delete(sessionId);
    };
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#subscribers.clear();
  }
}
