// The console's state: who is signed in, the connection, the live queue and my chats, fed by /desk/ws frames.
import { DeskApi, signInWithPassword } from "./api-client.js";
import { ChatBook } from "./chat-book.js";
import type { Chat } from "./chat-state.js";
import { DeskSocket, type SocketChange, type SocketState } from "./desk-socket.js";
import { DraftStore } from "./draft-store.js";
import { loadPreferences, type Preferences, savePreferences } from "./preferences.js";
import type { DeskFrame, DeskStatus, DeskUser, QueueEntry, SavedReplyJson } from "./types.js";
import { WaitingQueue } from "./waiting-queue.js";

const TOKEN_KEY = "switchboard.console.token";

/** Something that may deserve the agent's attention (a chime, a desktop notification). */
export type Attention =
  | { kind: "waiting"; entries: QueueEntry[] }
  | { kind: "message"; chat: Chat; text: string };

/** Everything the views read; call `subscribe` to hear about changes. */
export class ConsoleStore {
  token: string | null = null;
  me: DeskUser | null = null;
  signingIn = false;
  signInError: string | null = null;
  connection: SocketState = "stopped";
  /** What I chose to be, as colleagues see it while I am connected. */
  status: DeskStatus = "online";
  /** Colleagues' statuses by desk user id, as the desk socket reports them. */
  readonly statuses = new Map<string, DeskStatus>();
  /** Saved replies of my queues and my own, as last loaded. */
  savedReplies: SavedReplyJson[] = [];
  readonly waiting = new WaitingQueue();
  prefs: Preferences = loadPreferences(localStorage);
  /** Called when conversations start waiting or a user writes in one of my chats. */
  onAttention: (attention: Attention) => void = () => {};
  #api: DeskApi | null = null;
  #socket: DeskSocket | null = null;
  readonly #listeners = new Set<() => void>();
  readonly #book = new ChatBook(this);

  /** The API client of the signed-in desk user. */
  get api(): DeskApi | null {
    return this.#api;
  }

  /** My chats, in the order they opened. */
  get chats(): Map<string, Chat> {
    return this.#book.chats;
  }

  /** The session of the chat on screen. */
  get activeId(): string | null {
    return this.#book.activeId;
  }

  set activeId(sessionId: string | null) {
    this.#book.activeId = sessionId;
  }

  get activeChat(): Chat | null {
    return this.#book.active;
  }

