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
import { LiveSession } from "./live-session.js";
import type {
  AgentFactory,
  AgentPart,
  Bus,
  Clock,
  DeskNoteStore,
  DeskStatusStore,
  LanguageDetector,
  Store,
  TurnClaims,
  TurnOutcome,
} from "./ports.js";
import type { ChunkJoinSetting, SessionPatch, SessionRecord, StoredEvent } from "./records.js";
import { SessionRegistry } from "./session-registry.js";
import { SessionSweeper } from "./session-sweeper.js";
import { RateLimiter } from "./token-bucket.js";
import { InProcessTurnClaims } from "./turn-claims.js";
import { emptyOutcome } from "./turn-engine.js";
import type { TurnSettings } from "./turn-run.js";

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
  agents: AgentFactory;
  settings: HubSettings;
  observer?: HubObserver;
  deskObserver?: DeskObserver;
  /** Keeps desk users' chosen statuses; absent: in memory only. */
  deskStatuses?: DeskStatusStore;
  /** Keeps internal notes; absent: notes last until the process stops. */
  deskNotes?: DeskNoteStore;
  /** Who answers each turn key; in-process unless several processes share the sessions. */
  claims?: TurnClaims;
  /** Detects the user's language so agents answer in it; absent: never detected. */
  languages?: LanguageDetector;
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

const quietObserver: HubObserver = { eventSent() {}, eventReceived() {}, connectionsChanged() {} };

/** Owns the live sessions of this process. */
export class SessionHub {
  readonly #deps: HubDeps;
  readonly #events: EventFactory;
  readonly #agents: AgentDirectory;
  readonly #conversation: Conversation;
  /** The live-agent desk: handoff queues and the desk users' actions. */
  readonly desk: DeskService;
  readonly #observer: HubObserver;
  readonly #sessions: SessionRegistry;
  readonly #sweeper: SessionSweeper;
  readonly #reserved = new Map<string, number>();
  /** Client messages per session; idle buckets are swept, so erased sessions leave nothing. */
  readonly #frames: FrameDeps;
  readonly #claims: TurnClaims;
  #closing = false;

  constructor(deps: HubDeps) {
    this.#deps = deps;
    this.#events = new EventFactory(deps.clock);
    this.#agents = new AgentDirectory(deps.store, deps.agents);
    this.#observer = deps.observer ?? quietObserver;
    this.#claims = deps.claims ?? new InProcessTurnClaims();
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
      deps.settings,
      (e, c) => deps.onError?.(e, c),
    );

