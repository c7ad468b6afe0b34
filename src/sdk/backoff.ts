// Full-jitter exponential backoff for reconnects.

export interface BackoffSettings {
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: BackoffSettings = { baseDelayMs: 1000, maxDelayMs: 30_000 };

/**
 * The delay before reconnect attempt `attempt` (0-based): random() * min(max, base * 2^attempt).
 * Full jitter spreads a crowd of clients that lost the same server over the whole window.
 */
export function backoffDelay(
  attempt: number,
  settings: BackoffSettings,
  random: () => number,
): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** Math.max(0, attempt));
  const r = Math.min(1, Math.max(0, random()));
  return Math.floor(r * ceiling);
}

/** Counts reconnect attempts and says when to give up. */
export class Backoff {
  #attempt = 0;
  readonly #settings: BackoffSettings;
  readonly #random: () => number;

  constructor(settings: BackoffSettings, random: () => number) {
    this.#settings = settings;
    this.#random = random;
  }

  /** Attempts made since the last success. */
  get attempts(): number {
    return this.#attempt;
  }

  /** The delay for the next attempt, counting it. */
  next(): number {
    const delay = backoffDelay(this.#attempt, this.#settings, this.#random);
    this.#attempt += 1;
    return delay;
  }

  /** Starts counting again after a connection succeeded. */
  reset(): void {
    this.#attempt = 0;
  }
}
