// What an agent does in a chat: send, type, transfer, hand back to the AI, end; failures land on the chat.
import type { Chat } from "./chat-state.js";
import type { ConsoleStore } from "./console-store.js";
import { emptyDraft } from "./draft-store.js";
import type { ApiResult, DeskColleague, OutgoingMessage, QueueInfo } from "./types.js";
import { TypingSignal } from "./typing-signal.js";

/** The queues the transfer menu offers, or why they could not be loaded. */
export type QueueList = { ok: true; queues: QueueInfo[] } | { ok: false; message: string };

/** Chat actions of the signed-in agent; results are shown on the chat, never thrown. */
export class ChatCommands {
  readonly #store: ConsoleStore;
  readonly #typing = new Map<string, TypingSignal>();

  constructor(store: ConsoleStore) {
    this.#store = store;
  }

  /** Sends the chat's draft; keeps it (and shows why) when sending fails. */
  async send(chat: Chat): Promise<boolean> {
    const api = this.#store.api;
    const text = chat.draft.text.trim();
    if (!api || !text || !chat.writable) return false;
    this.stopTyping(chat);
    const message: OutgoingMessage = { text };
    if (chat.draft.attachments.length > 0) message.attachments = chat.draft.attachments;
    if (chat.draft.suggestions.length > 0) message.response_suggestions = chat.draft.suggestions;
    const sent = chat.draft;
    chat.draft = emptyDraft();
    chat.actionError = null;
    this.#store.draftChanged(chat);
    const result = await api.send(chat.sessionId, message);
    if (!result.ok) {
      if (!chat.draft.text) chat.draft = sent;
      chat.actionError = `Not sent: ${result.error.message}`;
    }
    this.#store.draftChanged(chat);
    return result.ok;
  }

  /** A keystroke in the composer of `chat`. */
  typed(chat: Chat): void {
    if (!chat.writable) return;
    this.#signal(chat).input();
  }

  /** Typing in `chat` is over (sent, cleared or switched away). */
  stopTyping(chat: Chat): void {
    this.#typing.get(chat.sessionId)?.stop();
  }

  /** Hands the conversation back to the AI agent (`end` false) or ends it (`end` true). */
  async leave(chat: Chat, end: boolean): Promise<boolean> {
    const api = this.#store.api;
    if (!api) return false;
    this.stopTyping(chat);
    return this.#settle(chat, await api.leave(chat.sessionId, end));
  }

  /** Moves the conversation to another queue or a colleague (`{desk_user}`), with a note. */
  async transfer(chat: Chat, to: string | { desk_user: string }, note = ""): Promise<boolean> {
    const api = this.#store.api;
    if (!api) return false;
    this.stopTyping(chat);
    return this.#settle(chat, await api.transfer(chat.sessionId, to, note.trim() || undefined));
  }

  /** Keeps the draft as an internal note instead of sending it; the draft is cleared. */
  async addNote(chat: Chat): Promise<boolean> {
    const api = this.#store.api;
    const text = chat.draft.text.trim();
    if (!api || !text) return false;
    const result = await api.addNote(chat.sessionId, text);
    if (result.ok) {
      chat.addNotes([result.value]);
      chat.draft.text = "";
      this.stopTyping(chat);
      this.#store.draftChanged(chat);
    }
    return this.#settle(chat, result.ok ? { ok: true, value: null } : result);
  }

  /** Colleagues who could take a chat now (online, not me). */
  async colleagues(): Promise<DeskColleague[]> {
    const result = await this.#store.api?.colleagues();
    if (!result?.ok) return [];
    return result.value.colleagues.filter(
      (c) => c.status === "online" && c.id !== this.#store.me?.id,
    );
  }

  /** Every queue, for the transfer menu. */
  async queues(): Promise<QueueList> {
    const api = this.#store.api;
    if (!api) return { ok: false, message: "Not signed in" };
    const result = await api.queues();
    return result.ok
      ? { ok: true, queues: result.value.queues }
      : { ok: false, message: result.error.message };
  }

  #settle(chat: Chat, result: ApiResult<null>): boolean {
    chat.actionError = result.ok ? null : result.error.message;
    this.#store.changed();
    return result.ok;
  }

  #signal(chat: Chat): TypingSignal {
    let signal = this.#typing.get(chat.sessionId);
    if (!signal) {
      const { sessionId } = chat;
      signal = new TypingSignal((state) => void this.#store.api?.typing(sessionId, state));
      this.#typing.set(sessionId, signal);
    }
    return signal;
  }
}
