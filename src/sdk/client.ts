// SwitchboardClient: the public face that wires bootstrap, socket loop, delivery, typing and the model.

import type { RatingBodyJson, RatingStateJson } from "../protocol/index.js";
import { ConnectionStateMachine } from "./connection-state.js";
import {
  addOutgoing,
  emptyConversation,
  setDeliveryStatus,
  stopThinking,
  withConnection,
} from "./conversation-local.js";
import { reduceConversation } from "./conversation-reducer.js";
import { DeliveryTracker, type PendingMessage } from "./delivery-tracker.js";
import { TypedEmitter } from "./emitter.js";
import {
  type UploadedFile,
  type UploadOptions,
  type UploadResult,
  uploadFile,
} from "./file-upload.js";
import type { Result } from "./http.js";
import { joinUrl } from "./http.js";
import { isRejoinTrigger, MAX_JOIN_RETRIES, needsJoin } from "./join-policy.js";
import { loopSettings } from "./loop-settings.js";
import { sendOfflineMessage } from "./offline-message.js";
import { deliveryMetadata, sendProblem } from "./outgoing-message.js";
import { clientKeyOf, systemMessageError } from "./payload-fields.js";
import { resolvePlatform } from "./platform.js";
import { fetchRating, type RatingTarget, submitRating } from "./rating.js";
import { type BootstrappedSession, SessionBootstrap } from "./session-bootstrap.js";
import { SocketLoop } from "./socket-loop.js";
import { StartWaiters } from "./start-waiters.js";
import type {
  ClientEvents,
  ClientOptions,
  ConnectionState,
  Conversation,
  EarlierConversation,
  OfflineMessageInput,
  OfflineMessageResult,
  ResponseSuggestion,
  SdkError,
  SendResult,
  ServerEvent,
  StartResult,
} from "./types.js";
import { TypingDebouncer } from "./typing-debounce.js";

/** The rating endpoint's answer, or why there is none. */
export type RatingResult = Result<RatingStateJson>;

const NO_SESSION: RatingResult = {
  ok: false,
  error: { status: 0, code: "no_session", message: "no conversation yet" },
};

import { ContextSubmitter } from "./verified-context.js";
import { randomVisitorId, visitorIdOf } from "./visitor-id.js";

/** Clients hide the thinking indicator this long after the last THINKING (rule 19). */
const THINKING_HIDE_MS = 10_000;

/** A chat client for one conversation at a time (browser or Node). */
export class SwitchboardClient {
  readonly #emitter = new TypedEmitter<ClientEvents>();
  readonly #machine = new ConnectionStateMachine((change) => this.#onStateChange(change));
  readonly #platform;
  readonly #bootstrap: SessionBootstrap;
  readonly #loop: SocketLoop;
  readonly #delivery: DeliveryTracker;
  readonly #typing: TypingDebouncer;
  readonly #waiters = new StartWaiters();
  #conversation: Conversation = emptyConversation();
  #thinkingTimer: ReturnType<typeof setTimeout> | undefined;
  #joinRetries = 0;
  readonly #context: ContextSubmitter | undefined;
  /** The live session's context_id, from its SESSION_START. */
  #contextId: string | null = null;

