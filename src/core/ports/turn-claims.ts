// The TurnClaims port: which process runs the turn for a key, held by a lease its runner renews.

/** A runner's hold on one turn. */
export interface TurnLease {
  /** Extends the lease to `now` + its length; false when it was lost (taken over): stop the turn. */
  renew(now: number): Promise<boolean>;
  /** Records that the answer's message `messageId` begins; awaited before its first event is stored. */
  begin(messageId: string): Promise<void>;
  /** The turn is over (whatever its outcome): the key stays answered for good. */
  finish(): Promise<void>;
}

/** What `takeOver` found. */
export type Takeover =
  /** Nobody claimed the key, or it was forgotten. */
  | { state: "none" }
  /** Its runner finished it. */
  | { state: "done" }
  /** Its runner still holds the lease, until `until`: look again then. */
  | { state: "held"; until: number }
  /**
   * The lease had expired and is now this caller's. `begun`: the last message the dead runner
   * recorded as begun (some of it may be stored), or null when it began none.
   */
  | { state: "taken"; lease: TurnLease; begun: string | null };

/**
 * Decides which runner answers a turn key. Contract (the suite in
 * `test/support/turn-claims-contract.ts` checks every adapter):
 * - Of any number of `claim` calls for one session and key, from any number of callers or
 *   processes, exactly one gets a lease, and no later claim does while the key is remembered.
 * - A lease lasts `leaseMs` from its claim or last `renew`. Once it expired, exactly one of any
 *   number of `takeOver` calls gets a new lease (the old one's `renew`, `begin` and `finish`
 *   then do nothing and `renew` answers false); before that, `takeOver` answers `held`.
 * - A finished key is never taken over; `forget` drops a session's keys once it is gone.
 * - Times are the callers' clocks (ms since the epoch); processes keep them in sync (NTP).
 */
export interface TurnClaims {
  claim(sessionId: string, key: string, now: number, leaseMs: number): Promise<TurnLease | null>;
  takeOver(sessionId: string, key: string, now: number, leaseMs: number): Promise<Takeover>;
  forget(sessionId: string): void;
}
