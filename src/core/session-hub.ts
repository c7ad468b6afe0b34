// The sessions of this process: creating, connecting, ending by abandonment, erasing, shutting down.
import {
  CLOSE_CODES,
  type DeviceType,
  type EventType,
  HEARTBEAT_INTERVAL_SECONDS,
  MAX_CLIENT_EVENT_BYTES,
  MAX_CONNECTIONS_PER_SESSION,
  MAX_MESSAGE_SIZE_BYTES,
  MAX_RECONNECT_ATTEMPTS,
  type Platform,
  parseClientFrame,
  protocolError,
} from "../protocol/index.js";
import { AgentDirectory } from "./agent-directory.js";
import type { TurnSettings } from "./agent-turn.js";
import { type ClientConnection, ConnectionFeed } from "./connection-feed.js";
import { Conversation } from "./conversation.js";
import { type DeskObserver, DeskService } from "./desk/desk-service.js";
import { EventFactory } from "./event-factory.js";
import { frameProblemError } from "./frame-problems.js";
import { LiveSession } from "./live-session.js";
import type { AgentFactory, Bus, Clock, Store, TimerHandle } from "./ports.js";
import type { SessionRecord } from "./records.js";
import { RateLimiter } from "./token-bucket.js";

export interface HubSettings extends TurnSettings {
  sessionTimeoutMs: number;
  retentionMs: number;
  messagesPerSecond: number;
  messageBurst: number;
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
  /** Reports unexpected failures (bugs, store outages). */
  onError?(error: unknown, context: string): void;
}

export interface NewSessionInput {
  connectorId: string;
  subject: string;
  streaming: boolean;
  platform: Platform;
  deviceType: DeviceType | null;
  userAgent: string | null;
}

/** One open connection to a session, as the gateway drives it. */
export interface SessionLink {
  /** A frame from the client: its text, or null for a binary frame; `size` in bytes. */
  receive(text: string | null, size: number): void;
  /** The client went away; the session lives on. */
  disconnect(): void;
}

