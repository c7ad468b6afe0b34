// Internal notes in SQLite, erased with their session.

import type { Database } from "better-sqlite3";
import type { DeskNoteRecord, DeskNoteStore } from "../../core/ports.js";
import type { Checkpointer } from "./checkpointer.js";
import { SqliteSavedReplyStore } from "./saved-reply-store.js";

interface Row {
  id: string;
  session_id: string;
  author_id: string;
  author_name: string;
  text: string;
  transfer_to: string | null;
  created_at: number;
}

/** Notes over the shared connection and its group commit. */
export abstract class SqliteDeskNoteStore extends SqliteSavedReplyStore implements DeskNoteStore {
  readonly #insert;
  readonly #list;

  constructor(db: Database, checkpointer?: Checkpointer) {
    super(db, checkpointer);
    this.#insert = db.prepare<[Row]>(
      `INSERT INTO desk_notes (id, session_id, author_id, author_name, text, transfer_to, created_at)
       VALUES (@id, @session_id, @author_id, @author_name, @text, @transfer_to, @created_at)`,
    );
    this.#list = db.prepare<[string], Row>(
      "SELECT * FROM desk_notes WHERE session_id = ? ORDER BY created_at, id",
    );
  }

  addDeskNote(note: DeskNoteRecord): Promise<void> {
    return this.write(() => {
      this.#insert.run({
        id: note.id,
        session_id: note.sessionId,
        author_id: note.authorId,
        author_name: note.authorName,
        text: note.text,
        transfer_to: note.transferTo,
        created_at: note.createdAt,
      });
    });
  }

  listDeskNotes(sessionId: string): Promise<DeskNoteRecord[]> {
    return this.read(() =>
      this.#list.all(sessionId).map((r) => ({
        id: r.id,
        sessionId: r.session_id,
        authorId: r.author_id,
        authorName: r.author_name,
        text: r.text,
        transferTo: r.transfer_to,
        createdAt: r.created_at,
      })),
    );
  }
}
