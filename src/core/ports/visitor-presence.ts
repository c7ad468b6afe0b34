// The VisitorPresence port: which sessions have a visitor connected now, counted over every process.

/** A session's visitor as the desk sees them: connected or not, and since when. */
export interface VisitorPresence {
  online: boolean;
  /**
   * Online: when the oldest open connection opened. Offline: when the last one closed (or, for
   * one whose process died, when it was last seen). null when no connection was ever recorded
   * (Chat API sessions, or sessions from before presence was kept).
   */
  since: number | null;
}

/**
 * One row per visitor connection, whichever process holds it. Contract (the suite in
 * `test/support/presence-contract.ts` checks every adapter):
 * - `opened` records a connection under its unique `holder`; `closed` marks it closed. Each
 *   resolves once durable and every process sees the change.
 * - A connection counts as open while it is not closed and was opened or `refresh`ed at or after
 *   `liveAfter` (the caller's clock minus the refresh lifetime), so the connections of a
 *   process that died stop counting on their own.
 * - `presenceOf` answers every asked id (offline, since null, when nothing is known).
 * - Rows go with their session (erasure, retention). Each call is one atomic statement: no
 *   step relies on another process's transaction, so concurrent callers never deadlock.
 */
export interface VisitorPresenceStore {
  opened(sessionId: string, holder: string, now: number): Promise<void>;
  /** Marks the connection closed and forgets the session's older closed or dead ones. */
  closed(sessionId: string, holder: string, now: number, liveAfter: number): Promise<void>;
  /** Marks the holders' connections seen at `now`. */
  refresh(holders: readonly string[], now: number): Promise<void>;
  presenceOf(
    sessionIds: readonly string[],
    liveAfter: number,
  ): Promise<Map<string, VisitorPresence>>;
}
