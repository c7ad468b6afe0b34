// The SDK client behind <switchboard-chat>: starts it and turns its events into element state and sb-* events.
import type {
  Conversation,
  ConversationMessage,
  EarlierConversation,
  ServerEvent,
  SwitchboardClient,
} from "../sdk/index.js";
import { Announcer, phaseAnnouncement, spokenText } from "./announcer.js";
import { createClient, type WidgetClientSettings } from "./client-factory.js";
import { displayConversation, displayNoticeInfo } from "./display-text.js";
import { pickLanguage, stringsFor } from "./i18n.js";
import { type NoticeInfo, noticeInfoOf } from "./notice-text.js";
import { offlineStringsFor } from "./offline-strings.js";
import type { RatingPanel } from "./rating-view.js";
import { phaseOf, type WidgetPhase } from "./widget-state.js";

/** The element state the session reads and writes (each write re-renders the element). */
export interface ChatSessionHost {
  readonly open: boolean;
  readonly uiLanguage: string | null;
  _conversation: Conversation;
  _phase: WidgetPhase;
  _unread: number;
  _announcement: string;
  _offline: boolean;
  _rating: RatingPanel;
  _earlier: EarlierConversation[];
}

/** What the element lends the session: its client settings and its event dispatch. */
export interface ChatSessionPorts {
  settings(): WidgetClientSettings;
  emit(name: string, detail: unknown): void;
}

/** One element's client, its subscriptions and what its events left behind. */
export class ChatSession {
  /** The interface language: the conversation's, else the lang attribute's, else the browser's. */
  language = "en";
  readonly #host: ChatSessionHost;
  readonly #ports: ChatSessionPorts;
  #client: SwitchboardClient | null = null;
  #unsubscribe: Array<() => void> = [];
  readonly #announcer = new Announcer();
  readonly #notices = new Map<string, NoticeInfo>();
  #handoffState = "none";
  // The system message after HANDOFF_FAILED says that the handoff failed: the widget words it.
  #handoffJustFailed = false;

  constructor(host: ChatSessionHost, ports: ChatSessionPorts) {
    this.#host = host;
    this.#ports = ports;
  }

  /** The SDK client once the chat started. */
  get client(): SwitchboardClient | null {
    return this.#client;
  }

  /** What a handoff notice's event said about the agent or route (keyed by the notice id). */
  noticeInfo(id: string): NoticeInfo | undefined {
    return this.#notices.get(id);
  }

