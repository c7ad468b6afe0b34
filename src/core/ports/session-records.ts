// The session-records port: creating, reading, listing and erasing sessions.
import type {
  NewEvent,
  NewSession,
  SessionFilter,
  SessionRecord,
  SessionState,
  StoredEvent,
} from "../records.js";

/**
 * Sessions as records. Contract (the suite in `test/support/store-contract.ts` checks it):
 * - `createSession` resolves after the session and its start event (sequence 1) are committed;
 *   a new session is `active`, with `revision` 0; a duplicate id rejects and changes nothing.
 * - Erasing a session erases its events and handoffs with it.
 * - Methods reject only on infrastructure failure; "not found" is `undefined`/`false`.
 */
export interface SessionRecords {
  createSession(
    session: NewSession,
    start: NewEvent,
  ): Promise<{
    session: SessionRecord;
    start: StoredEvent;
  }>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  /** Newest first, filtered, keyset-paged (`filter.before`). */
  listSessions(filter: SessionFilter): Promise<SessionRecord[]>;
  /** Sessions whose state is `active`. */
  listActiveSessions(): Promise<SessionRecord[]>;
  countSessionsByState(): Promise<Record<SessionState, number>>;
  /** Erases a session and all its events; false when there was none. */
  deleteSession(id: string): Promise<boolean>;
  /** Erases ended sessions whose `endedAt` is before `cutoff`; returns how many. */
  purgeEndedBefore(cutoff: number): Promise<number>;
}