    const { streamWordsPerChunk, streamChunkDelayMs, thinkingIntervalMs } = deps.settings;
    this.desk = new DeskService({
      store: deps.store,
      clock: deps.clock,
      events: this.#events,
      graceMs: deps.settings.deskGraceMs,
      sessions: { load: (id) => this.#sessions.load(id) },
      rejoin: (session, after) => this.#conversation.rejoin(session, after),
      observer: deps.deskObserver,
      ...(deps.deskStatuses ? { statuses: deps.deskStatuses } : {}),
      ...(deps.deskNotes ? { notes: deps.deskNotes } : {}),
      onError: deps.onError,
    });
    this.#conversation = new Conversation({
      store: deps.store,
      clock: deps.clock,
      agents: this.#agents,
      agentCacheMs: deps.settings.agentCacheMs,
      claims: this.#claims,
      ...(deps.languages ? { languages: deps.languages } : {}),
      onError: deps.onError,
      desk: this.desk,
      turn: {
        clock: deps.clock,
        events: this.#events,
        settings: { streamWordsPerChunk, streamChunkDelayMs, thinkingIntervalMs },
      },
    });
    this.#frames = {
      clock: deps.clock,
      limiter: new RateLimiter(deps.settings.messagesPerSecond, deps.settings.messageBurst),
      limits: deps.settings.frameLimits ?? DEFAULT_FRAME_LIMITS,
      observer: this.#observer,
      conversation: this.#conversation,
      failed: (live, error) => this.#fail(live, error, "client event"),
    };
  }

  /** Loads the active sessions (their abandonment clocks restart now) and starts the sweeper. */
  async start(): Promise<void> {
    const now = this.#deps.clock.now();
    for (const record of await this.#deps.store.listActiveSessions())
      this.#sessions.hold(record, now);
    await this.desk.start();
    this.#sweeper.start();
  }

  /** Creates a session with its SESSION_START event; its client profile and chunk layout are fixed here. */
  async createSession(input: NewSessionInput): Promise<SessionRecord> {
    const now = this.#deps.clock.now();
    const id = this.#events.id();
    const { chunkJoin, ...fields } = input;
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
    const start = this.#events.durable("EVENT_TYPE_SESSION_START", { capabilities });
    const { session } = await this.#deps.store.createSession(
      { id, ...fields, clientProfile, chunkLayout, createdAt: now },
      start,
    );
    const live = this.#sessions.hold(session, now);
    live.clientKeys = new Set();
    live.aiAgentHasJoined = false;
    return session;
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

  /** Claims one of the session's connection slots; false when all are taken. */
  reserveConnection(id: string): boolean {
    const open = (this.#sessions.get(id)?.feeds.size ?? 0) + (this.#reserved.get(id) ?? 0);
    if (open >= MAX_CONNECTIONS_PER_SESSION || this.#closing) return false;
    this.#reserved.set(id, (this.#reserved.get(id) ?? 0) + 1);
    return true;
  }

  /** Gives back a slot claimed with `reserveConnection` and not used. */
  releaseConnection(id: string): void {
    const left = (this.#reserved.get(id) ?? 1) - 1;
    if (left > 0) this.#reserved.set(id, left);
    else this.#reserved.delete(id);
  }

  /** Attaches a connection (holding a reserved slot): replays after `cursor`, then live. */
  async connect(
    id: string,
    connection: ClientConnection,
    cursor: number,
  ): Promise<SessionLink | undefined> {
    this.releaseConnection(id);
    const live = await this.#sessions.load(id);
    if (!live) {
      connection.close(CLOSE_CODES.invalidSession, "session not found");
      return undefined;
    }
    const feed = new ConnectionFeed(
      connection,
      this.#deps.store,
      id,
      this.#events,
      (t) => this.#observer.eventSent(t),
      this.#deps.settings.maxQueuedBytes,
    );
    const unsubscribe = this.#deps.bus.subscribe(id, (event) => feed.push(event));
    live.feeds.add(feed);
    this.#observer.connectionsChanged(1);
    let gone = false;
    const link: SessionLink = {
      receive: (text, size) => receiveFrame(live, feed, text, size, this.#frames),
      disconnect: () => {
        if (gone) return;
        gone = true;
        unsubscribe();
        live.feeds.delete(feed);
        this.#observer.connectionsChanged(-1);
      },
    };
    try {
      await feed.start(cursor, live.record.lastSequence);
    } catch (error) {
      // The gateway closes the socket; the slot and the subscription must not outlive it.
      link.disconnect();
      throw error;
    }
    if (live.ended && !feed.closed) feed.close(CLOSE_CODES.normal, "session ended");
    const status = this.desk.currentStatus(id);
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
    if (!live) return this.#deps.store.deleteSession(id);
    live.stopTurns("erased");
    return live.exclusive(async () => {
      live.record = { ...live.record, state: "ended" };
      for (const feed of live.feeds) feed.close(CLOSE_CODES.invalidSession, "session erased");
      this.#sessions.forget(id);
      this.desk.forget(id);
      return this.#deps.store.deleteSession(id);
    });
  }

  /** Closes every connection with 1001 and waits (up to `timeoutMs`) for pending writes. */
  async shutdown(timeoutMs: number): Promise<void> {
    this.#closing = true;
    this.#sweeper.stop();
    this.desk.stop();
    const pending: Promise<unknown>[] = [];
    for (const [, live] of this.#sessions) {
      live.stopTurns("shutdown");
      for (const feed of live.feeds) feed.close(CLOSE_CODES.goingAway, "server shutting down");
      pending.push(live.exclusive(async () => undefined));
    }
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
        if (end) this.#notifyEnd(session, end);
      },
    );
    // A session loaded with its AI agent present was greeted before (a repeated join must not greet again).
    live.greeted = record.agentStatus === "ai";
    return live;
  }
}