  /** Listens to every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.#listeners) listener();
  }

  /** Signs in again: with the token kept for this tab, else with the session cookie if it still works. */
  async restore(): Promise<void> {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) {
      await this.signIn(token);
      return;
    }
    const probe = new DeskApi({ csrf: "" });
    const me = await probe.me();
    if (me.ok && me.value.csrf_token)
      this.#begin(new DeskApi({ csrf: me.value.csrf_token }), me.value.desk_user, me.value.status);
  }

  /** Checks the token with GET /me; on success keeps it for this tab and connects. */
  async signIn(token: string): Promise<boolean> {
    this.signingIn = true;
    this.signInError = null;
    this.changed();
    const api = new DeskApi({ token: token.trim() });
    const me = await api.me();
    this.signingIn = false;
    if (!me.ok) {
      if (me.error.status === 401) sessionStorage.removeItem(TOKEN_KEY);
      this.signInError =
        me.error.status === 401
          ? "That desk token was not recognised. Check it and try again."
          : me.error.message;
      this.changed();
      return false;
    }
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    this.token = token.trim();
    this.#begin(api, me.value.desk_user, me.value.status);
    return true;
  }

  /** Signs in with email and password; the server sets the session cookie. */
  async signInWithPassword(email: string, password: string): Promise<boolean> {
    this.signingIn = true;
    this.signInError = null;
    this.changed();
    const result = await signInWithPassword(email, password);
    this.signingIn = false;
    if (!result.ok) {
      this.signInError = result.error.message;
      this.changed();
      return false;
    }
    const api = new DeskApi({ csrf: result.value.csrf_token });
    const me = await api.me();
    this.#begin(api, result.value.desk_user, me.ok ? me.value.status : "online");
    return true;
  }

  #begin(api: DeskApi, me: DeskUser, status: DeskStatus): void {
    this.#api = api;
    this.me = me;
    this.status = status === "offline" ? "online" : status;
    this.#book.drafts = new DraftStore(me.id, sessionStorage);
    this.#connect(this.token);
    void this.refreshSavedReplies();
    this.changed();
  }

  /** Loads the saved replies again (an admin may have changed them). */
  async refreshSavedReplies(): Promise<void> {
    const result = await this.#api?.savedReplies();
    if (result?.ok) {
      this.savedReplies = result.value.saved_replies;
      this.changed();
    }
  }

  /** Chooses online, away or offline; colleagues see it at once. */
  async setStatus(status: DeskStatus): Promise<void> {
    if (!this.#api) return;
    const result = await this.#api.setStatus(status);
    if (result.ok) this.status = status;
    this.changed();
  }

  /** Ends every browser's session of mine, this one too. */
  async signOutEverywhere(): Promise<void> {
    await this.#api?.signOutEverywhere();
    this.signOut();
  }

  /** Forgets the token and every chat; `reason` is shown on the sign-in screen. */
  signOut(reason: string | null = null): void {
    // The cookie is HTTP-only: only the server can end that session.
    if (reason === null && this.#api?.usesCookie) void this.#api.signOut();
    this.#socket?.stop();
    this.#socket = null;
    this.#api = null;
    sessionStorage.removeItem(TOKEN_KEY);
    // Signing out forgets the drafts; a token that stopped working keeps them for the next sign-in.
    if (reason === null) this.#book.drafts?.clear();
    this.#book.drafts = null;
    for (const chat of this.chats.values()) chat.typing(false);
    Object.assign(this, { token: null, me: null, activeId: null, signInError: reason });
    this.chats.clear();
    this.waiting.clear();
    this.savedReplies = [];
    this.connection = "stopped";
    this.changed();
  }

  /** Accepts a waiting conversation and opens it; a refusal shows next to the entry. */
  async accept(sessionId: string): Promise<void> {
    const { waiting } = this;
    if (!this.#api || waiting.accepting.has(sessionId)) return;
    waiting.accepting.add(sessionId);
    waiting.acceptErrors.delete(sessionId);
    this.changed();
    const result = await this.#api.accept(sessionId);
    waiting.accepting.delete(sessionId);
    if (result.ok) {
      this.#book.ensure(sessionId, waiting.find(sessionId)?.queue ?? "");
      this.open(sessionId);
    } else {
      waiting.acceptErrors.set(sessionId, result.error.message);
    }
    this.changed();
  }

  /** Makes a chat the one on screen and marks it read. */
  open(sessionId: string): void {
    this.#book.open(sessionId);
  }

  /** Closes the tab of a chat that is over. */
  close(sessionId: string): void {
    this.#book.close(sessionId);
  }

  /** Accepts the conversation that has waited longest, if any. */
  acceptOldest(): Promise<void> {
    const oldest = this.waiting.entries[0];
    return oldest ? this.accept(oldest.session_id) : Promise.resolve();
  }

  /** Opens the next (1) or previous (-1) chat tab, wrapping round; returns its session. */
  step(delta: 1 | -1): string | null {
    return this.#book.step(delta);
  }

  /** Changes one preference and remembers it. */
  setPreference<K extends keyof Preferences>(key: K, value: Preferences[K]): void {
    this.prefs = { ...this.prefs, [key]: value };
    savePreferences(this.prefs, localStorage);
    this.changed();
  }

  /** Keeps the chat's draft across a reload (call after changing it). */
  saveDraft(chat: Chat): void {
    this.#book.drafts?.save(chat.sessionId, chat.draft);
  }

  /** Keeps the chat's draft and re-renders the views showing it. */
  draftChanged(chat: Chat): void {
    this.saveDraft(chat);
    this.changed();
  }

  /** Unread messages over every chat. */
  get unreadTotal(): number {
    return this.#book.unreadTotal;
  }

  /** Fetches the whole transcript again and merges it (events are de-duplicated). */
  /** Opens (or with null closes) one of the visitor's earlier conversations, read-only. */
  openEarlier(chat: Chat, earlierId: string | null): Promise<void> {
    return this.#book.openEarlier(chat, earlierId);
  }

  loadTranscript(chat: Chat): Promise<void> {
    return this.#book.loadTranscript(chat);
  }

  // With a password sign-in the socket rides on the cookie; a token goes in the query.
  #connect(token: string | null): void {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    this.#socket = new DeskSocket({
      url: (cursor) => {
        const query = new URLSearchParams(token ? { token } : {});
        if (cursor) query.set("cursor", cursor);
        return `${scheme}://${location.host}/desk/ws?${query}`;
      },
      onFrame: (frame) => this.#onFrame(frame),
      onState: (change) => void this.#onSocketState(change),
    });
    this.#socket.start();
  }

  async #onSocketState(change: SocketChange): Promise<void> {
    this.connection = change.to;
    this.changed();
    // A browser cannot see the 401 of a refused upgrade: ask the API whether the token still works.
    if (change.to !== "reconnecting" || change.lastAttemptOpened || !this.#api) return;
    const me = await this.#api.me();
    if (!me.ok && me.error.status === 401) {
      this.signOut(
        this.#api.usesCookie
          ? "You were signed out. Sign in again."
          : "Your desk token is no longer valid. Sign in again.",
      );
    }
  }

  #onFrame(frame: DeskFrame): void {
    switch (frame.type) {
      case "hello":
        this.me = frame.desk_user;
        this.status = frame.status;
        break;
      case "status":
        this.statuses.set(frame.desk_user_id, frame.status);
        // Chosen in another tab: this one follows.
        if (frame.desk_user_id === this.me?.id && this.connection === "open")
          this.status = frame.status;
        break;
      case "snapshot":
        this.#setQueue(frame.queue);
        this.#book.syncHeld(frame.sessions);
        break;
      case "queue":
        this.#setQueue(frame.entries);
        break;
      case "assigned": {
        this.#book.assigned(frame.session_id, frame.queue);
        const chat = this.chats.get(frame.session_id);
        if (chat && frame.from) {
          chat.handedBy = frame.from.name;
          // Handed to me by name: with nothing else on screen, it opens.
          if (!this.activeId) this.open(chat.sessionId);
        }
        if (chat && frame.note) chat.addNotes([frame.note]);
        break;
      }
      case "session.presence": {
        const chat = this.chats.get(frame.session_id);
        if (chat) chat.visitor = frame.visitor;
        break;
      }
      case "session.note":
        this.chats.get(frame.session_id)?.addNotes([frame.note]);
        break;
      case "unassigned":
        this.chats.get(frame.session_id)?.release(frame.reason);
        break;
      case "session.event": {
        const chat = this.#book.sessionEvent(frame.session_id, frame.event);
        const text = frame.event.payload.text;
        if (chat)
          this.onAttention({ kind: "message", chat, text: typeof text === "string" ? text : "" });
        break;
      }
      case "session.typing":
        this.chats
          .get(frame.session_id)
          ?.typing(frame.state === "TYPING_STATE_STARTED", () => this.changed());
        break;
      case "session.ended":
        this.chats.get(frame.session_id)?.end(frame.reason);
        break;
    }
    this.changed();
  }

  #setQueue(entries: QueueEntry[]): void {
    const fresh = this.waiting.update(entries);
    // Away or offline by choice: new chats are not mine to take, so nothing rings.
    if (fresh.length > 0 && this.status === "online")
      this.onAttention({ kind: "waiting", entries: fresh });
  }
}
