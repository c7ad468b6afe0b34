// The sessions of this process: creating, connecting, ending by abandonment, erasing, shutting down.
import {
  CLOSE_CODES,
  DEFAULT_FRAME_LIMITS,
  type DeviceType,
  type EventType,
  type FrameLimits,
  HEARTBEAT_INTERVAL_SECONDS,
  MAX_CONNECTIONS_PER_SESSION,
  MAX_RECONNECT_ATTEMPTS,
  MAX_TEXT_BYTES,
  type Platform,
  protocolError,
  type SocketErrorCode,
} from "../protocol/index.js";
import { AgentDirectory } from "./agent-directory.js";
import type { PushOptions, PushResult } from "./agent-inbox.js";
import { type FrameDeps, receiveFrame } from "./client-frames.js";
import { chunkLayoutFor, clientProfileOf } from "./client-profile.js";
import { type ClientConnection, ConnectionFeed } from "./connection-feed.js";
import { Conversation } from "./conversation.js";
import { settleWithin } from "./deadline.js";
import { type DeskObserver, DeskService } from "./desk/desk-service.js";
import { EventFactory } from "./event-factory.js";
import { InProcessLimits } from "./in-process-limits.js";
import { InProcessPresence, InProcessVisitorSessions } from "./in-process-presence.js";
import { LiveSession } from "./live-session.js";
import { OfflineDesk, type OfflineObserver, type OfflineWebhook } from "./offline/index.js";
import type { BlobStore } from "./ports/blob-store.js";
import type { AttachmentResolver } from "./ports/file-records.js";
import type { ContextFields } from "./ports/session-context.js";
import type {
  AgentFactory,
  AgentPart,
  Bus,
  Clock,
  DeskNoteStore,
  DeskSignals,
  DeskStatusStore,
  LanguageDetector,
  Limits,
  Scheduler,
  SessionContextStore,
  Store,
  TimerHandle,
  TurnClaims,
  TurnOutcome,
  VisitorPresence,
  VisitorPresenceStore,
  VisitorSessionStore,
} from "./ports.js";
import type { ChunkJoinSetting, SessionPatch, SessionRecord, StoredEvent } from "./records.js";
import { SessionRegistry } from "./session-registry.js";
import { SessionSweeper } from "./session-sweeper.js";
import { InProcessTurnClaims } from "./turn-claims.js";
import { emptyOutcome, type LeaseChange } from "./turn-engine.js";
import type { TurnSettings } from "./turn-run.js";
import { handleTakeovers } from "./turn-takeover.js";
import { VisitorFacts } from "./visitor-facts.js";
import { VisitorHistory } from "./visitor-history.js";
import { VisitorPresenceTracker } from "./visitor-presence.js";

export interface HubSettings extends TurnSettings {
  sessionTimeoutMs: number;
  retentionMs: number;
  messagesPerSecond: number;
  messageBurst: number;
  /** Depth and size bounds of client frames' JSON; the protocol defaults when absent. */
  frameLimits?: FrameLimits;
  /** Live events one connection may have held back behind its replay, in bytes, before 1013. */
  maxQueuedBytes?: number;
  /** A desk user who drops keeps their chats this long before they go back to the queue. */
  deskGraceMs: number;
  /** How long a session reuses its agent lookup; agent and connector changes reach it after this. */
  agentCacheMs: number;
  /** How often an idle connection checks the store for events the bus lost (default 5 s). */
  positionCheckMs?: number;
  /** How long a turn's lease lasts unrenewed before another process takes the turn over (15 s). */
  turnLeaseMs?: number;
  /** A visitor waiting for a human and offline this long leaves the queue (default 120 s). */
  visitorOfflineGraceMs?: number;
}

/** Counts what crosses the wire, for metrics. */
export interface HubObserver {
  eventSent(type: EventType): void;
  eventReceived(type: EventType | "invalid"): void;
  connectionsChanged(delta: number): void;
}

