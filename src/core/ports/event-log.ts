// The event log port: each session's ordered, append-only events and the store's epoch.
import type { EventType } from "../../protocol/index.js";
import type { NewEvent, SessionPatch, SessionRecord, StoredEvent } from "../records.js";

/** Why an append stored nothing. */
export type AppendRefusal = "session_not_found" | "session_ended" | "stale_revision";

/** What an append must find, checked in the append's own transaction. */
export interface AppendCondition {
  /**
   * The session's `revision` the caller decided on. When the stored one differs (another
   * writer patched the session meanwhile), nothing is stored: `stale_revision`.
   */
  expectedRevision?: number;
}

/** The answer of an append: refusals are values, not exceptions. */
export type AppendResult =
  | {
      ok: true;
      /** The events as stored, in order, with their sequences. */
      events: StoredEvent[];
      /** The session's revision after the append (bumped when a patch was applied). */
      revision: number;
    }
  | {
      ok: false;
      refusal: AppendRefusal;
      /** The session as stored now (absent for `session_not_found`), to decide again from. */
      current?: SessionRecord;
    };

/**
 * Per-session event log. Contract (the suite in `test/support/store-contract.ts` checks it):
 * - `append` resolves only after the data is committed; a crash after it resolves loses nothing.
 * - Sequences are assigned by the store inside the append transaction: per session they start
 *   at 1 (the start event of `createSession`) and rise by exactly one per appended event, with
 *   no gaps, even when several callers (or processes) append to one session at once.
 * - Events of one `append` are stored atomically with the session patch, in order.
 * - An append is refused (nothing stored, nothing patched) when the session does not exist,
 *   when it has ended (its state is `ended`: nothing is ever stored after SESSION_END), or
 *   when `condition.expectedRevision` is not the stored revision. The check and the write are
 *   one transaction, so a refusal holds against every other process.
 * - Stored events never change: reads return the same ids, sequences and JSON text.
 * - Methods reject only on infrastructure failure (or a duplicate client key, which fails the
 *   whole append); "not found" is `undefined`.
 */
export interface EventLog {
  /**
   * Appends events (possibly none) and applies `patch`, when the session exists, is active and
   * meets `condition`. A patch that sets any field bumps the session's `revision` by one.
   */
  append(
    sessionId: string,
    events: readonly NewEvent[],
    patch?: SessionPatch,
    condition?: AppendCondition,
  ): Promise<AppendResult>;
  /** Events with sequence > `afterSequence`, ascending, at most `limit`. */
  readEvents(sessionId: string, afterSequence: number, limit: number): Promise<StoredEvent[]>;
  /** The first event of `type` in the session, if any. */
  findFirstEvent(sessionId: string, type: EventType): Promise<StoredEvent | undefined>;
  /** The event stored with this client idempotency key, if any. */
  findEventByClientKey(sessionId: string, clientKey: string): Promise<StoredEvent | undefined>;
  /**
   * A random id made once when the store (its schema) was created and never changed after.
   * Sequences are only comparable within one epoch: a store that was reset or recreated
   * answers a different epoch, so a client's cursor from before can be recognised as void.
   */
  epoch(): Promise<string>;
}
