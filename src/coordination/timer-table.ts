// Where a scheduler keeps its timers: the small set of atomic operations every backend offers.
import type { ScheduleMode, TimerPayload } from "../core/index.js";

/** A timer this process claimed: run it, then confirm or release it with `token`. */
export interface ClaimedTimer {
  kind: string;
  key: string;
  at: number;
  payload: TimerPayload;
  attempt: number;
  /** Names this claim; a later claim or a re-schedule makes it stale. */
  token: string;
}

/**
 * A timer backend. Each timer has a `readyAt`: its due time while unclaimed, its claim's
 * expiry while claimed, so one ordered index answers both "what is due" and "whose claimer died".
 * Every method is atomic against every other caller of the same backend, in any process.
 */
export interface TimerTable {
  /** Sets a timer (see `ScheduleMode`); any running claim of it goes stale. */
  put(
    kind: string,
    key: string,
    at: number,
    payload: TimerPayload,
    mode: ScheduleMode,
  ): Promise<void>;
  remove(kind: string, key: string): Promise<void>;
  /**
   * Claims up to `limit` timers of `kinds` whose `readyAt` ≤ `now`, oldest first: each gets a
   * new token, `attempt` + 1 and `readyAt` = `claimUntil`.
   */
  claim(
    kinds: readonly string[],
    now: number,
    claimUntil: number,
    limit: number,
  ): Promise<ClaimedTimer[]>;
  /** Deletes the timer if `token` still names its claim. */
  confirm(kind: string, key: string, token: string): Promise<void>;
  /** Makes the timer claimable again at `retryAt` if `token` still names its claim. */
  release(kind: string, key: string, token: string, retryAt: number): Promise<void>;
  /** Timers with `readyAt` ≤ `now`. */
  countReady(now: number): Promise<number>;
  /** The earliest `readyAt`, if any timer is set. */
  nextReady(): Promise<number | undefined>;
  close(): Promise<void>;
}