export interface HubDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  /** Durable timers (abandonment, retention, handoff waits, grace); the hub starts and stops it. */
  scheduler: Scheduler;
  agents: AgentFactory;
  settings: HubSettings;
  observer?: HubObserver;
  deskObserver?: DeskObserver;
  /** Keeps desk users' chosen statuses; absent: in memory only. */
  deskStatuses?: DeskStatusStore;
  /** The desk's channel to the other processes of a deployment; absent: one process. */
  deskSignals?: DeskSignals;
  /** Keeps internal notes; absent: notes last until the process stops. */
  deskNotes?: DeskNoteStore;
  /** Who answers each turn key; in-process unless several processes share the sessions. */
  claims?: TurnClaims;
  /** Counts turn lease changes (metrics). */
  onLease?(change: LeaseChange): void;
  /** Message rates and connection slots; in-process unless several processes share the sessions. */
  limits?: Limits;
  /** Detects the user's language so agents answer in it; absent: never detected. */
  languages?: LanguageDetector;
  /** Where sessions' verified context and integration attributes are kept; absent: memory only. */
  contexts?: SessionContextStore;
  /** Where visitor connections are counted for every process; absent: this process only. */
  presence?: VisitorPresenceStore;
  /** Where sessions are linked to visitor ids; absent: this process only. */
  visitorSessions?: VisitorSessionStore;
  /**
   * The agent variant a session was started on (a Chat API `variant_id`), or null. Asked only
   * for sessions whose connector defines variants; absent: no session has one.
   */
  agentVariant?: (sessionId: string) => Promise<string | null>;
  /** Sends offline messages to connectors' webhooks; absent: they are kept for the desk only. */
  offlineWebhook?: OfflineWebhook;
  /** Counts offline messages and their webhook deliveries. */
  offlineObserver?: OfflineObserver;
  /** Where attached files' bytes are kept; erased with their session. Absent: no files. */
  blobs?: BlobStore;
  /** Resolves files attached to user messages; absent: such messages are refused. */
  attachments?: AttachmentResolver;
  /** Reports unexpected failures (bugs, store outages). */
  onError?(error: unknown, context: string): void;
}

export interface NewSessionInput {
  connectorId: string;
  subject: string;
  /** When the creating token expires (ms since the epoch). */
  subjectExpiresAt: number;
  streaming: boolean;
  platform: Platform;
  deviceType: DeviceType | null;
  userAgent: string | null;
  /** The connector's chunk layout setting. */
  chunkJoin: ChunkJoinSetting;
  /** The stable visitor id the client sent (not verified identity); links earlier conversations. */
  visitorId?: string | null;
  /** The page the conversation begins on and its referrer, as the widget sent them. */
  pageUrl?: string | null;
  referrer?: string | null;
}

/** Options of a delivery from outside a turn the core started. */
export interface DeliveryOptions {
  /** The turn's key (the caller's idempotency key): one key is delivered once. */
  key: string;
  /** Overrides the agent's deadline for this delivery. */
  deadlineMs?: number;
}

/** One open connection to a session, as the gateway drives it. */
export interface SessionLink {
  /** A frame from the client: its text, or null for a binary frame; `size` in bytes. */
  receive(text: string | null, size: number): void;
  /** The client went away; the session lives on. */
  disconnect(): void;
}

const DEFAULT_TURN_LEASE_MS = 15_000;
const DEFAULT_VISITOR_OFFLINE_GRACE_MS = 120_000;
/** A connection slot not refreshed for this long (its process died) is free again. */
const SLOT_TTL_MS = 60_000;

function slotGroup(sessionId: string): string {
  return `session:${sessionId}`;
}

const quietObserver: HubObserver = { eventSent() {}, eventReceived() {}, connectionsChanged() {} };

