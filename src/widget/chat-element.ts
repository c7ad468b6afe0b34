// <switchboard-chat>: the launcher, the chat window and the glue between the SDK client and the view.
import { html, LitElement, nothing, type PropertyValues } from "lit";
import {
  type Conversation,
  type ConversationMessage,
  emptyConversation,
  type ResponseSuggestion,
  type ServerEvent,
  type SwitchboardClient,
} from "../sdk/index.js";
import { avatar } from "./avatar.js";
import { createClient, hasStoredSession, type WidgetClientSettings } from "./client-factory.js";
import { pickLanguage, stringsFor, type UiStrings } from "./i18n.js";
import { chatIcon, chevronDownIcon } from "./icons.js";
import { plainText } from "./markdown.js";
import type { MessageContext } from "./message-view.js";
import { type NoticeInfo, noticeText } from "./notice-text.js";
import { widgetStyles } from "./styles.js";
import { headerIdentity, newAnnouncements, phaseOf, type WidgetPhase } from "./widget-state.js";
import { windowView } from "./window-view.js";

/** The chat widget element; see docs/widget.md for its attributes, events, parts and variables. */
export class SwitchboardChat extends LitElement {
  static override styles = widgetStyles;
  static override properties = {
    server: { type: String },
    connectorToken: { type: String, attribute: "connector-token" },
    host: { type: String },
    tokenEndpoint: { type: String, attribute: "token-endpoint" },
    chatTitle: { type: String, attribute: "chat-title" },
    uiLanguage: { type: String, attribute: "lang" },
    streaming: { type: String },
    open: { type: Boolean, reflect: true },
    accent: { type: String },
    storage: { type: String },
    storageKey: { type: String, attribute: "storage-key" },
    position: { type: String, reflect: true },
    tokenProvider: { attribute: false },
    _conversation: { state: true },
    _phase: { state: true },
    _draft: { state: true },
    _unread: { state: true },
    _announcement: { state: true },
    _broken: { state: true },
  };

  /** Base URL of the Switchboard server (default: this page's origin). */
  declare server: string;
  declare connectorToken: string | null;
  declare host: string | null;
  declare tokenEndpoint: string | null;
  declare chatTitle: string;
  declare uiLanguage: string | null;
  /** "false" turns streaming off. */
  declare streaming: string | null;
  declare open: boolean;
  declare accent: string | null;
  declare storage: "session" | "local" | "none";
  declare storageKey: string;
  declare position: "left" | "right";
  /** Production auth from script: returns an access token from your backend. */
  declare tokenProvider: ((previous?: string) => Promise<string>) | null;
  declare _conversation: Conversation;
  declare _phase: WidgetPhase;
  declare _draft: string;
  declare _unread: number;
  declare _announcement: string;
  declare _broken: ReadonlySet<string>;

  #client: SwitchboardClient | null = null;
  #unsubscribe: Array<() => void> = [];
  readonly #announced = new Set<string>();
  readonly #notices = new Map<string, NoticeInfo>();
  #stick = true;
  #focusInput = false;
  #language = "en";
  #handoffState = "none";

  constructor() {
    super();
    this.server = "";
    this.connectorToken = null;
    this.host = null;
    this.tokenEndpoint = null;
    this.chatTitle = "Chat";
    this.uiLanguage = null;
    this.streaming = null;
    this.open = false;
    this.accent = null;
    this.storage = "session";
    this.storageKey = "switchboard:session";
    this.position = "right";
    this.tokenProvider = null;
    this._conversation = emptyConversation();
    this._phase = "idle";
    this._draft = "";
    this._unread = 0;
    this._announcement = "";
    this._broken = new Set();
  }

  /** The SDK client once the chat started (for advanced use: listen to raw events). */
  get client(): SwitchboardClient | null {
    return this.#client;
  }

  /** Opens the window (and starts the conversation the first time). */
  openChat(): void {
    this.open = true;
  }

  /** Minimises the window; the conversation goes on. */
  closeChat(): void {
    this.open = false;
  }

