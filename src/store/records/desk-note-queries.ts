// Internal notes, and the desk's own records gathered: one query layer for both SQL dialects.
import type { DeskNoteRecord, DeskNoteStore } from "../../core/ports.js";
import { SavedReplyQueries } from "./saved-reply-queries.js";

/**
 * The desk's sign-in, statuses, saved replies and internal notes over a store's executor. Notes
 * reference their session (`ON DELETE CASCADE`) and live apart from its events.
 */
export class DeskAccountRecords extends SavedReplyQueries implements DeskNoteStore {
  async addDeskNote(note: DeskNoteRecord): Promise<void> {
    const query = this.q.insertInto("desk_notes").values({
      id: note.id,
      session_id: note.sessionId,
      author_id: note.authorId,
      author_name: note.authorName,
      text: note.text,
      transfer_to: note.transferTo,
      created_at: note.createdAt,
    });
    await this.change(query.compile());
  }

  async listDeskNotes(sessionId: string): Promise<DeskNoteRecord[]> {
    const query = this.q
      .selectFrom("desk_notes")
      .selectAll()
      .where("session_id", "=", sessionId)
      .orderBy("created_at")
      .orderBy("id");
    return (await this.records.read(query.compile())).map((row) => ({
      id: row.id,
      sessionId: row.session_id,
      authorId: row.author_id,
      authorName: row.author_name,
      text: row.text,
      transferTo: row.transfer_to,
      createdAt: row.created_at,
    }));
  }
}
