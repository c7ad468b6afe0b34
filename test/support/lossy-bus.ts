// A Bus for tests that drops, holds back and reorders what it delivers, over a shared medium.
import type { InProcessBus } from "../../src/bus/index.js";
import type { Bus, BusEvent, BusSubscriber } from "../../src/core/index.js";

/** How often a delivery goes wrong, as fractions of deliveries. */
export interface Mischief {
  drop: number;
  /** Held back, then delivered later, out of order. */
  delay: number;
  /** The subscriber is told it may have lost events (as after a reconnect). */
  lost: number;
}

interface Held {
  active: () => boolean;
  subscriber: BusSubscriber;
  event: BusEvent;
}

/** A deterministic random source (mulberry32), so a failing run can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One process's view of a shared bus: what reaches its subscribers is lossy and out of order. */
export class LossyBus implements Bus {
  readonly #medium: InProcessBus;
  readonly #random: () => number;
  readonly #mischief: Mischief;
  #held: Held[] = [];
  dropped = 0;
  delayed = 0;
  /** While true every delivery is dropped (the bus is down, as far as subscribers can tell). */
  dark = false;

  constructor(medium: InProcessBus, random: () => number, mischief: Mischief) {
    this.#medium = medium;
    this.#random = random;
    this.#mischief = mischief;
  }

  publish(sessionId: string, event: BusEvent): void {
    this.#medium.publish(sessionId, event);
  }

  async subscribe(sessionId: string, subscriber: BusSubscriber): Promise<() => void> {
    let active = true;
    const end = await this.#medium.subscribe(sessionId, {
      event: (event) => this.#arrive({ active: () => active, subscriber, event }),
    });
    return () => {
      active = false;
      end();
    };
  }

  /** Delivers everything held back, in random order. */
  flush(): void {
    const held = this.#shuffled(this.#held);
    this.#held = [];
    for (const item of held) this.#deliver(item);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    this.#held = [];
  }

  #arrive(item: Held): void {
    this.#releaseSome();
    const roll = this.#random();
    const { drop, delay, lost } = this.#mischief;
    if (this.dark || roll < drop) this.dropped += 1;
    else if (roll < drop + delay) {
      this.delayed += 1;
      this.#held.push(item);
    } else this.#deliver(item);
    if (this.#random() < lost && item.active()) item.subscriber.lost?.();
  }

  // Each held event goes out with even odds on every later arrival: delayed and reordered.
  #releaseSome(): void {
    const going = this.#held.filter(() => this.#random() < 0.5);
    if (going.length === 0) return;
    this.#held = this.#held.filter((item) => !going.includes(item));
    for (const item of this.#shuffled(going)) this.#deliver(item);
  }

  #deliver(item: Held): void {
    if (item.active()) item.subscriber.event(item.event);
  }

  #shuffled<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.#random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy;
  }
}
