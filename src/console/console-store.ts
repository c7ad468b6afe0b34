// The console's state: who is signed in, the connection, the live queue and my chats, fed by /desk/ws frames.
import { DeskApi } from "./api-client.js";
import { Chat } from "./chat-state.js";
import { DeskSocket, type SocketChange, type SocketState } from "./desk-socket.js";
import type { DeskFrame, DeskUser, HeldSession, QueueEntry, WireEvent } from "./types.js";
import { WaitingQueue } from "./waiting-queue.js";

const TOKEN_KEY = "switchboard.console.token";
const SOUND_KEY = "switchboard.console.sound";

/** Everything the views read; call `subscribe` to hear about changes. */
export class ConsoleStore {
  token: string | null = null;
  me: DeskUser | null = null;
  signingIn = false;
  signInError: string | null = null;
  connection: SocketState = "stopped";
  readonly waiting = new WaitingQueue();
  readonly chats = new Map<string, Chat>();
  activeId: string | null = null;
  soundOn = localStorage.getItem(SOUND_KEY) === "on";
  /** Called with the sessions that just started waiting (for the sound). */
  onNewWaiting: (entries: QueueEntry[]) => void = () => {};
  #api: DeskApi | null = null;
  #socket: DeskSocket | null = null;
  readonly #listeners = new Set<() => void>();

  /** The API client of the signed-in desk user. */
  get api(): DeskApi | null {
    return this.#api;
  }

  get activeChat(): Chat | null {
    return this.activeId ? (this.chats.get(this.activeId) ?? null) : null;
  }

  /** Listens to every change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  changed(): void {
    for (const listener of this.#listeners) listener();
  }

  /** Signs in again with the token kept for this tab, if any. */
  restore(): void {
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) void this.signIn(token);
  }

  /** Checks the token with GET /me; on success keeps it for this tab and connects. */
  async signIn(token: string): Promise<boolean> {
    this.signingIn = true;
    this.signInError = null;
    this.changed();
    const api = new DeskApi(token.trim());
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
    this.#api = api;
    this.me = me.value.desk_user;
    this.#connect(this.token);
    this.changed();
    return true;
  }

  /** Forgets the token and every chat; `reason` is shown on the sign-in screen. */
  signOut(reason: string | null = null): void {
    this.#socket?.stop();
    this.#socket = null;
    this.#api = null;
    sessionStorage.removeItem(TOKEN_KEY);
    for (const chat of this.chats.values()) chat.typing(false);
    Object.assign(this, { token: null, me: null, activeId: null, signInError: reason });
    this.chats.clear();
    this.waiting.clear();
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
      this.#ensureChat(sessionId, waiting.find(sessionId)?.queue ?? "");
      this.open(sessionId);
    } else {
      waiting.acceptErrors.set(sessionId, result.error.message);
    }
    this.changed();
  }

  /** Makes a chat the one on screen and marks it read. */
  open(sessionId: string): void {
    const chat = this.chats.get(sessionId);
    if (!chat) return;
    this.activeId = sessionId;
    chat.unread = 0;
    this.changed();
  }

  /** Closes the tab of a chat that is over. */
  close(sessionId: string): void {
    const ids = [...this.chats.keys()];
    const index = ids.indexOf(sessionId);
    this.chats.delete(sessionId);
    if (this.activeId === sessionId) this.activeId = ids[index + 1] ?? ids[index - 1] ?? null;
    this.changed();
  }

  toggleSound(): void {
    this.soundOn = !this.soundOn;
    localStorage.setItem(SOUND_KEY, this.soundOn ? "on" : "off");
    this.changed();
  }

  /** Unread messages over every chat. */
  get unreadTotal(): number {
    let total = 0;
    for (const chat of this.chats.values()) total += chat.unread;
    return total;
  }

  /** Fetches the whole transcript again and merges it (events are de-duplicated). */
  async loadTranscript(chat: Chat): Promise<void> {
    if (!this.#api) return;
    chat.loading = true;
    this.changed();
    const result = await this.#api.events(chat.sessionId);
    chat.loading = false;
    if (result.ok) {
      chat.info = result.value.session;
      chat.add(result.value.events);
      chat.loadError = null;
    } else if (!chat.closure) {
      chat.loadError = result.error.message;
    }
    this.changed();
  }

  #connect(token: string): void {
    const scheme = location.protocol === "https:" ? "wss" : "ws";
    this.#socket = new DeskSocket({
      url: (cursor) => {
        const query = new URLSearchParams({ token });
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
      this.signOut("Your desk token is no longer valid. Sign in again.");
    }
  }

  #onFrame(frame: DeskFrame): void {
    switch (frame.type) {
      case "hello":
        this.me = frame.desk_user;
        break;
      case "snapshot":
        this.#setQueue(frame.queue);
        this.#syncHeld(frame.sessions);
        break;
      case "queue":
        this.#setQueue(frame.entries);
        break;
      case "assigned":
        this.#assigned(frame.session_id, frame.queue);
        break;
      case "unassigned":
        this.chats.get(frame.session_id)?.release(frame.reason);
        break;
      case "session.event":
        this.#sessionEvent(frame.session_id, frame.event);
        break;
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

  // Mine (again): a chat released earlier, e.g. after a disconnect, becomes writable.
  #assigned(sessionId: string, queue: string): void {
    const chat = this.#ensureChat(sessionId, queue);
    if (chat.closure?.kind !== "unassigned") return;
    chat.closure = null;
    void this.loadTranscript(chat);
  }

  #setQueue(entries: QueueEntry[]): void {
    const fresh = this.waiting.update(entries);
    if (fresh.length > 0) this.onNewWaiting(fresh);
  }

  // After a snapshot: chats I still hold reload their transcripts; the others are no longer mine.
  #syncHeld(sessions: HeldSession[]): void {
    const held = new Set(sessions.map((s) => s.session_id));
    for (const chat of this.chats.values()) {
      if (!held.has(chat.sessionId)) chat.release("disconnected");
      else void this.loadTranscript(chat);
    }
    for (const session of sessions) this.#ensureChat(session.session_id, session.queue);
    if (!this.activeId && sessions[0]) this.open(sessions[0].session_id);
  }

  #sessionEvent(sessionId: string, event: WireEvent): void {
    const chat = this.#ensureChat(sessionId, "");
    const added = chat.add([event]);
    if (added.length === 0) return;
    if (event.type === "EVENT_TYPE_USER_MESSAGE") chat.typing(false);
    const fromOthers = event.type === "EVENT_TYPE_USER_MESSAGE";
    if (fromOthers && (this.activeId !== sessionId || document.hidden)) chat.unread += 1;
  }

  #ensureChat(sessionId: string, queue: string): Chat {
    let chat = this.chats.get(sessionId);
    if (!chat) {
      chat = new Chat(sessionId, queue);
      this.chats.set(sessionId, chat);
      void this.loadTranscript(chat);
    } else if (queue && !chat.queue) {
      chat.queue = queue;
    }
    return chat;
  }
}