  /** Sends `text` as the user; returns false when there is nothing to send or no conversation. */
  send(text: string): boolean {
    if (!this.#client || text.trim() === "") return false;
    const result = this.#client.send(text);
    if (result.error) return false;
    this.#stick = true;
    this.#emit("sb-send", { text, clientEventId: result.clientEventId });
    return true;
  }

  /** Ends the conversation (the user's "End chat"). */
  endChat(): void {
    this.#client?.end();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.open || hasStoredSession(this.#settings())) queueMicrotask(() => this.#start());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#client?.close();
    this.#client = null;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has("accent")) {
      if (this.accent) this.style.setProperty("--sb-accent", this.accent);
      else this.style.removeProperty("--sb-accent");
    }
    if (changed.has("open") && this.open) {
      this._unread = 0;
      this.#start();
    }
    this.#language = pickLanguage(this._conversation.language, this.uiLanguage, navigator.language);
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has("open") && changed.get("open") !== undefined) {
      this.#emit(this.open ? "sb-open" : "sb-close", {});
      this.#focusInput = this.open;
      if (!this.open) (this.renderRoot.querySelector(".launcher") as HTMLElement | null)?.focus();
    }
    // The input is disabled until the session is ready; focus it as soon as it can take focus.
    const input = this.renderRoot.querySelector(".input") as HTMLTextAreaElement | null;
    if (this.#focusInput && input && !input.disabled) {
      this.#focusInput = false;
      input.focus();
    }
    const list = this.renderRoot.querySelector(".messages");
    if (list && this.#stick) list.scrollTop = list.scrollHeight;
  }