/** Owns the live sessions of this process. */
export class SessionHub {
  readonly #deps: HubDeps;
  readonly #events: EventFactory;
  readonly #agents: AgentDirectory;
  readonly #conversation: Conversation;
  /** The live-agent desk: handoff queues and the desk users' actions. */
  readonly desk: DeskService;
  /** Offline messages: offered when nobody can take a chat, kept, and sent to the webhook. */
  readonly offline: OfflineDesk;
  readonly #observer: HubObserver;
  readonly #sessions: SessionRegistry;
  readonly #sweeper: SessionSweeper;
  /** Slot holders reserved per session and not yet connected, oldest first. */
  readonly #reserved = new Map<string, string[]>();
  /** Every slot this process holds (reserved or connected): holder -> session id. */
  readonly #slots = new Map<string, string>();
  readonly #limits: Limits;
  #refreshing: TimerHandle | undefined;
  /** Client messages per session; idle buckets are swept, so erased sessions leave nothing. */
  readonly #frames: FrameDeps;
  readonly #claims: TurnClaims;
  readonly #facts: VisitorFacts;
  readonly #visitors: VisitorPresenceTracker;
  readonly #visitorLinks: VisitorSessionStore;
  /** Returning visitors' earlier conversations, by the visitor id their browser keeps. */
  readonly history: VisitorHistory;
  #closing = false;

