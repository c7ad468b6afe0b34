// Internal notes on a conversation: written and read by the desk only, never sent to the visitor.

/** One internal note; `transferTo` is set when it went with a transfer (the receiver sees it first). */
export interface DeskNoteRecord {
  id: string;
  sessionId: string;
  authorId: string;
  /** The author's name when it was written (kept if they are renamed or deleted). */
  authorName: string;
  text: string;
  /** Who (desk user id) or where (`queue:<name>`) the conversation was handed to with this note. */
  transferTo: string | null;
  createdAt: number;
}

/**
 * Internal notes. Contract (the suite in `test/support/desk-auth-contract.ts` checks it): writes resolve once committed and every process sees them; a
 * session's notes come back oldest first; they are erased with the session. They live apart
 * from the session's events, so no replay, export or SDK ever carries them to the visitor.
 */
export interface DeskNoteStore {
  addDeskNote(note: DeskNoteRecord): Promise<void>;
  listDeskNotes(sessionId: string): Promise<DeskNoteRecord[]>;
}
