// Limits in Redis: a token bucket per rule and key, and a sorted set of slot holders per group, each step one Lua script.
import type { Redis } from "ioredis";
import type { Limits, RateRule } from "../core/index.js";

// KEYS[1]: bucket hash {tokens, at}. ARGV: now, tokens per ms, burst. Returns the wait in ms (0: taken).
const TAKE = `
local now = tonumber(ARGV[1])
local rate = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
if now > at then tokens = math.min(burst, tokens + (now - at) * rate); at = now end
local wait = 0
if tokens >= 1 then tokens = tokens - 1 else wait = math.ceil((1 - tokens) / rate) end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'at', at)
redis.call('PEXPIRE', KEYS[1], math.ceil(burst / rate) + 1000)
return wait`;

// KEYS[1]: slot set, holder -> expiry. ARGV: now, ttl ms, max, holder. Returns 1 when held.
const ACQUIRE = `
local now = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if not redis.call('ZSCORE', KEYS[1], ARGV[4]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[4])
redis.call('PEXPIRE', KEYS[1], ttl * 2)
return 1`;

const REFRESH = `
if redis.call('ZADD', KEYS[1], 'XX', 'CH', tonumber(ARGV[1]) + tonumber(ARGV[2]), ARGV[3]) == 1 then
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
end
return 1`;

/** `Limits` under `prefix` in Redis (errors reject: wrap it in `FailOpenLimits`). */
export class RedisLimits implements Limits {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, prefix: string) {
    this.#redis = redis;
    this.#prefix = prefix;
  }

  async take(rule: RateRule, key: string, now: number): Promise<number> {
    const bucket = `${this.#prefix}rate:${rule.name}:${key}`;
    return Number(await this.#redis.eval(TAKE, 1, bucket, now, rule.perSecond / 1000, rule.burst));
  }

  async acquire(
    group: string,
    holder: string,
    max: number,
    now: number,
    ttlMs: number,
  ): Promise<boolean> {
    const key = this.#slotKey(group);
    return (await this.#redis.eval(ACQUIRE, 1, key, now, ttlMs, max, holder)) === 1;
  }

  async refresh(group: string, holder: string, now: number, ttlMs: number): Promise<void> {
    await this.#redis.eval(REFRESH, 1, this.#slotKey(group), now, ttlMs, holder);
  }

  async release(group: string, holder: string): Promise<void> {
    await this.#redis.zrem(this.#slotKey(group), holder);
  }

  #slotKey(group: string): string {
    return `${this.#prefix}slots:${group}`;
  }
}

/**
 * Lets everything through while the inner adapter fails (Redis unreachable), telling
 * `unavailable` each time: an outage of the limit store must not lock every user out.
 */
export class FailOpenLimits implements Limits {
  readonly #inner: Limits;
  readonly #unavailable: (error: unknown) => void;

  constructor(inner: Limits, unavailable: (error: unknown) => void) {
    this.#inner = inner;
    this.#unavailable = unavailable;
  }

  take(rule: RateRule, key: string, now: number): Promise<number> {
    return this.#inner.take(rule, key, now).catch((error: unknown) => this.#open(error, 0));
  }

  acquire(
    group: string,
    holder: string,
    max: number,
    now: number,
    ttlMs: number,
  ): Promise<boolean> {
    return this.#inner
      .acquire(group, holder, max, now, ttlMs)
      .catch((error: unknown) => this.#open(error, true));
  }

  refresh(group: string, holder: string, now: number, ttlMs: number): Promise<void> {
    return this.#inner
      .refresh(group, holder, now, ttlMs)
      .catch((e: unknown) => this.#open(e, undefined));
  }

  release(group: string, holder: string): Promise<void> {
    return this.#inner.release(group, holder).catch((e: unknown) => this.#open(e, undefined));
  }

  #open<T>(error: unknown, value: T): T {
    this.#unavailable(error);
    return value;
  }
}