  constructor(deps: HubDeps) {
    this.#deps = deps;
    this.#events = new EventFactory(deps.clock);
    this.#agents = new AgentDirectory(deps.store, deps.agents, deps.agentVariant);
    this.#observer = deps.observer ?? quietObserver;
    this.#claims = deps.claims ?? new InProcessTurnClaims();
    this.#limits = deps.limits ?? new InProcessLimits();
    this.#facts = new VisitorFacts(deps.store, deps.contexts, deps.clock);
    this.#sessions = new SessionRegistry(
      deps.store,
      deps.clock,
      (record, now) => this.#live(record, now),
      (id) => this.#claims.forget(id),
    );
    this.#sweeper = new SessionSweeper(
      this.#sessions,
      deps.store,
      deps.clock,
      deps.scheduler,
      deps.settings,
      (e, c) => deps.onError?.(e, c),
      deps.blobs,
    );

    const { streamWordsPerChunk, streamChunkDelayMs, thinkingIntervalMs } = deps.settings;
    const leaseMs = deps.settings.turnLeaseMs ?? DEFAULT_TURN_LEASE_MS;
    this.desk = new DeskService({
      store: deps.store,
      clock: deps.clock,
      scheduler: deps.scheduler,
      events: this.#events,
      graceMs: deps.settings.deskGraceMs,
      sessions: { load: (id) => this.#sessions.load(id) },
      rejoin: (session, after) => this.#conversation.rejoin(session, after),
      observer: deps.deskObserver,
      ...(deps.deskStatuses ? { statuses: deps.deskStatuses } : {}),
      ...(deps.deskNotes ? { notes: deps.deskNotes } : {}),
      queued: (id) =>
        this.#visitors
          .waiting(id)
          .catch((error: unknown) => deps.onError?.(error, "visitor presence")),
      ...(deps.deskSignals ? { signals: deps.deskSignals } : {}),
      onError: deps.onError,
    });
    this.#visitorLinks = deps.visitorSessions ?? new InProcessVisitorSessions();
    this.history = new VisitorHistory(this.#visitorLinks, deps.store);
    this.#visitors = new VisitorPresenceTracker({
      store: deps.presence ?? new InProcessPresence(),
      records: deps.store,
      clock: deps.clock,
      scheduler: deps.scheduler,
      graceMs: deps.settings.visitorOfflineGraceMs ?? DEFAULT_VISITOR_OFFLINE_GRACE_MS,
      sessions: { load: (id) => this.#sessions.load(id) },
      shown: () => this.desk.shownSessions(),
      changed: (id, presence) => this.desk.visitorPresence(id, presence),
      onError: (error, context) => deps.onError?.(error, context),
    });
    this.offline = new OfflineDesk({
      store: deps.store,
      clock: deps.clock,
      scheduler: deps.scheduler,
      id: () => this.#events.id(),
      load: (id) => this.#sessions.load(id),
      ...(deps.offlineWebhook ? { webhook: deps.offlineWebhook } : {}),
      ...(deps.offlineObserver ? { observer: deps.offlineObserver } : {}),
    });
    this.#conversation = new Conversation({
      offline: this.offline,
      store: deps.store,
      clock: deps.clock,
      agents: this.#agents,
      agentCacheMs: deps.settings.agentCacheMs,
      claims: this.#claims,
      scheduler: deps.scheduler,
      leaseMs,
      ...(deps.onLease ? { onLease: deps.onLease } : {}),
      facts: this.#facts,
      ...(deps.languages ? { languages: deps.languages } : {}),
      onError: deps.onError,
      desk: this.desk,
      ...(deps.attachments ? { attachments: deps.attachments } : {}),
      turn: {
        clock: deps.clock,
        events: this.#events,
        settings: { streamWordsPerChunk, streamChunkDelayMs, thinkingIntervalMs },
      },
    });
    handleTakeovers({
      claims: this.#claims,
      scheduler: deps.scheduler,
      clock: deps.clock,
      leaseMs,
      store: deps.store,
      sessions: { get: (id) => this.#sessions.get(id), load: (id) => this.#sessions.load(id) },
      engine: () => this.#conversation.engine,
      ...(deps.onLease ? { onLease: deps.onLease } : {}),
      onError: deps.onError,
    });
    this.#frames = {
      clock: deps.clock,
      limits: this.#limits,
      messageRule: {
        name: "ws-messages",
        perSecond: deps.settings.messagesPerSecond,
        burst: deps.settings.messageBurst,
      },
      frameLimits: deps.settings.frameLimits ?? DEFAULT_FRAME_LIMITS,
      observer: this.#observer,
      conversation: this.#conversation,
      activity: (live) => this.#sweeper.activity(live),
      failed: (live, error) => this.#fail(live, error, "client event"),
    };
  }

  /**
   * Loads the active sessions (one without an abandonment timer, from before timers were
   * durable, gets one from now), then starts the sweeper and the scheduler.
   */
  async start(): Promise<void> {
    for (const record of await this.#deps.store.listActiveSessions())
      await this.#sweeper.held(this.#sessions.hold(record, 0));
    await this.desk.start();
    await this.#sweeper.start();
    this.#visitors.start();
    this.#deps.scheduler.start();
    this.#refreshing = this.#deps.clock.setInterval(() => this.#refreshSlots(), SLOT_TTL_MS / 3);
  }

  /** Creates a session with its SESSION_START event; its client profile and chunk layout are fixed here. */
  async createSession(input: NewSessionInput): Promise<SessionRecord> {
    const now = this.#deps.clock.now();
    const id = this.#events.id();
    const { chunkJoin, visitorId = null, pageUrl = null, referrer = null, ...fields } = input;
    const clientProfile = clientProfileOf(input.userAgent);
    const chunkLayout = chunkLayoutFor(clientProfile, chunkJoin);
    const capabilities = {
      streaming: input.streaming,
      max_message_size_bytes: MAX_TEXT_BYTES,
      max_reconnect_attempts: MAX_RECONNECT_ATTEMPTS,
      heartbeat_interval_seconds: HEARTBEAT_INTERVAL_SECONDS,
      // Announced only when it differs from the documented concatenation (`chunkLayoutOf`).
      ...(chunkLayout === "space" ? { chunk_join: "space" } : {}),
    };
    // The id context tokens are bound to (`chat-api.md` §2): random, so it says nothing of the session.
    const contextId = crypto.randomUUID();
    const start = this.#events.durable("EVENT_TYPE_SESSION_START", {
      capabilities,
      context_id: contextId,
    });
    const { session } = await this.#deps.store.createSession(
      { id, ...fields, clientProfile, chunkLayout, createdAt: now },
      start,
    );
    if (visitorId || pageUrl || referrer)
      await this.history.link(session, { visitorId, pageUrl, referrer });
    const live = this.#sessions.hold(session, now);
    live.clientKeys = new Set();
    live.aiAgentHasJoined = false;
    await this.#sweeper.created(live);
    live.contextId = contextId;
    live.factsLoaded = true;
    return session;
  }

  /** The `context_id` of a session; undefined when there is no such session, null for one from before. */
  async contextIdOf(id: string): Promise<string | null | undefined> {
    const live = await this.#sessions.load(id);
    return live ? this.#facts.contextIdOf(live) : undefined;
  }

  /**
   * Replaces a session's verified context (durably; turns starting afterwards read it). False
   * when the session is unknown or ended.
   */
  async replaceVerifiedContext(id: string, verified: ContextFields): Promise<boolean> {
    const live = await this.#sessions.load(id);
    return live ? this.#facts.replaceVerified(live, verified) : false;
  }

  /**
   * Starts a conversation without a client connection (the Chat API): the session, its
   * integration attributes, the agent's join and its awaited greeting. `greeting` is null when
   * no agent could join (`error` says what the user would be told).
   */
  async startWithoutClient(
    input: NewSessionInput,
    attributes: ContextFields | null,
    beforeJoin?: (session: SessionRecord) => Promise<void>,
  ): Promise<{ session: SessionRecord; greeting: TurnOutcome | null; error?: SocketErrorCode }> {
    const session = await this.createSession(input);
    const live = await this.#sessions.load(session.id);
    if (!live) return { session, greeting: null, error: "session_lookup_failed" };
    if (attributes) await this.#facts.setAttributes(live, attributes);
    // What the caller keeps about the session (its variant) is there before the agent's first turn.
    await beforeJoin?.(live.record);
    const turn = await this.#conversation.joinWithoutClient(live);
    const greeting = turn.outcome ? await turn.outcome : null;
    return { session: live.record, greeting, ...(turn.error ? { error: turn.error } : {}) };
  }

  /**
   * A user message (or, `text` undefined, an empty turn) from a client without a connection: stored,
   * and with the AI agent present its turn awaited. During a handoff the desk gets the message and
   * `outcome` is null. After a client-managed handoff the AI agent first rejoins.
   */
  async messageWithoutClient(
    id: string,
    text: string | undefined,
  ): Promise<{ session: SessionRecord; outcome: TurnOutcome | null } | undefined> {
    const live = await this.#sessions.load(id);
    if (!live) return undefined;
    // Without a socket nothing else notices the idle timeout in time: it ends the session here too.
    if (!live.ended && (await this.#idleWithoutClient(live))) {
      await this.#endIdle(live);
      return { session: live.record, outcome: null };
    }
    if (!live.ended && live.record.agentStatus === "none") {
      const rejoin = await this.#conversation.joinWithoutClient(live);
      if (rejoin.outcome) await rejoin.outcome;
    }
    const turn = await this.#conversation.messageWithoutClient(live, text);
    const outcome = turn.outcome ? await turn.outcome : null;
    return { session: live.record, outcome };
  }

  /** Ends a session as its user would (USER_END_SESSION, REASON_USER_END); false when it had ended. */
  async endByUser(id: string): Promise<boolean> {
    const live = await this.#sessions.load(id);
    if (!live) return false;
    return live.exclusive(async () => {
      if (live.ended) return false;
      await live.commit(
        [
          { type: "EVENT_TYPE_USER_END_SESSION", payload: {} },
          { type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_USER_END" } },
        ],
        { state: "ended", endReason: "REASON_USER_END", endedAt: this.#deps.clock.now() },
      );
      return true;
    });
  }

  /** A session's verified context and integration attributes, as its agent reads them. */
  async visitorFacts(id: string) {
    const live = await this.#sessions.load(id);
    if (!live) return undefined;
    await this.#facts.load(live);
    return { verified: live.verifiedContext, attributes: live.integrationAttributes };
  }

  /** Whether the visitor of each session is connected now (to any process), and since when. */
  visitorPresence(ids: readonly string[]): Promise<Map<string, VisitorPresence>> {
    return this.#visitors.presenceOf(ids);
  }

  /** The session, from memory or the store; undefined when there is none. */
  async getSession(id: string): Promise<SessionRecord | undefined> {
    return (await this.#sessions.load(id))?.record;
  }

  /** Binds a session to another token subject, or records a later expiry of its own (token renewal). */
  async rebind(
    id: string,
    patch: Pick<SessionPatch, "subject" | "subjectExpiresAt">,
  ): Promise<void> {
    const live = await this.#sessions.load(id);
    await live?.exclusive(() => live.commit([], patch));
  }

  /**
   * Claims one of the session's connection slots, counted across every process; false when
   * all are taken. A slot is kept while this process refreshes it, so a dead one's go free.
   */
  async reserveConnection(id: string): Promise<boolean> {
    if (this.#closing) return false;
    const holder = this.#events.id();
    const now = this.#deps.clock.now();
    const group = slotGroup(id);
    if (!(await this.#limits.acquire(group, holder, MAX_CONNECTIONS_PER_SESSION, now, SLOT_TTL_MS)))
      return false;
    this.#reserved.set(id, [...(this.#reserved.get(id) ?? []), holder]);
    this.#slots.set(holder, id);
    return true;
  }

  /** Gives back a slot claimed with `reserveConnection` and not used. */
  releaseConnection(id: string): void {
    const holder = this.#takeReserved(id);
    if (holder) this.#releaseSlot(holder);
  }

  #takeReserved(id: string): string | undefined {
    const holders = this.#reserved.get(id);
    const holder = holders?.shift();
    if (holders?.length === 0) this.#reserved.delete(id);
    return holder;
  }

  #releaseSlot(holder: string): void {
    const id = this.#slots.get(holder);
    if (id === undefined) return;
    this.#slots.delete(holder);
    this.#limits
      .release(slotGroup(id), holder)
      .catch((error: unknown) => this.#deps.onError?.(error, "connection slot"));
  }

  #refreshSlots(): void {
    const now = this.#deps.clock.now();
    for (const [holder, id] of this.#slots)
      this.#limits
        .refresh(slotGroup(id), holder, now, SLOT_TTL_MS)
        .catch((error: unknown) => this.#deps.onError?.(error, "connection slot"));
  }

  /**
   * Attaches a connection (holding a reserved slot): subscribes to the session's events, then
   * replays after `cursor` from the store and goes live, so nothing committed meanwhile is
   * missed. A bus that cannot subscribe now closes the connection with 1013 (the client comes
   * back with its cursor).
   */
  async connect(
    id: string,
    connection: ClientConnection,
    cursor: number,
  ): Promise<SessionLink | undefined> {
    // The slot is held (in the deployment's limits) for as long as the connection lasts.
    const holder = this.#takeReserved(id);
    const attached = await this.#attach(id, connection);
    if (!attached?.unsubscribe || this.#closing) {
      if (holder) this.#releaseSlot(holder);
      attached?.unsubscribe?.();
    }
    if (!attached) {
      connection.close(CLOSE_CODES.invalidSession, "session not found");
      return undefined;
    }
    const { live, feed, unsubscribe } = attached;
    if (!unsubscribe) {
      connection.close(CLOSE_CODES.tryAgainLater, "try again later");
      return undefined;
    }
    if (this.#closing) {
      connection.close(CLOSE_CODES.goingAway, "server shutting down");
      return undefined;
    }
    live.feeds.add(feed);
    this.#observer.connectionsChanged(1);
    // The visitor's presence: one row per connection, wherever it is held.
    const presenceHolder = this.#events.id();
    let gone = false;
    const link: SessionLink = {
      receive: (text, size) => receiveFrame(live, feed, text, size, this.#frames),
      disconnect: () => {
        if (gone) return;
        gone = true;
        unsubscribe();
        feed.detach();
        if (holder) this.#releaseSlot(holder);
        live.feeds.delete(feed);
        this.#observer.connectionsChanged(-1);
        this.#visitors
          .closed(live, presenceHolder)
          .catch((error: unknown) => this.#deps.onError?.(error, "visitor presence"));
      },
    };
    try {
      await feed.start(cursor);
    } catch (error) {
      // The gateway closes the socket; the slot and the subscription must not outlive it.
      link.disconnect();
      throw error;
    }
    if (live.ended && !feed.closed) feed.close(CLOSE_CODES.normal, "session ended");
    else if (!gone)
      await this.#visitors
        .opened(id, presenceHolder)
        .catch((error: unknown) => this.#deps.onError?.(error, "visitor presence"));
    const status = this.desk.currentStatus(id, live.record.language);
    if (status) live.reply(feed, "EVENT_TYPE_HANDOFF_QUEUE_STATUS", status);
    return link;
  }

  /**
   * Delivers an AI agent's output into a session from outside a turn the core started (a
   * webhook bot replying later): the parts run as a turn keyed by `options.key`, queued behind
   * the session's other turns, with the same chunking, THINKING, deadline and actions. A key
   * already delivered gets the first delivery's outcome. Refused (as a value) when the session
   * is unknown, ended, or not with its AI agent.
   */
  async deliverAgentParts(
    sessionId: string,
    parts: AsyncIterable<AgentPart>,
    options: DeliveryOptions,
  ): Promise<TurnOutcome> {
    const live = await this.#sessions.load(sessionId);
    if (!live)
      return { ...emptyOutcome(options.key, "refused", null), refusal: "session_not_found" };
    return this.#conversation.engine.deliver(live, options.key, parts, options.deadlineMs);
  }

  /**
   * Pushes an AI agent's output into a session from outside, piece by piece (the agent API: one
   * HTTP request per message or chunk). The parts join the turn awaiting them (the turn named by
   * `options.replyTo`, or the one reading `context.pushedReply()`), else they start a turn of
   * their own that later pushes extend until one says `complete`. Refused (as a value) when the
   * session is unknown, ended, or not with its AI agent. A push repeated with the same
   * `options.id` is applied once and answered like the first.
   */
  async pushAgentParts(
    sessionId: string,
    parts: readonly AgentPart[],
    options: PushOptions,
  ): Promise<PushResult> {
    const live = await this.#sessions.load(sessionId);
    if (!live) return { ok: false, refusal: "session_not_found" };
    return this.#conversation.engine.push(live, parts, options);
  }

  // The session, a feed for the connection and its live subscription (undefined when the bus
  // cannot subscribe now); undefined when there is no such session.
  async #attach(id: string, connection: ClientConnection) {
    const live = await this.#sessions.load(id);
    if (!live) return undefined;
    const feed = new ConnectionFeed(connection, this.#deps.store, id, this.#events, {
      onSent: (t) => this.#observer.eventSent(t),
      maxQueuedBytes: this.#deps.settings.maxQueuedBytes,
      clock: this.#deps.clock,
      positionCheckMs: this.#deps.settings.positionCheckMs,
    });
    // Other processes may have moved the session on since this copy was loaded.
    live.markBehind();
    return { live, feed, unsubscribe: await this.#subscribe(live, feed) };
  }

  // A live subscription for the feed, or undefined when the bus cannot subscribe now.
  async #subscribe(live: LiveSession, feed: ConnectionFeed): Promise<(() => void) | undefined> {
    const id = live.id;
    try {
      return await this.#deps.bus.subscribe(id, {
        event: (event) => {
          if (event.sequence !== null) live.markBehind(event.sequence);
          feed.push(event);
        },
        lost: () => feed.check(),
      });
    } catch (error) {
      this.#deps.onError?.(error, "bus subscribe");
      return undefined;
    }
  }

  /** Shows the AI agent as working (POLY_AGENT_THINKING); false when it is not in the session. */
  async agentTyping(sessionId: string): Promise<boolean> {
    const live = await this.#sessions.load(sessionId);
    if (!live || live.ended || live.record.agentStatus !== "ai") return false;
    live.broadcast("EVENT_TYPE_POLY_AGENT_THINKING", {});
    return true;
  }

  /** Erases a session: connections closed (4001), events and record deleted. */
  async erase(id: string): Promise<boolean> {
    const live = this.#sessions.get(id);
    // The bytes first: a failure leaves the session erasable again, never orphaned bytes.
    await this.#deps.blobs?.deleteSession(id);
    if (!live) {
      this.#sweeper.ended(id);
      return this.#deps.store.deleteSession(id);
    }
    live.stopTurns("erased");
    return live.exclusive(async () => {
      live.record = { ...live.record, state: "ended" };
      for (const feed of live.feeds) feed.close(CLOSE_CODES.invalidSession, "session erased");
      this.#sessions.forget(id);
      this.desk.forget(id);
      this.#visitors.forget(id);
      if (this.#visitorLinks instanceof InProcessVisitorSessions) this.#visitorLinks.forget(id);
      this.#sweeper.ended(id);
      return this.#deps.store.deleteSession(id);
    });
  }

  /** Closes every connection with 1001 and waits (up to `timeoutMs`) for pending writes. */
  async shutdown(timeoutMs: number): Promise<void> {
    this.#closing = true;
    this.#sweeper.stop();
    const visitorsStopped = this.#visitors.stop();
    this.#refreshing?.cancel();
    this.desk.stop();
    const pending: Promise<unknown>[] = [];
    for (const [, live] of this.#sessions) {
      live.stopTurns("shutdown");
      for (const feed of live.feeds) feed.close(CLOSE_CODES.goingAway, "server shutting down");
      pending.push(live.exclusive(async () => undefined));
    }
    pending.push(visitorsStopped, this.#deps.scheduler.stop());
    await settleWithin(this.#deps.clock, timeoutMs, Promise.all(pending));
  }

  // The agent hears that the session ended (webhook bots act on it); only sessions it joined.
  #notifyEnd(session: LiveSession, end: StoredEvent): void {
    const engine = this.#conversation.engine;
    const notify = async () => {
      const lookup = await engine.agentFor(session);
      if (!lookup.ok || lookup.agent.notify === undefined) return;
      const joined = await this.#deps.store.findFirstEvent(
        session.id,
        "EVENT_TYPE_POLY_AGENT_JOINED",
      );
      if (!joined) return;
      const reason = session.record.endReason ?? "REASON_NATURAL_END";
      const view = await engine.view(session, lookup.agent, null, lookup);
      await lookup.agent.notify({ type: "session_end", reason, key: end.id }, view);
    };
    notify().catch((error: unknown) => this.#deps.onError?.(error, "agent notice"));
  }

  /**
   * Whether a session answered without a socket has been idle for the timeout. This process
   * may not have seen its last activity (another served it, or it was loaded just now): before
   * calling it idle, the store's last write to it counts too.
   */
  async #idleWithoutClient(live: LiveSession): Promise<boolean> {
    const { sessionTimeoutMs } = this.#deps.settings;
    const now = this.#deps.clock.now();
    if (now - live.lastActivity < sessionTimeoutMs) return false;
    const stored = await this.#deps.store.getSession(live.id);
    return now - Math.max(live.lastActivity, stored?.updatedAt ?? 0) >= sessionTimeoutMs;
  }

  #endIdle(live: LiveSession): Promise<void> {
    return live.exclusive(async () => {
      if (live.ended) return;
      await live.commit(
        [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_USER_ABANDONED" } }],
        { state: "ended", endReason: "REASON_USER_ABANDONED", endedAt: this.#deps.clock.now() },
      );
    });
  }

  #fail(live: LiveSession, error: unknown, context: string): void {
    this.#deps.onError?.(error, context);
    live.broadcastError(protocolError("session_lookup_failed"));
  }

  #live(record: SessionRecord, now: number): LiveSession {
    const live = new LiveSession(
      record,
      this.#deps.store,
      this.#deps.bus,
      this.#events,
      now,
      (session, events) => {
        this.desk.sessionEvents(session, events);
        const end = events.find((e) => e.type === "EVENT_TYPE_SESSION_END");
        if (end) {
          this.#sweeper.ended(session.id);
          this.#notifyEnd(session, end);
        }
      },
    );
    // A session loaded with its AI agent present was greeted before (a repeated join must not greet again).
    live.greeted = record.agentStatus === "ai";
    return live;
  }
}