const PURGE_EVERY_MS = 10 * 60_000;
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
  readonly #sessions = new Map<string, LiveSession>();
  readonly #loading = new Map<string, Promise<LiveSession | undefined>>();
  readonly #reserved = new Map<string, number>();
  /** Client messages per session; idle buckets are swept, so erased sessions leave nothing. */
  readonly #messageLimit: RateLimiter;
  #sweeper: TimerHandle | undefined;
  #lastPurge = 0;
  #closing = false;

  constructor(deps: HubDeps) {
    this.#deps = deps;
    this.#events = new EventFactory(deps.clock);
    this.#agents = new AgentDirectory(deps.store, deps.agents);
    this.#observer = deps.observer ?? quietObserver;
    this.#messageLimit = new RateLimiter(
      deps.settings.messagesPerSecond,
      deps.settings.messageBurst,
    );
    const { streamWordsPerChunk, streamChunkDelayMs, thinkingIntervalMs } = deps.settings;
    this.desk = new DeskService({
      store: deps.store,
      clock: deps.clock,
      events: this.#events,
      graceMs: deps.settings.deskGraceMs,
      sessions: { load: (id) => this.#load(id) },
      rejoin: (session) => this.#conversation.rejoin(session),
      observer: deps.deskObserver,
      onError: deps.onError,
    });
    this.#conversation = new Conversation({
      store: deps.store,
      clock: deps.clock,
      agents: this.#agents,
      agentCacheMs: deps.settings.agentCacheMs,
      onError: deps.onError,
      desk: this.desk,
      turn: {
        clock: deps.clock,
        events: this.#events,
        settings: { streamWordsPerChunk, streamChunkDelayMs, thinkingIntervalMs },
      },
    });
  }

  /** Loads the active sessions (their abandonment clocks restart now) and starts the sweeper. */
  async start(): Promise<void> {
    const now = this.#deps.clock.now();
    for (const record of await this.#deps.store.listActiveSessions()) {
      if (!this.#sessions.has(record.id)) this.#sessions.set(record.id, this.#live(record, now));
    }
    await this.desk.start();
    const { sessionTimeoutMs } = this.#deps.settings;
    const every = Math.max(50, Math.min(15_000, Math.floor(sessionTimeoutMs / 4)));
    this.#sweeper = this.#deps.clock.setInterval(() => void this.#sweep(), every);
  }

  /** Creates a session with its SESSION_START event. */
  async createSession(input: NewSessionInput): Promise<SessionRecord> {
    const now = this.#deps.clock.now();
    const id = this.#events.id();
    const capabilities = {
      streaming: input.streaming,
      max_message_size_bytes: MAX_MESSAGE_SIZE_BYTES,
      max_reconnect_attempts: MAX_RECONNECT_ATTEMPTS,
      heartbeat_interval_seconds: HEARTBEAT_INTERVAL_SECONDS,
    };
    const start = this.#events.durable("EVENT_TYPE_SESSION_START", { capabilities });
    const { session } = await this.#deps.store.createSession(
      { id, ...input, createdAt: now },
      start,
    );
    const live = this.#live(session, now);
    live.clientKeys = new Set();
    this.#sessions.set(id, live);
    return session;
  }

  /** The session, from memory or the store; undefined when there is none. */
  async getSession(id: string): Promise<SessionRecord | undefined> {
    return (await this.#load(id))?.record;
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
    const live = await this.#load(id);
    if (!live) {
      connection.close(CLOSE_CODES.invalidSession, "session not found");
      return undefined;
    }
    const feed = new ConnectionFeed(connection, this.#deps.store, id, this.#events, (t) =>
      this.#observer.eventSent(t),
    );
    const unsubscribe = this.#deps.bus.subscribe(id, (event) => feed.push(event));
    live.feeds.add(feed);
    this.#observer.connectionsChanged(1);
    let gone = false;
    const link: SessionLink = {
      receive: (text, size) => this.#receive(live, feed, text, size),
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

  /** Erases a session: connections closed (4001), events and record deleted. */
  async erase(id: string): Promise<boolean> {
    const live = this.#sessions.get(id);
    if (!live) return this.#deps.store.deleteSession(id);
    live.generation += 1;
    return live.exclusive(async () => {
      live.record = { ...live.record, state: "ended" };
      for (const feed of live.feeds) feed.close(CLOSE_CODES.invalidSession, "session erased");
      this.#sessions.delete(id);
      this.desk.forget(id);
      return this.#deps.store.deleteSession(id);
    });
  }

  /** Closes every connection with 1001 and waits (up to `timeoutMs`) for pending writes. */
  async shutdown(timeoutMs: number): Promise<void> {
    this.#closing = true;
    this.#sweeper?.cancel();
    this.desk.stop();
    const pending: Promise<unknown>[] = [];
    for (const live of this.#sessions.values()) {
      for (const feed of live.feeds) feed.close(CLOSE_CODES.goingAway, "server shutting down");
      pending.push(live.exclusive(async () => undefined));
    }
    await Promise.race([Promise.all(pending), this.#deps.clock.sleep(timeoutMs)]);
  }

  #receive(live: LiveSession, feed: ConnectionFeed, text: string | null, size: number): void {
    const now = this.#deps.clock.now();
    live.lastActivity = now;
    if (size > MAX_CLIENT_EVENT_BYTES) {
      // Answered without echoing metadata, so the answer itself stays under the frame limit.
      const reason = `event is larger than ${MAX_CLIENT_EVENT_BYTES} bytes`;
      live.replyError(feed, protocolError("invalid_payload", { reason }));
      return;
    }
    const parsed = text === null ? null : parseClientFrame(text);
    const metadata = parsed?.ok ? parsed.event.metadata : parsed?.metadata;
    // Heartbeats are exempt: clients send them on a timer and they cost nothing to answer.
    const heartbeat = parsed?.ok === true && parsed.event.type === "EVENT_TYPE_HEARTBEAT";
    if (!heartbeat && this.#messageLimit.take(live.id, now) > 0) {
      live.replyError(feed, protocolError("message_rate_limited"), metadata);
      return;
    }
    if (!parsed?.ok) {
      this.#observer.eventReceived("invalid");
      live.replyError(feed, frameProblemError(parsed?.problem), metadata);
      return;
    }
    this.#observer.eventReceived(parsed.event.type);
    this.#conversation
      .handle(live, feed, parsed.event)
      .catch((error: unknown) => this.#fail(live, error, "client event"));
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
      (session, events) => this.desk.sessionEvents(session, events),
    );
    // A session loaded with its AI agent present was greeted before (a repeated join must not greet again).
    live.greeted = record.agentStatus === "ai";
    return live;
  }

  async #load(id: string): Promise<LiveSession | undefined> {
    const cached = this.#sessions.get(id);
    if (cached) return cached;
    let loading = this.#loading.get(id);
    if (!loading) {
      loading = this.#deps.store
        .getSession(id)
        .then((record) => {
          if (!record) return undefined;
          const existing = this.#sessions.get(id);
          if (existing) return existing;
          const live = this.#live(record, this.#deps.clock.now());
          this.#sessions.set(id, live);
          return live;
        })
        // A failed read is not remembered: the next caller asks the store again.
        .finally(() => this.#loading.delete(id));
      this.#loading.set(id, loading);
    }
    return loading;
  }

  async #sweep(): Promise<void> {
    const now = this.#deps.clock.now();
    const { sessionTimeoutMs, retentionMs } = this.#deps.settings;
    for (const [id, live] of this.#sessions) {
      if (live.ended) {
        if (live.feeds.size === 0 && live.turns.pending === 0) this.#sessions.delete(id);
      } else if (now - live.lastActivity >= sessionTimeoutMs) {
        void this.#abandon(live).catch((error: unknown) => this.#deps.onError?.(error, "abandon"));
      }
    }
    if (now - this.#lastPurge >= Math.min(PURGE_EVERY_MS, Math.max(retentionMs, 1000))) {
      this.#lastPurge = now;
      await this.#deps.store
        .purgeEndedBefore(now - retentionMs)
        .catch((error: unknown) => this.#deps.onError?.(error, "purge"));
    }
  }

  #abandon(live: LiveSession): Promise<void> {
    return live.exclusive(async () => {
      if (live.ended) return;
      live.generation += 1;
      await live.commit(
        [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_USER_ABANDONED" } }],
        {
          state: "ended",
          endReason: "REASON_USER_ABANDONED",
          endedAt: this.#deps.clock.now(),
        },
      );
    });
  }
}
