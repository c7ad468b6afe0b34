// Turn leases in Redis: one hash per claimed key, changed only by Lua scripts, so N processes agree on one runner.
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { Takeover, TurnClaims, TurnLease } from "../core/index.js";

/** Claims of a session are kept this long at most (a session far past its retention is gone anyway). */
const KEEP_SECONDS = 14 * 86_400;

// KEYS[1]: the claim hash, KEYS[2]: the session's set of claim hashes.
// ARGV: token, lease until, lease ms, keep seconds.
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'token', ARGV[1], 'until', ARGV[2], 'lease', ARGV[3], 'state', 'running')
redis.call('EXPIRE', KEYS[1], ARGV[4])
redis.call('SADD', KEYS[2], KEYS[1])
redis.call('EXPIRE', KEYS[2], ARGV[4])
return 1`;

// ARGV: now, new token, lease ms. Returns {state, until or begun}.
const TAKE_OVER = `
local claim = redis.call('HMGET', KEYS[1], 'state', 'until', 'begun')
if not claim[1] then return {'none'} end
if claim[1] == 'done' then return {'done'} end
if tonumber(claim[2]) > tonumber(ARGV[1]) then return {'held', claim[2]} end
redis.call('HSET', KEYS[1], 'token', ARGV[2], 'until', tonumber(ARGV[1]) + tonumber(ARGV[3]), 'lease', ARGV[3])
return {'taken', claim[3] or ''}`;

// ARGV: token, operation (renew | begin | finish), its argument (now | message id | '').
const UPDATE = `
local claim = redis.call('HMGET', KEYS[1], 'token', 'state', 'lease')
if claim[1] ~= ARGV[1] or claim[2] ~= 'running' then return 0 end
if ARGV[2] == 'renew' then
  redis.call('HSET', KEYS[1], 'until', tonumber(ARGV[3]) + tonumber(claim[3]))
elseif ARGV[2] == 'begin' then
  redis.call('HSET', KEYS[1], 'begun', ARGV[3])
else
  redis.call('HSET', KEYS[1], 'state', 'done')
end
return 1`;

/** `TurnClaims` under `prefix` in Redis. */
export class RedisTurnClaims implements TurnClaims {
  readonly #redis: Redis;
  readonly #prefix: string;
  readonly #onError: (error: unknown, context: string) => void;

  constructor(redis: Redis, prefix: string, onError: (error: unknown, context: string) => void) {
    this.#redis = redis;
    this.#prefix = prefix;
    this.#onError = onError;
  }

  async claim(
    sessionId: string,
    key: string,
    now: number,
    leaseMs: number,
  ): Promise<TurnLease | null> {
    const token = randomUUID();
    const keys = [this.#claimKey(sessionId, key), this.#sessionKey(sessionId)];
    const won = await this.#redis.eval(
      CLAIM,
      2,
      ...keys,
      token,
      now + leaseMs,
      leaseMs,
      KEEP_SECONDS,
    );
    return won === 1 ? this.#lease(keys[0] as string, token) : null;
  }

  async takeOver(sessionId: string, key: string, now: number, leaseMs: number): Promise<Takeover> {
    const claimKey = this.#claimKey(sessionId, key);
    const token = randomUUID();
    const [state, detail] = (await this.#redis.eval(
      TAKE_OVER,
      1,
      claimKey,
      now,
      token,
      leaseMs,
    )) as [string, string | undefined];
    if (state === "held") return { state, until: Number(detail) };
    if (state === "taken")
      return { state, lease: this.#lease(claimKey, token), begun: detail ? detail : null };
    return { state: state === "done" ? "done" : "none" };
  }

  forget(sessionId: string): void {
    const sessionKey = this.#sessionKey(sessionId);
    this.#redis
      .smembers(sessionKey)
      .then((keys) => this.#redis.del(sessionKey, ...keys))
      .catch((error: unknown) => this.#onError(error, "turn claims"));
  }

  #lease(claimKey: string, token: string): TurnLease {
    const update = (operation: string, arg: string | number) =>
      this.#redis.eval(UPDATE, 1, claimKey, token, operation, arg);
    return {
      renew: async (now) => (await update("renew", now)) === 1,
      begin: async (messageId) => void (await update("begin", messageId)),
      finish: async () => void (await update("finish", "")),
    };
  }

  #claimKey(sessionId: string, key: string): string {
    return `${this.#prefix}turn:${sessionId}:${key}`;
  }

  #sessionKey(sessionId: string): string {
    return `${this.#prefix}turns:${sessionId}`;
  }
}
