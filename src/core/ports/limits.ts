// The Limits port: rate limits and connection slots counted once for the whole deployment.

/** A token bucket: `burst` at once, refilled at `perSecond`. `name` keeps rules' keys apart. */
export interface RateRule {
  readonly name: string;
  readonly perSecond: number;
  readonly burst: number;
}

/**
 * Counters shared by every process. Contract (the suite in `test/support/limits-contract.ts`
 * checks every adapter):
 * - `take` is one atomic token-bucket step per rule and key across all callers: of any number
 *   of concurrent takes from a full bucket, exactly `burst` are allowed; a refused take answers
 *   the milliseconds until a token is free and takes nothing.
 * - Of any number of concurrent `acquire`s of a group, at most `max` slots are held at once. A
 *   slot is held until `release`, or until `ttlMs` after its last `acquire` or `refresh`, so the
 *   slots of a process that died free themselves.
 * - Times are the callers' clocks. An adapter whose backing service is unreachable lets the
 *   request through (allowed, slot granted) and reports it, rather than refusing everyone.
 */
export interface Limits {
  /** 0 when `key` may act now (a token is taken), else the ms until it may. */
  take(rule: RateRule, key: string, now: number): Promise<number>;
  /** Claims a slot of `group` for `holder`; false when `max` are held. */
  acquire(group: string, holder: string, max: number, now: number, ttlMs: number): Promise<boolean>;
  /** Extends `holder`'s slot (if it still has one) to `now + ttlMs`. */
  refresh(group: string, holder: string, now: number, ttlMs: number): Promise<void>;
  release(group: string, holder: string): Promise<void>;
}
