// A circuit breaker: after enough failures in a row, stop calling a backend for a while.

export type CircuitState = "closed" | "open" | "half_open";

/** When the circuit opens and for how long. */
export interface BreakerSettings {
  /** Failed requests in a row that open the circuit. */
  failures: number;
  /** How long it stays open before one trial request may go. */
  cooldownMs: number;
}

/**
 * Closed: requests go, failures are counted. Open (after `failures` in a row): requests are
 * refused at once, so users get the fallback without waiting on a backend that is down. After
 * `cooldownMs` one trial request goes (half-open); its success closes the circuit, its failure
 * opens it again for another cooldown.
 */
export class CircuitBreaker {
  readonly #settings: BreakerSettings;
  readonly #now: () => number;
  #failures = 0;
  #openings = 0;
  #openedAt: number | null = null;
  #trial = false;

  constructor(settings: BreakerSettings, now: () => number) {
    this.#settings = settings;
    this.#now = now;
  }

  get state(): CircuitState {
    if (this.#openedAt === null) return "closed";
    return this.#trial || this.#now() - this.#openedAt >= this.#settings.cooldownMs
      ? "half_open"
      : "open";
  }

  /** How many times the circuit opened (a failed trial opens it again). */
  get openings(): number {
    return this.#openings;
  }

  /** Whether a request may go now; a true answer must be followed by one of the three reports. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open" || this.#trial) return false;
    this.#trial = true;
    return true;
  }

  /** The request got a good answer. */
  succeeded(): void {
    this.#failures = 0;
    this.#openedAt = null;
    this.#trial = false;
  }

  /** The request failed (timeout, network error, bad status or answer). */
  failed(): void {
    this.#failures += 1;
    if (this.#trial || this.#failures >= this.#settings.failures) {
      // Counted once per opening: further failures while open (none go) or repeated opens of a
      // circuit already open do not count again.
      if (this.#openedAt === null || this.#trial) this.#openings += 1;
      this.#openedAt = this.#now();
    }
    this.#trial = false;
  }

  /** The request was abandoned before it had an answer (the user left): it proves nothing. */
  released(): void {
    this.#trial = false;
  }
}
