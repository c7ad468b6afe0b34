// The subscribers of each session in one process, sharing one upstream subscription per session.
import type { BusEvent, BusSubscriber } from "../core/index.js";

/** Per-session sets of subscriptions; each `add` is its own subscription, even of one object. */
export class Subscriptions {
  readonly #sessions = new Map<string, Set<BusSubscriber>>();
  readonly #onError: (error: unknown) => void;

  /** `onError` hears a subscriber that threw (the others are still told). */
  constructor(onError: (error: unknown) => void = () => undefined) {
    this.#onError = onError;
  }

  /** Adds a subscription; `first` says the session had none (an upstream subscription is needed). */
  add(sessionId: string, subscriber: BusSubscriber): { own: BusSubscriber; first: boolean } {
    let subscribers = this.#sessions.get(sessionId);
    const first = subscribers === undefined;
    if (!subscribers) {
      subscribers = new Set();
      this.#sessions.set(sessionId, subscribers);
    }
    const own: BusSubscriber = {
      event: (event) => subscriber.event(event),
      lost: () => subscriber.lost?.(),
    };
    subscribers.add(own);
    return { own, first };
  }

  /** Ends a subscription; true when it was the session's last (the upstream one can go). */
  remove(sessionId: string, own: BusSubscriber): boolean {
    const subscribers = this.#sessions.get(sessionId);
    if (!subscribers?.delete(own)) return false;
    if (subscribers.size > 0) return false;
    this.#sessions.delete(sessionId);
    return true;
  }

  has(sessionId: string): boolean {
    return this.#sessions.has(sessionId);
  }

  /** Sessions with at least one subscription. */
  sessionIds(): string[] {
    return [...this.#sessions.keys()];
  }

  /** Tells each subscription of the session; one that ends another meanwhile is respected. */
  deliver(sessionId: string, event: BusEvent): void {
    const subscribers = this.#sessions.get(sessionId);
    if (!subscribers) return;
    for (const subscriber of [...subscribers]) {
      if (subscribers.has(subscriber)) this.#tell(() => subscriber.event(event));
    }
  }

  /** Tells every subscription that events may have been lost. */
  lostAll(): void {
    for (const subscribers of this.#sessions.values()) {
      for (const subscriber of [...subscribers]) this.#tell(() => subscriber.lost?.());
    }
  }

  clear(): void {
    this.#sessions.clear();
  }

  #tell(call: () => void): void {
    try {
      call();
    } catch (error) {
      this.#onError(error);
    }
  }
}
