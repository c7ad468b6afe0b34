// Tells the user what I have read: the chat on screen, in a visible tab, marks their messages seen.
import type { ConsoleStore } from "./console-store.js";

/** Sends the desk's read marker (`POST …/seen`) whenever the chat on screen shows a newer user message. */
export class ReadMarker {
  readonly #store: ConsoleStore;
  // Per session, the sequence last marked (or being marked), so each message is marked once.
  readonly #marked = new Map<string, number>();

  constructor(store: ConsoleStore) {
    this.#store = store;
    store.subscribe(() => this.check());
    document.addEventListener("visibilitychange", () => this.check());
  }

  /** Marks the chat on screen read up to its user's latest message, if that is news. */
  check(): void {
    const chat = this.#store.activeChat;
    const api = this.#store.api;
    if (!chat || !api || document.hidden || !chat.writable) return;
    const upTo = chat.lastUserSequence();
    if (upTo <= (this.#marked.get(chat.sessionId) ?? 0)) return;
    this.#marked.set(chat.sessionId, upTo);
    void api.seen(chat.sessionId, upTo);
  }
}
