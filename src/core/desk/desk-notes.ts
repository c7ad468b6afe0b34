// Internal notes: kept beside the session (never in its events), shown to whoever holds it next.
import type { DeskNoteJson } from "../../protocol/index.js";
import type { DeskNoteRecord, DeskNoteStore } from "../ports.js";

/** The store's notes, or a process-local list when there is no store. */
export function noteStore(store: DeskNoteStore | undefined): DeskNoteStore {
  if (store) return store;
  const notes: DeskNoteRecord[] = [];
  return {
    addDeskNote: async (note) => {
      notes.push(note);
    },
    listDeskNotes: async (sessionId) => notes.filter((n) => n.sessionId === sessionId),
  };
}

/** A note as the desk API and socket show it. */
export function deskNoteJson(note: DeskNoteRecord): DeskNoteJson {
  return {
    id: note.id,
    author: { id: note.authorId, name: note.authorName },
    text: note.text,
    transfer_to: note.transferTo,
    created_at: new Date(note.createdAt).toISOString(),
  };
}
