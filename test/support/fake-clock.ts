// A Clock whose time moves only when a test says so; timers, intervals and sleeps all follow it.
import type { Clock, TimerHandle } from "../../src/core/index.js";

interface Timer {
  id: number;
  at: number;
  fn: () => void;
  /** Repeat period for intervals. */
  every?: number;
}

/** Lets pending promise callbacks (and I/O callbacks already due) run; never waits on time. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * Resolves once `predicate` holds, letting I/O and promise callbacks run in between (never
 * advancing any clock); rejects after `timeoutMs` of real time so a broken test fails clearly.
 */
export async function until(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const started = Date.now();
  while (!(await predicate())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/** The Clock port driven by `advance`. */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  readonly #timers = new Map<number, Timer>();

  constructor(start = Date.now()) {
    this.#now = start;
  }

  now = (): number => this.#now;

  setTimeout(fn: () => void, ms: number): TimerHandle {
    return this.#add({ fn, at: this.#now + Math.max(0, ms) });
  }

  setInterval(fn: () => void, ms: number): TimerHandle {
    const every = Math.max(1, ms);
    return this.#add({ fn, at: this.#now + every, every });
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.setTimeout(resolve, ms));
  }

  /** Timers not yet fired or cancelled. */
  get pending(): number {
    return this.#timers.size;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due in order, each at its own
   * time, and letting the work it starts settle before the next one.
   */
  async advance(ms: number): Promise<void> {
    const until = this.#now + ms;
    await settle();
    for (;;) {
      const next = this.#due(until);
      if (!next) break;
      this.#now = next.at;
      if (next.every === undefined) this.#timers.delete(next.id);
      else next.at += next.every;
      next.fn();
      await settle();
    }
    this.#now = until;
    await settle();
  }

  #due(until: number): Timer | undefined {
    let first: Timer | undefined;
    for (const timer of this.#timers.values()) {
      if (timer.at <= until && (!first || timer.at < first.at)) first = timer;
    }
    return first;
  }

  #add(timer: Omit<Timer, "id">): TimerHandle {
    const id = this.#nextId++;
    this.#timers.set(id, { ...timer, id });
    return { cancel: () => this.#timers.delete(id) };
  }
}
