// The chats I hold: which one is on screen, their unread counts, and keeping their transcripts loaded.
import type { DeskApi } from "./api-client.js";
import { Chat } from "./chat-state.js";
import { type DraftStore, emptyDraft } from "./draft-store.js";
import type { HeldSession, WireEvent } from "./types.js";

/** What the book needs from its store: the signed-in API client and the change signal. */
export interface ChatBookHost {
  readonly api: DeskApi | null;
  changed(): void;
}

/** My chats in the order they opened, and the one on screen. */
export class ChatBook {
  readonly chats = new Map<string, Chat>();
  activeId: string | null = null;
  /** Where drafts are kept across reloads; set once someone signs in. */
  drafts: DraftStore | null = null;
  readonly #host: ChatBookHost;

  constructor(host: ChatBookHost) {
    this.#host = host;
  }

  /** The chat on screen, if any. */
  get active(): Chat | null {
    return this.activeId ? (this.chats.get(this.activeId) ?? null) : null;
  }

  /** Makes a chat the one on screen and marks it read. */
  open(sessionId: string): void {
    const chat = this.chats.get(sessionId);
    if (!chat) return;
    this.activeId = sessionId;
    chat.unread = 0;
    this.#host.changed();
  }

  /** Closes the tab of a chat that is over. */
  close(sessionId: string): void {
    const ids = [...this.chats.keys()];
    const index = ids.indexOf(sessionId);
    this.chats.delete(sessionId);
    this.drafts?.save(sessionId, emptyDraft());
    if (this.activeId === sessionId) this.activeId = ids[index + 1] ?? ids[index - 1] ?? null;
    this.#host.changed();
  }

  /** Unread messages over every chat. */
  get unreadTotal(): number {
    let total = 0;
    for (const chat of this.chats.values()) total += chat.unread;
    return total;
  }

  /** Fetches the whole transcript again and merges it (events are de-duplicated). */
  async loadTranscript(chat: Chat): Promise<void> {
    const api = this.#host.api;
    if (!api) return;
    chat.loading = true;
    this.#host.changed();
    const result = await api.events(chat.sessionId);
    chat.loading = false;
    if (result.ok) {
      chat.info = result.value.session;
      chat.visitor = result.value.session.visitor ?? chat.visitor;
      const about = await api.visitor(chat.sessionId);
      if (about.ok) {
        chat.about = about.value;
        const name = about.value.fields.find((f) => f.name === "name")?.value;
        if (typeof name === "string" && name.trim()) chat.visitorName = name;
      }
      chat.add(result.value.events);
      chat.addNotes(result.value.notes ?? []);
      chat.loadError = null;
    } else if (!chat.closure) {
      chat.loadError = result.error.message;
    }
    this.#host.changed();
  }

  /** Opens one of the visitor's earlier conversations read-only beside the chat; null closes it. */
  async openEarlier(chat: Chat, earlierId: string | null): Promise<void> {
    const api = this.#host.api;
    if (!api) return;
    if (earlierId === null) {
      chat.earlier = null;
      this.#host.changed();
      return;
    }
    const result = await api.earlier(chat.sessionId, earlierId);
    if (result.ok) {
      chat.earlier = {
        sessionId: earlierId,
        createdAt: result.value.session.created_at,
        events: result.value.events,
      };
      chat.actionError = null;
    } else chat.actionError = result.error.message;
    this.#host.changed();
  }

  /** Mine (again): a chat released earlier, e.g. after a disconnect, becomes writable. */
  assigned(sessionId: string, queue: string): void {
    const chat = this.ensure(sessionId, queue);
    if (chat.closure?.kind !== "unassigned") return;
    chat.closure = null;
    void this.loadTranscript(chat);
  }

  /** After a snapshot: chats I still hold reload their transcripts; the others are no longer mine. */
  syncHeld(sessions: HeldSession[]): void {
    const held = new Set(sessions.map((s) => s.session_id));
    for (const chat of this.chats.values()) {
      if (!held.has(chat.sessionId)) chat.release("disconnected");
      else void this.loadTranscript(chat);
    }
    for (const session of sessions) this.ensure(session.session_id, session.queue);
    if (!this.activeId && sessions[0]) this.open(sessions[0].session_id);
    this.drafts?.keepOnly(new Set(this.chats.keys()));
  }

  /** Opens the chat `delta` tabs after (or before, when negative) the one on screen, wrapping round. */
  step(delta: number): string | null {
    const ids = [...this.chats.keys()];
    if (ids.length === 0) return null;
    const at = this.activeId ? ids.indexOf(this.activeId) : -1;
    const from = at === -1 && delta < 0 ? 0 : at;
    const id = ids[(((from + delta) % ids.length) + ids.length) % ids.length] ?? null;
    if (id) this.open(id);
    return id;
  }

  /**
   * An event of one of my sessions: added to its transcript, counted unread if I am not looking.
   * Returns the chat when the event is a user message not seen before (worth a chime).
   */
  sessionEvent(sessionId: string, event: WireEvent): Chat | null {
    const chat = this.ensure(sessionId, "");
    const added = chat.add([event]);
    if (added.length === 0 || event.type !== "EVENT_TYPE_USER_MESSAGE") return null;
    chat.typing(false);
    if (this.activeId !== sessionId || document.hidden) chat.unread += 1;
    return chat;
  }

  /** The chat of a session, opened (and its transcript loaded) the first time. */
  ensure(sessionId: string, queue: string): Chat {
    let chat = this.chats.get(sessionId);
    if (!chat) {
      chat = new Chat(sessionId, queue);
      const draft = this.drafts?.load(sessionId);
      if (draft) chat.draft = draft;
      this.chats.set(sessionId, chat);
      void this.loadTranscript(chat);
    } else if (queue && !chat.queue) {
      chat.queue = queue;
    }
    return chat;
  }
}