  /** Creates the client the first time, then starts it unless it is already running. */
  start(): void {
    if (!this.#client) {
      this.#client = createClient(this.#ports.settings());
      if (!this.#client) {
        this.#host._phase = "unavailable";
        this.#ports.emit("sb-error", {
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

  /** Sends the chosen score (and comment); thanks on success, a retryable error otherwise. */
  async rate(): Promise<void> {
    const panel = this.#host._rating;
    const client = this.#client;
    if (panel.step !== "asking" || panel.score === null || panel.sending || !client) return;
    const score = panel.question.scale === "five" ? Number(panel.score) : panel.score;
    this.#host._rating = { ...panel, sending: true, failed: false };
    const comment = panel.question.comment ? panel.comment.trim() : "";
    const answer = await client.rate(score as number | "up" | "down", comment || undefined);
    if (this.#host._rating.step !== "asking") return;
    if (answer.ok) {
      this.#host._rating = { step: "thanks" };
      this.#host._announcement = stringsFor(this.language).ratingThanks;
      this.#ports.emit("sb-rated", { score: panel.score, comment: comment || null });
    } else {
      this.#host._rating = { ...panel, sending: false, failed: true };
    }
  }

  // Once the conversation ended: ask the connector's question, unless it was answered already.
  async #askRating(client: SwitchboardClient): Promise<void> {
    const sessionId = client.conversation.sessionId;
    const answer = await client.ratingState();
    if (!answer.ok || client.conversation.sessionId !== sessionId || this.#host._phase !== "ended")
      return;
    const { question, can_rate, rating } = answer.value;
    if (!question || !can_rate || rating) return;
    this.#host._rating = {
      step: "asking",
      question,
      score: null,
      comment: "",
      sending: false,
      failed: false,
    };
  }

  /** Starts a fresh conversation; its messages will be announced from the start. */
  newChat(): void {
    this.#host._rating = { step: "none" };
    this.#announcer.forget();
    void this.#client?.startNewSession();
  }

  /** Opens one of the visitor's earlier conversations; its history is history (not announced). */
  openEarlier(sessionId: string): void {
    this.#host._earlier = [];
    void this.#client?.openConversation(sessionId);
  }

  /** Stops listening and closes the client (the element left the page). */
  stop(): void {
    for (const off of this.#unsubscribe.splice(0)) off();
    this.#client?.close();
    this.#client = null;
  }

  #subscribe(client: SwitchboardClient): void {
    this.#unsubscribe.push(
      client.on("event", (e) => this.#remember(e, client)),
      client.on("conversation", (c) => this.#onConversation(c, client)),
      client.on("state", ({ to }) => this.#onConversation(client.conversation, client, to)),
      client.on("error", (error) => this.#ports.emit("sb-error", error)),
      client.on("offline", ({ reason }) => this.#onNetwork(client, true, reason)),
      client.on("online", () => this.#onNetwork(client, false)),
    );
  }

  #onNetwork(client: SwitchboardClient, offline: boolean, reason?: string): void {
    this.#host._offline = offline;
    this.#ports.emit(offline ? "sb-offline" : "sb-online", offline ? { reason } : {});
    this.#onConversation(client.conversation, client);
  }

  // Facts a handoff notice needs later but the model does not keep (the notice id is the event id).
  #remember(e: ServerEvent, client: SwitchboardClient): void {
    // A heartbeat echo may come between HANDOFF_FAILED and its system message.
    if (e.type === "EVENT_TYPE_HEARTBEAT") return;
    const afterFailure = this.#handoffJustFailed;
    this.#handoffJustFailed = e.type === "EVENT_TYPE_HANDOFF_FAILED";
    const current = client.conversation.agent;
    const info = noticeInfoOf(e, current.kind === "live" ? current.name : undefined, afterFailure);
    if (info) this.#notices.set(e.id, displayNoticeInfo(info));
  }

  #onConversation(c: Conversation, client: SwitchboardClient, state = client.state): void {
    const host = this.#host;
    const before = host._phase;
    const previousLanguage = this.language;
    // Rendered and announced without bidi controls; `c` itself is what the SDK received.
    const shown = displayConversation(c);
    host._conversation = shown;
    host._phase = phaseOf(state, c, host._offline);
    this.language = pickLanguage(c.language, host.uiLanguage, navigator.language);
    const t = stringsFor(this.language);
    const speak = (m: ConversationMessage) => spokenText(m, t, this.#notices.get(m.id));
    // History replayed on a reload is not news: no unread count, no announcement, no sb-message.
    if (client.replaying) this.#announcer.markHeard(shown.messages, speak);
    const spoken = this.#announcer.fresh(shown.messages, speak, (m) => this.#arrived(m));
    if (before !== host._phase) {
      this.#ports.emit("sb-state", { phase: host._phase, connection: state });
      const status = phaseAnnouncement(host._phase, before, t);
      if (status) spoken.push(status);
      if (host._phase === "ended") {
        this.#ports.emit("sb-ended", { reason: c.ended?.reason ?? null });
        void this.#askRating(client);
        void this.#loadEarlier(client, c.sessionId);
      } else host._earlier = [];
    }
    if (c.handoff.state !== this.#handoffState) {
      this.#handoffState = c.handoff.state;
      if (c.handoff.state === "requested") spoken.push(t.handoffRequested);
      if (c.handoff.offlineMessage) {
        const o = offlineStringsFor(this.language);
        spoken.push(
          c.handoff.reason === "QUEUE_CLOSED" ? o.titleClosed : o.titleNoAgents,
          o.explain,
        );
      }
      this.#ports.emit("sb-handoff", { ...c.handoff });
    }
    if (spoken.length > 0) host._announcement = spoken.join(" ");
    if (previousLanguage !== this.language)
      this.#ports.emit("sb-language", { language: this.language });
  }

  // The visitor's other conversations, offered beside "Start a new chat"; none when it fails.
  async #loadEarlier(client: SwitchboardClient, current: string | null): Promise<void> {
    const answer = await client.earlierConversations(5);
    if (!answer.ok || this.#host._phase !== "ended") return;
    this.#host._earlier = answer.conversations.filter((e) => e.sessionId !== current);
  }

  // A newly complete message: agent messages count as unread and go out as sb-message.
  #arrived(m: ConversationMessage): void {
    if (m.from === "system") return;
    if (!this.#host.open) this.#host._unread += 1;
    this.#ports.emit("sb-message", { message: m });
  }
}