  constructor(options: ClientOptions) {
    this.#platform = resolvePlatform(options);
    const platform = this.#platform;
    this.#context = options.onContextRequired
      ? new ContextSubmitter({
          callback: options.onContextRequired,
          fetch: (url, init) => platform.fetch(url, init),
          baseUrl: () => platform.baseUrl(),
          ...(options.contextTimeoutMs === undefined
            ? {}
            : { timeoutMs: options.contextTimeoutMs }),
        })
      : undefined;
    this.#bootstrap = new SessionBootstrap(
      options,
      this.#platform.fetch,
      this.#platform.baseUrl,
      visitorIdOf(options, randomVisitorId),
    );
    this.#loop = new SocketLoop(
      loopSettings(options, this.#platform, (session) =>
        this.#bootstrap.refresh({ ...session, cursor: this.#loop.cursor }),
      ),
      {
        state: (to, reason) => {
          this.#machine.transition(to, reason);
          if (to === "failed") this.#delivery.failSending();
        },
        event: (event) => this.#onEvent(event),
        synced: (events) => this.#onSynced(events),
        lost: () => {
          this.#delivery.socketLost();
          this.#typing.reset();
        },
        sessionGone: (reason) => void this.#renew(reason),
        ended: () => this.#machine.transition("ended", "session ended"),
        isEnded: () => this.#conversation.ended !== null,
        error: (error) => this.#emitter.emit("error", error),
        offline: (reason) => this.#emitter.emit("offline", { reason }),
        online: () => this.#emitter.emit("online", {}),
      },
    );
    this.#delivery = new DeliveryTracker(
      {
        transmit: (m) => this.#transmit(m),
        status: (id, status) => this.#update(setDeliveryStatus(this.#conversation, id, status)),
      },
      options.deliveryTimeoutMs ?? 10_000,
    );
    this.#typing = new TypingDebouncer(
      (state) => this.#loop.send("EVENT_TYPE_USER_TYPING", { state }),
      options.typingIdleMs ?? 2000,
    );
  }

  /** The connection state. */
  get state(): ConnectionState {
    return this.#machine.state;
  }

  /**
   * True while the client applies the history a session already had when this client connected
   * to it (a reload): the messages are not news. False for everything after, replays after a
   * reconnect included.
   */
  get replaying(): boolean {
    return this.#loop.replaying;
  }

  /** The current conversation snapshot. */
  get conversation(): Conversation {
    return this.#conversation;
  }

  /** Listens to `state`, `event`, `conversation` or `error`; returns the remover. */
  on<K extends keyof ClientEvents>(
    name: K,
    listener: (value: ClientEvents[K]) => void,
  ): () => void {
    return this.#emitter.on(name, listener);
  }

  /** Removes a listener. */
  off<K extends keyof ClientEvents>(name: K, listener: (value: ClientEvents[K]) => void): void {
    this.#emitter.off(name, listener);
  }

  /** Resumes the stored session or creates one, connects, and resolves once caught up. */
  start(): Promise<StartResult> {
    const { state } = this;
    if (state === "connecting" || state === "open" || state === "reconnecting") {
      return this.#waiters.wait();
    }
    if (!this.#platform.ok) return Promise.resolve(this.#fail(this.#platform.error));
    this.#machine.transition("connecting", "start");
    const waiting = this.#waiters.wait();
    void this.#bootstrap.start(Date.now()).then((result) => {
      if (this.state !== "connecting") return;
      if (result.ok) this.#begin(result.value);
      else this.#fail(result.error);
    });
    return waiting;
  }

  /** Sends a user message, tracked sending → sent → failed (and retried with the same id). */
  send(text: string, options: { payload?: unknown; files?: UploadedFile[] } = {}): SendResult {
    const clientEventId = this.#platform.generateId();
    const problem = sendProblem(text, options.payload, this.#conversation.ended !== null);
    if (problem) {
      this.#emitter.emit("error", problem);
      return { clientEventId, error: problem };
    }
    this.#typing.stop();
    const message: PendingMessage = { id: clientEventId, text };
    if (options.payload !== undefined) message.payload = options.payload;
    if (options.files && options.files.length > 0) message.fileIds = options.files.map((f) => f.id);
    this.#update(
      addOutgoing(this.#conversation, { ...message, timestamp: new Date().toISOString() }),
    );
    this.#delivery.track(message);
    return { clientEventId };
  }

  /** Re-sends a message that has no echo, with the same client_event_id. */
  retry(clientEventId: string): boolean {
    return this.#delivery.retry(clientEventId);
  }

  /** Sends a response suggestion's text (and its payload, when it has one). */
  sendSuggestion(suggestion: ResponseSuggestion): SendResult {
    const options = suggestion.payload === undefined ? {} : { payload: suggestion.payload };
    return this.send(suggestion.message_text, options);
  }

  /** Call on every keystroke: STARTED once, STOPPED after `typingIdleMs` without one. */
  typing(): void {
    if (this.#loop.isOpen && !this.#conversation.ended) this.#typing.keystroke();
  }

  /** Ends the conversation (USER_END_SESSION); state becomes ended after SESSION_END. */
  end(): boolean {
    this.#typing.reset();
    return this.#loop.send("EVENT_TYPE_USER_END_SESSION", {});
  }

  /**
   * Runs `onContextRequired` again for the live session and submits its token (a refresh replaces
   * the whole context). Resolves true when the server accepted a token; never rejects.
   */
  async refreshVerifiedContext(): Promise<boolean> {
    const session = this.#loop.session;
    if (!this.#context || !session || this.#contextId === null) return false;
    return this.#context.run({
      sessionId: session.sessionId,
      contextId: this.#contextId,
      accessToken: session.token,
    });
  }

  /**
   * The conversation's satisfaction question (null when the connector asks none), whether it
   * can be answered (once the conversation ended) and the answer so far. Never rejects.
   */
  ratingState(): Promise<RatingResult> {
    const target = this.#ratingTarget();
    return target ? fetchRating(target) : Promise.resolve(NO_SESSION);
  }

  /** Rates the ended conversation (`score` 1–5, or "up"/"down"); a later rating replaces it. */
  rate(score: RatingBodyJson["score"], comment?: string): Promise<RatingResult> {
    const target = this.#ratingTarget();
    if (!target) return Promise.resolve(NO_SESSION);
    return submitRating(target, comment ? { score, comment } : { score });
  }

  #ratingTarget(): RatingTarget | null {
    const session = this.#loop.session;
    if (!session) return null;
    const platform = this.#platform;
    return {
      fetch: (url, init) => platform.fetch(url, init),
      baseUrl: platform.baseUrl(),
      sessionId: session.sessionId,
      accessToken: session.token,
    };
  }

  /**
   * Leaves an offline message (after a handoff nobody could take, `conversation.handoff.offlineMessage`).
   * Resolves once the server kept it or refused it; never rejects.
   */
  async leaveOfflineMessage(input: OfflineMessageInput): Promise<OfflineMessageResult> {
    const session = this.#loop.session;
    if (!session)
      return { ok: false, error: { status: 0, code: "no_session", message: "no session" } };
    return sendOfflineMessage(
      this.#platform.fetch,
      this.#platform.baseUrl(),
      {
        sessionId: session.sessionId,
        accessToken: session.token,
      },
      input,
    );
  }

  /**
   * Uploads a file to the conversation, reporting progress; send the result with
   * `send(text, { files: [file] })`. Resolves with the file or the server's refusal; never rejects.
   */
  async upload(file: Blob & { name?: string }, options: UploadOptions = {}): Promise<UploadResult> {
    const session = this.#loop.session;
    if (!session)
      return { ok: false, error: { status: 0, code: "no_session", message: "no session" } };
    const path = `/api/v1/sessions/${encodeURIComponent(session.sessionId)}/files`;
    return uploadFile(
      { url: joinUrl(this.#platform.baseUrl(), path), accessToken: session.token },
      file,
      options,
    );
  }

  /** Closes the socket and keeps the session, so `start()` resumes it. */
  close(): void {
    this.#loop.stop();
    this.#typing.reset();
    this.#delivery.socketLost();
    this.#machine.transition("closed", "closed by the app");
    this.#waiters.settle({ ok: false, error: { code: "closed", message: "client closed" } });
  }

  /** The stable visitor id this client sends with new sessions; null when turned off. */
  get visitorId(): string | null {
    return this.#bootstrap.visitorId;
  }

  /** This visitor's conversations with the connector, newest first (at most `limit`, 20). */
  async earlierConversations(
    limit = 5,
  ): Promise<{ ok: true; conversations: EarlierConversation[] } | { ok: false; error: SdkError }> {
    const answer = await this.#bootstrap.earlier(limit);
    return answer.ok ? { ok: true, conversations: answer.value } : answer;
  }

  /** Switches to an earlier conversation of this visitor (its history replays; ended ones stay ended). */
  openConversation(sessionId: string): Promise<StartResult> {
    const waiting = this.#waiters.wait();
    void this.#switchTo(sessionId);
    return waiting;
  }

  async #switchTo(sessionId: string): Promise<void> {
    this.#loop.stop();
    this.#delivery.failAll();
    this.#typing.reset();
    this.#machine.transition("connecting", "earlier conversation opened");
    const result = await this.#bootstrap.reopen(sessionId);
    if (this.state !== "connecting") return;
    if (result.ok) this.#begin(result.value);
    else this.#fail(result.error);
  }

  /** Forgets the stored session and starts a new conversation. */
  startNewSession(): Promise<StartResult> {
    const waiting = this.#waiters.wait();
    void this.#renew("new session requested");
    return waiting;
  }

  async #renew(reason: string): Promise<void> {
    this.#loop.stop();
    this.#delivery.failAll();
    this.#typing.reset();
    if (reason !== "new session requested") {
      this.#emitter.emit("error", { code: "session_lost", message: reason, level: "warning" });
    }
    this.#machine.transition("connecting", reason);
    const result = await this.#bootstrap.createNew();
    if (this.state !== "connecting") return;
    if (result.ok) this.#begin(result.value);
    else this.#fail(result.error);
  }

  #begin(session: BootstrappedSession): void {
    if (this.#conversation.sessionId !== session.sessionId) {
      this.#joinRetries = 0;
      this.#update(emptyConversation(session.sessionId, this.state));
    }
    this.#loop.start({ sessionId: session.sessionId, token: session.token });
  }

  #fail(error: SdkError): StartResult {
    const result: StartResult = { ok: false, error };
    this.#waiters.settle(result);
    this.#emitter.emit("error", error);
    this.#machine.transition("failed", error.code);
    return result;
  }

  #onEvent(event: ServerEvent): void {
    this.#emitter.emit("event", event);
    this.#update(reduceConversation(this.#conversation, event));
    this.#afterEvent(event);
  }

  #afterEvent(event: ServerEvent): void {
    if (event.type === "EVENT_TYPE_SESSION_START") this.#contextId = contextIdIn([event]);
    const key = event.type === "EVENT_TYPE_USER_MESSAGE" ? clientKeyOf(event) : undefined;
    if (key !== undefined) this.#delivery.confirm(key);
    if (event.type === "EVENT_TYPE_POLY_AGENT_THINKING") this.#armThinkingTimer();
    if (event.type === "EVENT_TYPE_SYSTEM_MESSAGE") {
      this.#emitter.emit("error", systemMessageError(event));
    }
    if (isRejoinTrigger(event) && this.#joinRetries < MAX_JOIN_RETRIES) {
      this.#joinRetries += 1;
      this.#loop.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {});
    }
    if (event.sequence !== null && event.sequence !== undefined) this.#saveCursor();
  }

  #onSynced(firstBatch: ServerEvent[]): void {
    if (needsJoin(firstBatch, this.#conversation)) {
      this.#contextId = contextIdIn(firstBatch) ?? this.#contextId;
      void this.#contextThenJoin();
    }
    this.#delivery.resendPending();
    const sessionId = this.#conversation.sessionId;
    if (sessionId !== null) this.#waiters.settle({ ok: true, sessionId });
  }

  // The context callback runs before the join (so the greeting can use it); the join goes out whatever it answers.
  async #contextThenJoin(): Promise<void> {
    const session = this.#loop.session;
    if (this.#context && session && this.#contextId !== null) {
      await this.#context.run({
        sessionId: session.sessionId,
        contextId: this.#contextId,
        accessToken: session.token,
      });
      if (this.#loop.session?.sessionId !== session.sessionId) return;
    }
    this.#loop.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {});
  }

  #onStateChange(change: { from: ConnectionState; to: ConnectionState; reason?: string }): void {
    this.#emitter.emit("state", change);
    this.#waiters.settleOnState(change, this.#conversation.sessionId);
    this.#update(withConnection(this.#conversation, change.to));
  }

  #transmit(message: PendingMessage): boolean {
    const custom = deliveryMetadata(message);
    const payload: Record<string, unknown> = { text: message.text };
    if (message.fileIds) payload.attachments = message.fileIds.map((id) => ({ file_id: id }));
    return this.#loop.send("EVENT_TYPE_USER_MESSAGE", payload, custom);
  }

  #armThinkingTimer(): void {
    clearTimeout(this.#thinkingTimer);
    this.#thinkingTimer = setTimeout(() => {
      this.#update(stopThinking(this.#conversation));
    }, THINKING_HIDE_MS);
  }

  #saveCursor(): void {
    const session = this.#loop.session;
    if (!session) return;
    this.#bootstrap.store.write({ ...session, cursor: this.#loop.cursor });
  }

  #update(next: Conversation): void {
    if (next === this.#conversation) return;
    this.#conversation = next;
    this.#emitter.emit("conversation", next);
  }
}

/** The context_id a SESSION_START among `events` announced, if any. */
function contextIdIn(events: readonly ServerEvent[]): string | null {
  const start = events.find((e) => e.type === "EVENT_TYPE_SESSION_START");
  const contextId = (start?.payload as { context_id?: unknown } | undefined)?.context_id;
  return typeof contextId === "string" ? contextId : null;
}
