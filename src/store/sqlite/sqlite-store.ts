// The embedded Store: one SQLite file in WAL mode, writes group-committed, reads synchronous.

import type { Database } from "better-sqlite3";
import type { AppendCondition, AppendResult, Store } from "../../core/ports.js";
import type {
  NewEvent,
  NewSession,
  SessionPatch,
  SessionRecord,
  StoredEvent,
} from "../../core/records.js";
import type { EventType } from "../../protocol/index.js";
import { newSessionRecord, storedEvent, toSession } from "../records/conversions.js";
import { Checkpointer } from "./checkpointer.js";
import { openDatabase, type SqliteSynchronous } from "./open-database.js";
import { SqliteConnection } from "./sqlite-connection.js";
import { prepareStatements, type Statements } from "./statements.js";
import { sessionInsertParams, sessionPatchParams } from "./write-params.js";

export interface SqliteStoreOptions {
  /** Path of the database file; its directory is created when missing. */
  file: string;
  /** `normal` (default) survives process crashes; `full` also survives power loss. */
  synchronous?: SqliteSynchronous;
  /** Clock for `updatedAt` on appends; defaults to `Date.now`. */
  now?: () => number;
}

/** Opens (creating and migrating as needed) the SQLite store at `options.file`. */
export function createSqliteStore(options: SqliteStoreOptions): SqliteStore {
  const synchronous = options.synchronous ?? "normal";
  const db = openDatabase(options.file, synchronous);
  const checkpointer =
    options.file === ":memory:"
      ? undefined
      : new Checkpointer(options.file, synchronous === "full" ? "FULL" : "NORMAL");
  return new SqliteStore(db, options.now ?? Date.now, checkpointer);
}

/**
 * Store over one SQLite connection: sessions and events here, hand-written for the hot path;
 * every other record through the shared query layer it extends (`../records/`).
 */
export class SqliteStore extends SqliteConnection implements Store {
  readonly #sql: Statements;
  readonly #now: () => number;
  readonly #locks = new Map<string, Promise<void>>();

  constructor(db: Database, now: () => number, checkpointer?: Checkpointer) {
    super(db, checkpointer);
    this.#sql = prepareStatements(db);
    this.#now = now;
  }

  createSession(
    session: NewSession,
    start: NewEvent,
  ): Promise<{ session: SessionRecord; start: StoredEvent }> {
    return this.write(() => {
      this.#sql.insertSession.run(sessionInsertParams(session));
      return { session: newSessionRecord(session), start: this.#insertEvent(session.id, 1, start) };
    });
  }

  append(
    sessionId: string,
    events: readonly NewEvent[],
    patch?: SessionPatch,
    condition?: AppendCondition,
  ): Promise<AppendResult> {
    return this.write((): AppendResult => {
      const expected = condition?.expectedRevision ?? null;
      const advanced = this.#advanceSequence(sessionId, events.length, patch, expected);
      if (advanced === undefined) return this.#refusal(sessionId);
      const first = advanced.lastSequence - events.length + 1;
      const stored = events.map((event, i) => this.#insertEvent(sessionId, first + i, event));
      return { ok: true, events: stored, revision: advanced.revision };
    });
  }

  readEvents(sessionId: string, afterSequence: number, limit: number): Promise<StoredEvent[]> {
    return this.read(() => this.#sql.readEvents.all(sessionId, afterSequence, limit));
  }

  findFirstEvent(sessionId: string, type: EventType): Promise<StoredEvent | undefined> {
    return this.read(() => this.#sql.findFirstEvent.get(sessionId, type));
  }

  findEventByClientKey(sessionId: string, clientKey: string): Promise<StoredEvent | undefined> {
    return this.read(() => this.#sql.findEventByClientKey.get(sessionId, clientKey));
  }

  /**
   * One holder at a time within this process. A SQLite file is served by one process (it is
   * the single-machine store), so that is every holder there is.
   */
  withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(name) ?? Promise.resolve();
    const run = previous.then(work, work);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(name, settled);
    void settled.then(() => {
      if (this.#locks.get(name) === settled) this.#locks.delete(name);
    });
    return run;
  }

  epoch(): Promise<string> {
    return this.read(() => {
      const row = this.#sql.getEpoch.get();
      if (row === undefined) throw new Error("SQLite store has no epoch (store_meta is empty)");
      return row.epoch;
    });
  }

  /**
   * Takes `count` sequences for the session (applying `patch`) when it is active and at the
   * expected revision; undefined when it is not (the write lock is held, so this is final).
   */
  #advanceSequence(
    sessionId: string,
    count: number,
    patch: SessionPatch | undefined,
    expectedRevision: number | null,
  ): { lastSequence: number; revision: number } | undefined {
    const now = this.#now();
    const rows =
      patch === undefined
        ? this.#sql.advanceSequence.all({ id: sessionId, count, now, expectedRevision })
        : this.#sql.advanceSequenceWithPatch.all(
            sessionPatchParams(sessionId, count, now, patch, expectedRevision),
          );
    return rows[0];
  }

  /** Why the precondition failed, read under the same write lock. */
  #refusal(sessionId: string): AppendResult {
    const row = this.#sql.appendRefusal.get(sessionId);
    if (row === undefined) return { ok: false, refusal: "session_not_found" };
    const current = toSession(row);
    const refusal = current.state === "active" ? "stale_revision" : "session_ended";
    return { ok: false, refusal, current };
  }

  #insertEvent(sessionId: string, sequence: number, e: NewEvent): StoredEvent {
    this.#sql.insertEvent.run(
      sessionId,
      sequence,
      e.id,
      e.type,
      e.timestamp,
      e.payloadJson,
      e.metadataJson,
      e.clientKey,
    );
    return storedEvent(sessionId, sequence, e);
  }
}
