// The Bus port inside one process: publish calls each subscriber of the session synchronously.
import type { Bus, BusEvent, BusSubscriber } from "../core/index.js";

/** Fan-out for a single process; delivery order is publish order, nothing is ever lost. */
export class InProcessBus implements Bus {
  readonly #subscribers = new Map<string, Set<BusSubscriber>>();
  #closed = false;

  publish(sessionId: string, event: BusEvent): void {
    const subscribers = this.#subscribers.get(sessionId);
    if (!subscribers) return;
    // A copy: a subscriber may end its own (or another) subscription while it is told.
    for (const subscriber of [...subscribers]) {
      if (subscribers.has(subscriber)) subscriber.event(event);
    }
  }

  async subscribe(sessionId: string, subscriber: BusSubscriber): Promise<() => void> {
    if (this.#closed) throw new Error("bus closed");
    let subscribers = this.#subscribers.get(sessionId);
    if (!subscribers) {
      subscribers = new Set();
      this.#subscribers.set(sessionId, subscribers);
    }
    // Each call is its own subscription, even with the same subscriber object.
    const own: BusSubscriber = {
      event: (event) => subscriber.event(event),
      lost: () => subscriber.lost?.(),
    };
    subscribers.add(own);
    return () => {
      subscribers.delete(own);
      if (subscribers.size === 0 && this.#subscribers.get(sessionId) === subscribers)
        this.#subscribers.delete(sessionId);
    };
  }

  async ping(): Promise<void> {
    if (this.#closed) throw new Error("bus closed");
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#subscribers.clear();
  }
}
