// The embedded Store: one SQLite file in WAL mode, writes group-committed, reads synchronous.

import type { Database } from "better-sqlite3";
import type { AppendCondition, AppendResult, Store } from "../../core/ports.js";
import type {
  AgentRecord,
  ConnectorRecord,
  NewEvent,
  NewSession,
  SessionFilter,
  SessionPatch,
  SessionRecord,
  SessionState,
  SigningKeyRecord,
  StoredEvent,
} from "../../core/records.js";
import type { EventType } from "../../protocol/index.js";
import { Checkpointer } from "./checkpointer.js";
import { SqliteDeskStore } from "./desk-store.js";
import { openDatabase, type SqliteSynchronous } from "./open-database.js";
import { newSessionRecord, storedEvent, toAgent, toConnector, toSession } from "./rows.js";
import { type ListCursor, SessionLister } from "./session-list.js";
import { prepareStatements, type Statements } from "./statements.js";
import {
  agentParams,
  connectorParams,
  sessionInsertParams,
  sessionPatchParams,
} from "./write-params.js";

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
 * Store over one SQLite connection: sessions, events, agents, connectors and signing keys
 * here; the desk tables and the shared write/read path in the classes it extends.
 */
export class SqliteStore extends SqliteDeskStore implements Store {
  readonly #sql: Statements;
  readonly #lister: SessionLister;
  readonly #now: () => number;

  constructor(db: Database, now: () => number, checkpointer?: Checkpointer) {
    super(db, checkpointer);
    this.#sql = prepareStatements(db);
    this.#lister = new SessionLister(db);
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

  getSession(id: string): Promise<SessionRecord | undefined> {
    return this.read(() => {
      const row = this.#sql.getSession.get(id);
      return row === undefined ? undefined : toSession(row);
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

  epoch(): Promise<string> {
    return this.read(() => {
      const row = this.#sql.getEpoch.get();
      if (row === undefined) throw new Error("SQLite store has no epoch (store_meta is empty)");
      return row.epoch;
    });
  }

  getSetting(name: string): Promise<string | undefined> {
    return this.read(() => this.#sql.getSetting.get(name)?.value);
  }

  claimSetting(name: string, value: string, at: number): Promise<boolean> {
    return this.write(() => this.#sql.claimSetting.run(name, value, at).changes === 1);
  }

  putSetting(name: string, value: string, at: number): Promise<void> {
    return this.write(() => {
      this.#sql.putSetting.run(name, value, at);
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

  listSessions(filter: SessionFilter): Promise<SessionRecord[]> {
    return this.read(() => {
      let cursor: ListCursor;
      if (filter.before !== undefined) {
        const found = this.#sql.getSessionCreatedAt.get(filter.before);
        cursor = found === undefined ? { id: filter.before } : { id: filter.before, ...found };
      }
      return this.#lister.list(filter, cursor).map(toSession);
    });
  }

  listActiveSessions(): Promise<SessionRecord[]> {
    return this.read(() => this.#sql.listActiveSessions.all().map(toSession));
  }

  countSessionsByState(): Promise<Record<SessionState, number>> {
    return this.read(() => {
      const counts: Record<SessionState, number> = { active: 0, ended: 0 };
      for (const row of this.#sql.countSessionsByState.all()) {
        if (row.state === "active" || row.state === "ended") counts[row.state] = row.count;
      }
      return counts;
    });
  }

  deleteSession(id: string): Promise<boolean> {
    return this.write(() => this.#sql.deleteSession.run(id).changes > 0);
  }

  purgeEndedBefore(cutoff: number): Promise<number> {
    return this.write(() => this.#sql.purgeEndedBefore.run(cutoff).changes);
  }

  createAgent(agent: AgentRecord): Promise<void> {
    return this.write(() => {
      this.#sql.insertAgent.run(agentParams(agent));
    });
  }

  getAgent(id: string): Promise<AgentRecord | undefined> {
    return this.read(() => {
      const row = this.#sql.getAgent.get(id);
      return row === undefined ? undefined : toAgent(row);
    });
  }

  getAgentByKeyHash(keyHash: string): Promise<AgentRecord | undefined> {
    return this.read(() => {
      const row = this.#sql.getAgentByKeyHash.get(keyHash);
      return row === undefined ? undefined : toAgent(row);
    });
  }

  listAgents(): Promise<AgentRecord[]> {
    return this.read(() => this.#sql.listAgents.all().map(toAgent));
  }

  updateAgent(agent: AgentRecord): Promise<boolean> {
    return this.write(() => this.#sql.updateAgent.run(agentParams(agent)).changes > 0);
  }

  deleteAgent(id: string): Promise<boolean> {
    return this.write(() => this.#sql.deleteAgent.run(id).changes > 0);
  }

  createConnector(connector: ConnectorRecord): Promise<void> {
    return this.write(() => {
      this.#sql.insertConnector.run(connectorParams(connector));
    });
  }

  getConnector(id: string): Promise<ConnectorRecord | undefined> {
    return this.read(() => {
      const row = this.#sql.getConnector.get(id);
      return row === undefined ? undefined : toConnector(row);
    });
  }

  getConnectorByTokenHash(tokenHash: string): Promise<ConnectorRecord | undefined> {
    return this.read(() => {
      const row = this.#sql.getConnectorByTokenHash.get(tokenHash);
      return row === undefined ? undefined : toConnector(row);
    });
  }

  listConnectors(): Promise<ConnectorRecord[]> {
    return this.read(() => this.#sql.listConnectors.all().map(toConnector));
  }

  updateConnector(connector: ConnectorRecord): Promise<boolean> {
    return this.write(() => this.#sql.updateConnector.run(connectorParams(connector)).changes > 0);
  }

  deleteConnector(id: string): Promise<boolean> {
    return this.write(() => this.#sql.deleteConnector.run(id).changes > 0);
  }

  listSigningKeys(): Promise<SigningKeyRecord[]> {
    return this.read(() => this.#sql.listSigningKeys.all());
  }

  addSigningKey(key: SigningKeyRecord): Promise<void> {
    return this.write(() => {
      this.#sql.retireSigningKeys.run(key.createdAt);
      this.#sql.insertSigningKey.run({ ...key });
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
