// Timers in Redis: a sorted set by ready time plus a hash of timers, changed only by Lua scripts, so N processes share them.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { ScheduleMode, TimerPayload } from "../core/index.js";
import type { ClaimedTimer, TimerTable } from "./timer-table.js";

// KEYS[1]: sorted set name -> ready time. KEYS[2]: hash name -> JSON {kind,key,at,payload,attempt,token}.
// The payload stays a JSON string inside, so cjson never re-encodes it.
const PUT = `
local name = ARGV[1]
local at = tonumber(ARGV[4])
local old = redis.call('HGET', KEYS[2], name)
if old and ARGV[6] == 'absent' then return 0 end
if old and ARGV[6] == 'later' then
  local previous = cjson.decode(old).at
  if previous > at then at = previous end
end
redis.call('HSET', KEYS[2], name, cjson.encode({kind = ARGV[2], key = ARGV[3], at = at, payload = ARGV[5], attempt = 0, token = ''}))
redis.call('ZADD', KEYS[1], at, name)
return 1`;

const CLAIM = `
local now = tonumber(ARGV[1])
local untilAt = tonumber(ARGV[2])
local limit = tonumber(ARGV[3])
local kinds = {}
for i = 5, #ARGV do kinds[ARGV[i]] = true end
local names = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, limit * 4)
local claimed = {}
for i, name in ipairs(names) do
  if #claimed >= limit then break end
  local raw = redis.call('HGET', KEYS[2], name)
  if not raw then
    redis.call('ZREM', KEYS[1], name)
  else
    local timer = cjson.decode(raw)
    if kinds[timer.kind] then
      timer.attempt = timer.attempt + 1
      timer.token = ARGV[4] .. ':' .. i
      local encoded = cjson.encode(timer)
      redis.call('HSET', KEYS[2], name, encoded)
      redis.call('ZADD', KEYS[1], untilAt, name)
      claimed[#claimed + 1] = encoded
    end
  end
end
return claimed`;

// ARGV: name, token, retry time ('' to confirm, i.e. delete).
const SETTLE = `
local raw = redis.call('HGET', KEYS[2], ARGV[1])
if not raw then return 0 end
local timer = cjson.decode(raw)
if timer.token ~= ARGV[2] then return 0 end
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[2], ARGV[1])
  redis.call('ZREM', KEYS[1], ARGV[1])
else
  timer.token = ''
  redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(timer))
  redis.call('ZADD', KEYS[1], tonumber(ARGV[3]), ARGV[1])
end
return 1`;

interface Encoded {
  kind: string;
  key: string;
  at: number;
  payload: string;
  attempt: number;
  token: string;
}

/** A `TimerTable` under `prefix` in Redis; every change is one atomic script. */
export class RedisTimerTable implements TimerTable {
  readonly #redis: Redis;
  readonly #keys: [string, string];
  readonly #owns: boolean;

  /** `owns`: whether `close` quits the connection. */
  constructor(redis: Redis, prefix: string, owns = true) {
    this.#redis = redis;
    this.#keys = [`${prefix}timers:ready`, `${prefix}timers:data`];
    this.#owns = owns;
  }

  async put(
    kind: string,
    key: string,
    at: number,
    payload: TimerPayload,
    mode: ScheduleMode,
  ): Promise<void> {
    const name = nameOf(kind, key);
    await this.#redis.eval(
      PUT,
      2,
      ...this.#keys,
      name,
      kind,
      key,
      at,
      JSON.stringify(payload),
      mode,
    );
  }

  async remove(kind: string, key: string): Promise<void> {
    const name = nameOf(kind, key);
    await this.#redis.multi().zrem(this.#keys[0], name).hdel(this.#keys[1], name).exec();
  }

  async claim(
    kinds: readonly string[],
    now: number,
    claimUntil: number,
    limit: number,
  ): Promise<ClaimedTimer[]> {
    if (kinds.length === 0) return [];
    const args = [now, claimUntil, limit, randomUUID(), ...kinds];
    const raw = (await this.#redis.eval(CLAIM, 2, ...this.#keys, ...args)) as string[];
    return raw.map((text) => {
      const timer = JSON.parse(text) as Encoded;
      return { ...timer, payload: JSON.parse(timer.payload) as TimerPayload };
    });
  }

  async confirm(kind: string, key: string, token: string): Promise<void> {
    await this.#redis.eval(SETTLE, 2, ...this.#keys, nameOf(kind, key), token, "");
  }

  async release(kind: string, key: string, token: string, retryAt: number): Promise<void> {
    await this.#redis.eval(SETTLE, 2, ...this.#keys, nameOf(kind, key), token, retryAt);
  }

  countReady(now: number): Promise<number> {
    return this.#redis.zcount(this.#keys[0], "-inf", now);
  }

  async nextReady(): Promise<number | undefined> {
    const [, score] = await this.#redis.zrange(this.#keys[0], "0", "0", "WITHSCORES");
    return score === undefined ? undefined : Number(score);
  }

  async close(): Promise<void> {
    if (this.#owns) await this.#redis.quit().catch(() => undefined);
  }
}

function nameOf(kind: string, key: string): string {
  return `${kind}\n${key}`;
}
