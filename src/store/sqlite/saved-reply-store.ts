// Saved replies in SQLite: one table, owned by a queue or a desk user.

import type { Database } from "better-sqlite3";
import type { SavedReplyRecord, SavedReplyStore } from "../../core/ports.js";
import type { Checkpointer } from "./checkpointer.js";
import { SqliteDeskAuthStore } from "./desk-auth-store.js";

interface Row {
  id: string;
  owner_queue: string | null;
  owner_user: string | null;
  shortcut: string;
  text: string;
  created_at: number;
  updated_at: number;
}

const toReply = (row: Row): SavedReplyRecord => ({
  id: row.id,
  scope:
    row.owner_queue !== null
      ? { kind: "queue", queue: row.owner_queue }
      : { kind: "desk_user", deskUserId: row.owner_user as string },
  shortcut: row.shortcut,
  text: row.text,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

function prepare(db: Database) {
  return {
    clash: db.prepare<[string, string, string | null, string | null], { id: string }>(
      `SELECT id FROM saved_replies WHERE id <> ? AND shortcut = ?
         AND owner_queue IS ? AND owner_user IS ?`,
    ),
    put: db.prepare<[Row]>(
      `INSERT INTO saved_replies (id, owner_queue, owner_user, shortcut, text, created_at, updated_at)
       VALUES (@id, @owner_queue, @owner_user, @shortcut, @text, @created_at, @updated_at)
       ON CONFLICT (id) DO UPDATE SET owner_queue = excluded.owner_queue,
         owner_user = excluded.owner_user, shortcut = excluded.shortcut, text = excluded.text,
         updated_at = excluded.updated_at`,
    ),
    get: db.prepare<[string], Row>("SELECT * FROM saved_replies WHERE id = ?"),
    all: db.prepare<[], Row>(
      "SELECT * FROM saved_replies ORDER BY owner_queue IS NULL, owner_queue, owner_user, shortcut",
    ),
    mine: db.prepare<[string, string], Row>(
      `SELECT * FROM saved_replies
       WHERE owner_queue IN (SELECT value FROM json_each(?)) OR owner_user = ?
       ORDER BY shortcut, owner_user IS NULL`,
    ),
    remove: db.prepare<[string]>("DELETE FROM saved_replies WHERE id = ?"),
  };
}

/** Saved replies over the shared connection and its group commit. */
export abstract class SqliteSavedReplyStore extends SqliteDeskAuthStore implements SavedReplyStore {
  readonly #replies: ReturnType<typeof prepare>;

  constructor(db: Database, checkpointer?: Checkpointer) {
    super(db, checkpointer);
    this.#replies = prepare(db);
  }

  putSavedReply(reply: SavedReplyRecord): Promise<boolean> {
    const queue = reply.scope.kind === "queue" ? reply.scope.queue : null;
    const user = reply.scope.kind === "desk_user" ? reply.scope.deskUserId : null;
    return this.write(() => {
      if (this.#replies.clash.get(reply.id, reply.shortcut, queue, user)) return false;
      this.#replies.put.run({
        id: reply.id,
        owner_queue: queue,
        owner_user: user,
        shortcut: reply.shortcut,
        text: reply.text,
        created_at: reply.createdAt,
        updated_at: reply.updatedAt,
      });
      return true;
    });
  }

  getSavedReply(id: string): Promise<SavedReplyRecord | undefined> {
    return this.read(() => {
      const row = this.#replies.get.get(id);
      return row && toReply(row);
    });
  }

  listSavedReplies(filter: {
    queues?: readonly string[];
    deskUserId?: string;
  }): Promise<SavedReplyRecord[]> {
    return this.read(() =>
      this.#replies.mine
        .all(JSON.stringify(filter.queues ?? []), filter.deskUserId ?? "")
        .map(toReply),
    );
  }

  listAllSavedReplies(): Promise<SavedReplyRecord[]> {
    return this.read(() => this.#replies.all.all().map(toReply));
  }

  deleteSavedReply(id: string): Promise<boolean> {
    return this.write(() => this.#replies.remove.run(id).changes > 0);
  }
}
