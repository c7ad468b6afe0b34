// The Bus port inside one process: publish calls each subscriber of the session synchronously.
import type { Bus, BusEvent, BusSubscriber } from "../core/index.js";
import { Subscriptions } from "./subscriptions.js";

/** Fan-out for a single process; delivery order is publish order, nothing is ever lost. */
export class InProcessBus implements Bus {
  readonly #subscriptions = new Subscriptions();
  #closed = false;

  publish(sessionId: string, event: BusEvent): void {
    this.#subscriptions.deliver(sessionId, event);
  }

  /** Live as soon as it is called (the promise only confirms it). */
  async subscribe(sessionId: string, subscriber: BusSubscriber): Promise<() => void> {
    if (this.#closed) throw new Error("bus closed");
    const { own } = this.#subscriptions.add(sessionId, subscriber);
    return () => {
      this.#subscriptions.remove(sessionId, own);
    };
  }

  async ping(): Promise<void> {
    if (this.#closed) throw new Error("bus closed");
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#subscriptions.clear();
  }
}