  #settings(): WidgetClientSettings {
    return {
      server: this.server || location.origin,
      connectorToken: this.connectorToken,
      host: this.host,
      tokenEndpoint: this.tokenEndpoint,
      tokenProvider: this.tokenProvider,
      streaming: this.streaming !== "false",
      storage: this.storage,
      storageKey: this.storageKey,
    };
  }

  #start(): void {
    if (!this.#client) {
      this.#client = createClient(this.#settings());
      if (!this.#client) {
        this._phase = "unavailable";
        this.#emit("sb-error", {
          code: "no_auth",
          message: "set connector-token or token-endpoint",
        });
        return;
      }
      this.#subscribe(this.#client);
    }
    const state = this.#client.state;
    if (state === "idle" || state === "closed" || state === "failed") void this.#client.start();
  }

  #subscribe(client: SwitchboardClient): void {
    this.#unsubscribe.push(
      client.on("event", (e) => this.#remember(e, client)),
      client.on("conversation", (c) => this.#onConversation(c, client)),
      client.on("state", ({ to }) => this.#onConversation(client.conversation, client, to)),
      client.on("error", (error) => this.#emit("sb-error", error)),
    );
  }

  // Facts a handoff notice needs later but the model does not keep (the notice id is the event id).
  #remember(e: ServerEvent, client: SwitchboardClient): void {
    const p = e.payload as Record<string, unknown>;
    const agent = (typeof p.agent === "object" && p.agent !== null ? p.agent : {}) as Record<
      string,
      unknown
    >;
    const text = (v: unknown) => (typeof v === "string" ? v : undefined);
    const info: NoticeInfo = {};
    if (e.type === "EVENT_TYPE_LIVE_AGENT_JOINED") {
      const name = text(agent.name) ?? text(p.agent_name);
      const avatarUrl = text(agent.avatar_url) ?? text(p.avatar_url);
      if (name) info.name = name;
      if (avatarUrl) info.avatarUrl = avatarUrl;
    } else if (e.type === "EVENT_TYPE_LIVE_AGENT_LEFT") {
      const current = client.conversation.agent;
      if (current.kind === "live" && current.name) info.name = current.name;
    } else if (e.type === "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED") {
      const route = text(p.route);
      if (route) info.route = route;
    } else return;
    this.#notices.set(e.id, info);
  }

  #onConversation(c: Conversation, client: SwitchboardClient, state = client.state): void {
    const before = this._phase;
    const previousLanguage = this.#language;
    this._conversation = c;
    this._phase = phaseOf(state, c);
    this.#language = pickLanguage(c.language, this.uiLanguage, navigator.language);
    const t = stringsFor(this.#language);
    const spoken = newAnnouncements(c.messages, this.#announced, (m) => this.#describe(m, t));
    if (before !== this._phase) {
      this.#emit("sb-state", { phase: this._phase, connection: state });
      const status = this.#phaseAnnouncement(before, t);
      if (status) spoken.push(status);
      if (this._phase === "ended") this.#emit("sb-ended", { reason: c.ended?.reason ?? null });
    }
    if (c.handoff.state !== this.#handoffState) {
      this.#handoffState = c.handoff.state;
      if (c.handoff.state === "requested") spoken.push(t.handoffRequested);
      this.#emit("sb-handoff", { ...c.handoff });
    }
    if (spoken.length > 0) this._announcement = spoken.join(" ");
    if (previousLanguage !== this.#language)
      this.#emit("sb-language", { language: this.#language });
  }

  #describe(m: ConversationMessage, t: UiStrings): string | null {
    if (m.from === "system") return noticeText(m, t, this.#notices.get(m.id)).text;
    if (!this.open) this._unread += 1;
    this.#emit("sb-message", { message: m });
    const text = plainText(m.text);
    return `${m.agentName ?? t.agent}: ${text}`;
  }

  #phaseAnnouncement(before: WidgetPhase, t: UiStrings): string | null {
    if (this._phase === "reconnecting") return t.reconnecting;
    if (this._phase === "chatting" && before === "reconnecting") return t.online;
    if (this._phase === "ended") return t.ended;
    if (this._phase === "unavailable") return t.unavailable;
    return null;
  }

  #emit(name: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }

  #context(t: UiStrings): MessageContext {
    const userIds = this._conversation.messages.filter((m) => m.from === "user").map((m) => m.id);
    const latestUser = userIds[userIds.length - 1];
    return {
      t,
      avatar: (name, url, size) =>
        avatar(name, url, size, this._broken, (bad) => {
          this._broken = new Set([...this._broken, bad]);
        }),
      noticeInfo: (id) => this.#notices.get(id),
      retry: (id) => this.#client?.retry(id),
      isLatestUser: (id) => id === latestUser,
    };
  }

  #onKeydown = (event: KeyboardEvent): void => {
    if (event.key === "Escape") {
      event.stopPropagation();
      this.closeChat();
      return;
    }
    const target = event.composedPath()[0];
    const isInput = target instanceof HTMLTextAreaElement;
    if (isInput && event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#sendDraft();
    }
  };

  #sendDraft(): void {
    if (this.send(this._draft)) this._draft = "";
  }

  #onSuggestion(s: ResponseSuggestion): void {
    if (!this.#client) return;
    const result = this.#client.sendSuggestion(s);
    if (result.error) return;
    this.#stick = true;
    this.#emit("sb-send", { text: s.message_text, clientEventId: result.clientEventId });
    (this.renderRoot.querySelector(".input") as HTMLElement | null)?.focus();
  }

  #onScroll = (event: Event): void => {
    const list = event.currentTarget as HTMLElement;
    this.#stick = list.scrollHeight - list.scrollTop - list.clientHeight < 48;
  };

  override render() {
    const t = stringsFor(this.#language);
    const identity = headerIdentity(this._conversation, this.chatTitle || "Chat");
    const label = this.open ? t.launcherClose : t.launcherOpen;
    const unread = this._unread > 0 && !this.open ? t.unread(this._unread) : "";
    return html`
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-announcer>${this._announcement}</div>
      ${
        this.open
          ? windowView(
              {
                t,
                language: this.#language,
                phase: this._phase,
                conversation: this._conversation,
                identity,
                draft: this._draft,
                ctx: this.#context(t),
              },
              {
                close: () => this.closeChat(),
                end: () => this.endChat(),
                send: () => this.#sendDraft(),
                input: (value) => {
                  this._draft = value;
                  this.#client?.typing();
                },
                suggestion: (s) => this.#onSuggestion(s),
                newChat: () => {
                  this.#announced.clear();
                  void this.#client?.startNewSession();
                },
                tryAgain: () => this.#start(),
                keydown: this.#onKeydown,
                scrolled: this.#onScroll,
              },
            )
          : nothing
      }
      <button class="launcher ${this.open ? "is-open" : ""}" type="button" part="launcher"
        aria-label=${unread ? `${label} (${unread})` : label} aria-expanded=${this.open ? "true" : "false"}
        aria-controls="sb-window" @click=${() => (this.open = !this.open)}>
        ${this.open ? chevronDownIcon() : chatIcon()}
        ${unread ? html`<span class="badge" aria-hidden="true">${this._unread}</span>` : nothing}
      </button>`;
  }
}
