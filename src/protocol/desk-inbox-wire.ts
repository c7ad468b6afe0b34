// The desk inbox's JSON (`/desk/v1/inbox`): ended conversations, their matches and read-only transcripts.
import type { DeskNoteJson, DeskSessionSummary, WireEvent } from "./desk-wire.js";
import type { RatingJson } from "./rating-wire.js";

/** One conversation of the inbox. */
export interface DeskInboxEntryJson {
  session: DeskSessionSummary;
  /** The queue of its latest handoff. */
  queue: string;
  /** Who last held it (name as the desk knows it now; null when nobody accepted it). */
  agent: { id: string; name: string } | null;
  rating: RatingJson | null;
  /** With `q`: the first message holding one of the words, and its sequence. */
  match: { sequence: number; text: string } | null;
}

/** A page of the inbox; `next_cursor` fetches the next one (null: this was the last). */
export interface DeskInboxPageJson {
  conversations: DeskInboxEntryJson[];
  next_cursor: string | null;
}

/** A closed conversation to read (never to answer): every event, the desk's notes and the rating. */
export interface DeskArchivedConversationJson extends DeskInboxEntryJson {
  events: WireEvent[];
  notes: DeskNoteJson[];
}
