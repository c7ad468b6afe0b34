// Failed attempts per client: checked before credentials are looked at, counted when they fail.
import { RateLimiter } from "./token-bucket.js";

/**
 * Limits failed credentials (unknown tokens, bad signatures) per key, usually a client address.
 * Successful attempts cost nothing, so a visitor with a good token is never slowed down by it;
 * a client guessing tokens gets `perMinute` wrong answers at once, then one every 60/perMinute s.
 */
export class FailureLimiter {
  readonly #buckets: RateLimiter;

  constructor(perMinute: number) {
    this.#buckets = new RateLimiter(perMinute / 60, perMinute);
  }

  /** 0 when `key` may try now, else the ms until it may. */
  blockedMs(key: string, now: number): number {
    return this.#buckets.waitMs(key, now);
  }

  /** Counts one failed attempt of `key`. */
  failed(key: string, now: number): void {
    this.#buckets.take(key, now);
  }
}
