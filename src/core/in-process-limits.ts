// Limits for one process: token buckets and slot tables in memory.
import type { Limits, RateRule } from "./ports.js";
import { RateLimiter } from "./token-bucket.js";

/** `Limits` in memory: exact within the process, which is all a single server needs. */
export class InProcessLimits implements Limits {
  readonly #buckets = new Map<string, RateLimiter>();
  readonly #slots = new Map<string, Map<string, number>>();

  async take(rule: RateRule, key: string, now: number): Promise<number> {
    let limiter = this.#buckets.get(rule.name);
    if (!limiter) {
      limiter = new RateLimiter(rule.perSecond, rule.burst);
      this.#buckets.set(rule.name, limiter);
    }
    return limiter.take(key, now);
  }

  async acquire(
    group: string,
    holder: string,
    max: number,
    now: number,
    ttlMs: number,
  ): Promise<boolean> {
    const slots = this.#slots.get(group) ?? new Map<string, number>();
    for (const [held, until] of slots) if (until <= now) slots.delete(held);
    if (!slots.has(holder) && slots.size >= max) return false;
    slots.set(holder, now + ttlMs);
    this.#slots.set(group, slots);
    return true;
  }

  async refresh(group: string, holder: string, now: number, ttlMs: number): Promise<void> {
    const slots = this.#slots.get(group);
    if (slots?.has(holder)) slots.set(holder, now + ttlMs);
  }

  async release(group: string, holder: string): Promise<void> {
    const slots = this.#slots.get(group);
    slots?.delete(holder);
    if (slots?.size === 0) this.#slots.delete(group);
  }
}
