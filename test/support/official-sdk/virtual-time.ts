// Time for the scripted SDK client: a clock the test moves, and timers that fire only when it does.

interface Timer {
  at: number;
  fn: () => void;
  cancelled: boolean;
}

/** The SDK's own clock and timers (retry ladders, reconnect backoff), driven by the test. */
export class VirtualTime {
  #now: number;
  #timers: Timer[] = [];

  constructor(start = Date.now()) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Runs `fn` once the clock has been moved `ms` on; returns a cancel function. */
  setTimeout(fn: () => void, ms: number): () => void {
    const timer = { at: this.#now + ms, fn, cancelled: false };
    this.#timers.push(timer);
    return () => {
      timer.cancelled = true;
    };
  }

  /** Moves the clock on by `ms`, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const until = this.#now + ms;
    for (;;) {
      const due = this.#timers
        .filter((t) => !t.cancelled && t.at <= until)
        .sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.#now = Math.max(this.#now, due.at);
      due.cancelled = true;
      due.fn();
    }
    this.#now = until;
    this.#timers = this.#timers.filter((t) => !t.cancelled);
  }

  /** Delays still waiting to fire, from now (what a reconnect backoff scheduled). */
  pending(): number[] {
    return this.#timers.filter((t) => !t.cancelled).map((t) => t.at - this.#now);
  }
}
