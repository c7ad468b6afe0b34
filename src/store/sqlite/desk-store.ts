// The live-agent desk part of the SQLite store: queues, desk users and handoffs.

import type { Database } from "better-sqlite3";
import type { Store } from "../../core/ports.js";
import type {
  DeskUserRecord,
  HandoffPatch,
  HandoffRecord,
  HandoffState,
  QueueRecord,
} from "../../core/records.js";
import type { Checkpointer } from "./checkpointer.js";
import { SqliteDeskNoteStore } from "./desk-note-store.js";
import {
  deskUserParams,
  handoffParams,
  handoffPatchParams,
  queueParams,
  toDeskUser,
  toQueue,
} from "./desk-rows.js";
import { type DeskStatements, prepareDeskStatements } from "./desk-statements.js";

/** The desk's methods of the Store port. */
type DeskMethods = Pick<
  Store,
  | "putQueue"
  | "getQueue"
  | "listQueues"
  | "deleteQueue"
  | "createDeskUser"
  | "getDeskUser"
  | "getDeskUserByTokenHash"
  | "listDeskUsers"
  | "updateDeskUser"
  | "deleteDeskUser"
  | "createHandoff"
  | "getHandoff"
  | "listOpenHandoffs"
  | "claimHandoff"
  | "updateHandoff"
  | "recentWaits"
>;

/**
 * Queues, desk users and handoffs over the shared connection. A handoff belongs to its
 * session: `ON DELETE CASCADE` erases it with the session (deleteSession, purgeEndedBefore).
 */
export abstract class SqliteDeskStore extends SqliteDeskNoteStore implements DeskMethods {
  readonly #desk: DeskStatements;

  constructor(db: Database, checkpointer?: Checkpointer) {
    super(db, checkpointer);
    this.#desk = prepareDeskStatements(db);
  }

  putQueue(queue: QueueRecord): Promise<void> {
    return this.write(() => {
      this.#desk.putQueue.run(queueParams(queue));
    });
  }

  getQueue(name: string): Promise<QueueRecord | undefined> {
    return this.read(() => {
      const row = this.#desk.getQueue.get(name);
      return row === undefined ? undefined : toQueue(row);
    });
  }

  listQueues(): Promise<QueueRecord[]> {
    return this.read(() => this.#desk.listQueues.all().map(toQueue));
  }

  deleteQueue(name: string): Promise<boolean> {
    return this.write(() => this.#desk.deleteQueue.run(name).changes > 0);
  }

  createDeskUser(user: DeskUserRecord): Promise<void> {
    return this.write(() => {
      this.#desk.insertDeskUser.run(deskUserParams(user));
    });
  }

  getDeskUser(id: string): Promise<DeskUserRecord | undefined> {
    return this.read(() => {
      const row = this.#desk.getDeskUser.get(id);
      return row === undefined ? undefined : toDeskUser(row);
    });
  }

  getDeskUserByTokenHash(tokenHash: string): Promise<DeskUserRecord | undefined> {
    return this.read(() => {
      const row = this.#desk.getDeskUserByTokenHash.get(tokenHash);
      return row === undefined ? undefined : toDeskUser(row);
    });
  }

  listDeskUsers(): Promise<DeskUserRecord[]> {
    return this.read(() => this.#desk.listDeskUsers.all().map(toDeskUser));
  }

  updateDeskUser(user: DeskUserRecord): Promise<boolean> {
    return this.write(() => this.#desk.updateDeskUser.run(deskUserParams(user)).changes > 0);
  }

  deleteDeskUser(id: string): Promise<boolean> {
    return this.write(() => this.#desk.deleteDeskUser.run(id).changes > 0);
  }

  createHandoff(handoff: HandoffRecord): Promise<void> {
    return this.write(() => {
      this.#desk.insertHandoff.run(handoffParams(handoff));
    });
  }

  getHandoff(id: string): Promise<HandoffRecord | undefined> {
    return this.read(() => this.#desk.getHandoff.get(id));
  }

  listOpenHandoffs(): Promise<HandoffRecord[]> {
    return this.read(() => this.#desk.listOpenHandoffs.all());
  }

  claimHandoff(id: string, deskUserId: string, at: number): Promise<boolean> {
    return this.write(() => this.#desk.claimHandoff.run(deskUserId, at, id).changes === 1);
  }

  updateHandoff(id: string, from: HandoffState, patch: HandoffPatch): Promise<boolean> {
    return this.write(
      () => this.#desk.updateHandoff.run(handoffPatchParams(id, from, patch)).changes === 1,
    );
  }

  recentWaits(queue: string, since: number, limit: number): Promise<number[]> {
    const max = sqliteLimit(limit);
    return this.read(() => this.#desk.recentWaits.all(queue, since, max).map((r) => r.wait));
  }
}

// SQLite reads a negative LIMIT as "no limit"; the port means "at most `limit`".
function sqliteLimit(limit: number): number {
  if (limit === Number.POSITIVE_INFINITY) return -1;
  return Number.isFinite(limit) ? Math.max(0, Math.trunc(limit)) : 0;
}
