// One conversation open in the console: its events (de-duplicated by id), unread count, typing, draft, end.
import { emptyDraft } from "./draft-store.js";
import { endReasonText, type TranscriptItem, transcriptItems } from "./transcript-model.js";
import type {
  Attachment,
  DeskNoteJson,
  DeskVisitorJson,
  ResponseSuggestion,
  SessionInfo,
  UnassignReason,
  VisitorPresenceJson,
  WireEvent,
} from "./types.js";

/** Why a chat is over for me: the conversation ended, or it is no longer mine. */
export interface ChatClosure {
  kind: "ended" | "unassigned";
  message: string;
}

/** What the composer holds for a chat while I switch between tabs. */
export interface Draft {
  text: string;
  attachments: Attachment[];
  suggestions: ResponseSuggestion[];
}

/** A typing indicator we never hear "stopped" for fades after this long. */
const TYPING_FADE_MS = 8_000;

const UNASSIGNED_TEXT: Record<UnassignReason, string> = {
  left: "You handed this conversation back to the AI agent.",
  ended: "You ended this conversation.",
  transferred: "You transferred this conversation to another queue.",
  disconnected: "This conversation went back to the queue while you were offline.",
};

/** A conversation I hold (or held): the transcript and everything around it. */
export class Chat {
  readonly sessionId: string;
  queue: string;
  info: SessionInfo | null = null;
  unread = 0;
  userTyping = false;
  loading = false;
  loadError: string | null = null;
  actionError: string | null = null;
  closure: ChatClosure | null = null;
  draft: Draft = emptyDraft();
  /** The visitor's name when the session tells it; saved replies fill `{{visitor.name}}` with it. */
  visitorName: string | null = null;
  /** Internal notes, oldest first: desk only. */
  notes: DeskNoteJson[] = [];
  /** Fields, page, referrer and earlier conversations of the visitor, once read. */
  about: DeskVisitorJson | null = null;
  /** An earlier conversation opened read-only beside this one. */
  earlier: { sessionId: string; createdAt: string; events: WireEvent[] } | null = null;
  /** Whether the visitor is connected now, and since when (live from `session.presence`). */
  visitor: VisitorPresenceJson | null = null;
  /** Who handed this chat to me by name, if someone did. */
  handedBy: string | null = null;
  readonly openedAt = Date.now();
  readonly #events = new Map<string, WireEvent>();
  #cache: { myId: string | null; version: number; items: TranscriptItem[] } | null = null;
  #version = 0;
  #typingFade: ReturnType<typeof setTimeout> | undefined;

  constructor(sessionId: string, queue: string) {
    this.sessionId = sessionId;
    this.queue = queue;
  }

  /** Adds notes not seen before. */
  addNotes(notes: readonly DeskNoteJson[]): void {
    const known = new Set(this.notes.map((n) => n.id));
    for (const note of notes) if (!known.has(note.id)) this.notes.push(note);
  }

  /** Adds events not seen before; returns the new ones. */
  add(events: readonly WireEvent[]): WireEvent[] {
    const added = events.filter((e) => e.id && !this.#events.has(e.id));
    for (const event of added) {
      this.#events.set(event.id, event);
      if (event.type === "EVENT_TYPE_SESSION_END") {
        this.end(typeof event.payload.reason === "string" ? event.payload.reason : null);
      }
    }
    if (added.length > 0) this.#version += 1;
    return added;
  }

  /** The sequence of the user's latest stored message (0 when there is none). */
  lastUserSequence(): number {
    let last = 0;
    for (const event of this.#events.values()) {
      if (event.type === "EVENT_TYPE_USER_MESSAGE" && (event.sequence ?? 0) > last)
        last = event.sequence ?? 0;
    }
    return last;
  }

  get eventCount(): number {
    return this.#events.size;
  }

  /** The transcript as display items (memoized until events change). */
  items(myId: string | null): TranscriptItem[] {
    if (this.#cache?.version !== this.#version || this.#cache.myId !== myId) {
      this.#cache = {
        myId,
        version: this.#version,
        items: transcriptItems(this.#events.values(), myId),
      };
    }
    return this.#cache.items;
  }

  /** The user started or stopped typing; `faded` runs if no "stopped" comes in time. */
  typing(typing: boolean, faded: () => void = () => {}): void {
    clearTimeout(this.#typingFade);
    this.userTyping = typing && this.writable;
    if (!this.userTyping) return;
    this.#typingFade = setTimeout(() => {
      this.userTyping = false;
      faded();
    }, TYPING_FADE_MS);
  }

  /** The user ended or abandoned the conversation (or it ended some other way). */
  end(reason: string | null): void {
    this.typing(false);
    if (this.closure?.kind === "ended") return;
    if (this.closure?.kind === "unassigned" && this.closure.message === UNASSIGNED_TEXT.ended)
      return;
    this.closure = {
      kind: "ended",
      message: `The conversation is over: ${endReasonText(reason)}.`,
    };
  }

  /** The conversation is no longer mine. */
  release(reason: UnassignReason): void {
    this.typing(false);
    if (this.closure) return;
    this.closure = {
      kind: "unassigned",
      message: UNASSIGNED_TEXT[reason] ?? "This conversation is no longer yours.",
    };
  }

  /** Whether I can still write in this chat. */
  get writable(): boolean {
    return this.closure === null;
  }
}
