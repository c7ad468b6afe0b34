// One session in memory: its record, its connections, and the one queue its changes go through.
import {
  type EventMetadata,
  type EventType,
  encodeEvent,
  type ProtocolError,
  type SocketErrorCode,
  systemMessagePayload,
} from "../protocol/index.js";
import type { AgentLookup } from "./agent-directory.js";
import type { AgentInbox } from "./agent-inbox.js";
import type { ConnectionFeed } from "./connection-feed.js";
import type { EventFactory } from "./event-factory.js";
import type { HeldMessage } from "./held-messages.js";
import type { AppendRefusal, Bus, ContextValue, Store, TurnOutcome, TurnStop } from "./ports.js";
import type { NewEvent, SessionPatch, SessionRecord, StoredEvent } from "./records.js";
import { SerialQueue } from "./serial-queue.js";
import type { Transcript } from "./transcript.js";
import type { PendingTurn } from "./turn-engine.js";
import type { RunningTurn } from "./turn-run.js";
import { visitorSystemMessage } from "./visitor-texts.js";

/** How many times a decision is made when another process keeps patching the session first. */
export const DECISION_ATTEMPTS = 3;

/**
 * A conditional append refused because another process patched the session after this copy
 * decided (`stale_revision`). `commit` throws it once the copy holds the stored record, and
 * `exclusive` makes the decision again from that record; after `DECISION_ATTEMPTS` it reaches
 * the caller, as any failure does (the client is told, the error logged), never dropped.
 */
export class StaleDecision extends Error {
  readonly code = "stale_revision";

  constructor(sessionId: string) {
    super(`session ${sessionId} kept changing on another process; the change was not recorded`);
    this.name = "StaleDecision";
  }
}

/** An event the session is about to record: type, payload and what the client attached. */
export interface Pending {
  type: EventType;
  payload: object;
  metadata?: EventMetadata;
  clientKey?: string;
}

/**
 * A session held in memory. Every change goes through `#changes`, so the store assigns
 * sequences in the order the session decided them and the bus publishes in that order.
 */
export class LiveSession {
  record: SessionRecord;
  readonly feeds = new Set<ConnectionFeed>();
  /** Agent turns (greeting, replies) run one after another in their own queue. */
  readonly turns = new SerialQueue();
  /** The turn producing output now; stopped when the session ends or leaves the AI agent. */
  running: RunningTurn | undefined;
  /** Turns queued or running, so an interrupting message can supersede them. */
  readonly pendingTurns = new Set<PendingTurn>();
  /** Recent turn outcomes by key: a repeated request awaits the first one. */
  readonly outcomes = new Map<string, Promise<TurnOutcome>>();
  /** Agent output pushed from outside (the agent API); made on the first turn or push. */
  inbox: AgentInbox | undefined;
  /** The conversation as agents see it; built on the first turn that needs history. */
  transcript: Transcript | undefined;
  /** The agent's per-session scratch space (in memory only). */
  readonly memory = new Map<string, unknown>();
  /** The id a context token must carry as `sub`; undefined until read, null for sessions from before. */
  contextId: string | null | undefined;
  /** Whether the visitor facts below were read from the store (or set) yet. */
  factsLoaded = false;
  /** Signed facts about the visitor (verified context), frozen; null when none were accepted. */
  verifiedContext: Readonly<Record<string, ContextValue>> | null = null;
  /** Unverified attributes a Chat API client gave; null when none. */
  integrationAttributes: Readonly<Record<string, ContextValue>> | null = null;
  /** Joins that failed in a row (`sdk-expectations.md` rule 25). */
  failedJoins = 0;
  /** How far a live agent marked the session read (LIVE_AGENT_SEEN); 0 until then, and after a reload from the store. */
  seenUpTo = 0;
  /** Whether the agent's greeting has been sent since it (re)joined. */
  greeted = false;
  /** Milliseconds since the epoch of the last client message this process saw (0: none yet). */
  lastActivity: number;
  /** When the abandonment timer is due, as this process last set it (0: unknown). */
  abandonAt = 0;
  /**
   * Idempotency keys stored in this session, when all are known (sessions created by this
   * process); null after a load from the store, when only the store knows them.
   */
  clientKeys: Set<string> | null = null;
  /** Whether the AI agent ever joined; undefined after a load until someone asks the store. */
  aiAgentHasJoined: boolean | undefined;
  /** User messages written while the AI agent was away (`held-messages.ts`). */
  readonly heldMessages: HeldMessage[] = [];
  /** The agent answering, kept for a few seconds so turns do not re-read the store. */
  agentLookup: { lookup: AgentLookup; at: number } | undefined;
  readonly #changes = new SerialQueue();
  readonly #store: Store;
  #behind = false;
  readonly #bus: Bus;
  readonly #events: EventFactory;
  readonly #onCommitted: (session: LiveSession, events: readonly StoredEvent[]) => void;

  constructor(
    record: SessionRecord,
    store: Store,
    bus: Bus,
    events: EventFactory,
    now: number,
    onCommitted: (session: LiveSession, events: readonly StoredEvent[]) => void,
  ) {
    this.record = record;
    this.#store = store;
    this.#bus = bus;
    this.#events = events;
    this.lastActivity = now;
    this.#onCommitted = onCommitted;
  }

  get id(): string {
    return this.record.id;
  }

  get ended(): boolean {
    return this.record.state === "ended";
  }

  /**
   * Another process may have changed the session since this copy last saw it (it stored an
   * event past this copy's last one, or a connection just attached here): the next decision
   * reads the record from the store first.
   */
  markBehind(sequence?: number): void {
    if (sequence === undefined || sequence > this.record.lastSequence) this.#behind = true;
  }

  /** Whether another process may have changed the session since this copy last read it. */
  get mayBeBehind(): boolean {
    return this.#behind;
  }

  /**
   * Takes the stored record when this copy may be behind, so a decision (is the AI agent here,
   * is the session still active) is never made from a copy another process has moved past.
   * Call inside `exclusive`. One primary-key read, only after another process wrote.
   */
  async refresh(): Promise<void> {
    if (!this.#behind) return;
    this.#behind = false;
    const stored = await this.#store.getSession(this.record.id);
    if (
      stored &&
      stored.revision >= this.record.revision &&
      stored.lastSequence >= this.record.lastSequence
    )
      this.record = stored;
  }

  /**
   * Runs `task` after every change queued before it. A task whose commit was refused as stale
   * runs again (it reads the record, now the stored one, and decides afresh), at most
   * `DECISION_ATTEMPTS` times in all; tasks must therefore leave no trace before a commit that
   * could throw (or undo it).
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return this.#changes.run(async () => {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await task();
        } catch (error) {
          if (!(error instanceof StaleDecision) || attempt >= DECISION_ATTEMPTS) throw error;
        }
      }
    });
  }

  /**
   * Records events (durably) with a patch, then publishes them. Call inside `exclusive`.
   * Records nothing once the session ended (or was erased): SESSION_END is always the last event,
   * whichever desk action, rejoin or timeout was already on its way. The store checks that in
   * the append itself, so it holds against other processes too; a patch also carries the
   * revision this copy decided on, and a copy another process has moved past stores nothing,
   * takes the stored record and throws `StaleDecision`, so that `exclusive` makes the decision
   * again from fresh state.
   */
  async commit(pending: readonly Pending[], patch?: SessionPatch): Promise<StoredEvent[]> {
    if (this.ended) return [];
    const fresh: NewEvent[] = pending.map((p) =>
      this.#events.durable(p.type, p.payload, p.metadata, p.clientKey),
    );
    const condition = patch === undefined ? undefined : { expectedRevision: this.record.revision };
    const result = await this.#store.append(this.record.id, fresh, patch, condition);
    if (!result.ok) {
      this.#refused(result.refusal, result.current);
      if (result.refusal === "stale_revision") throw new StaleDecision(this.record.id);
      return [];
    }
    const stored = result.events;
    this.record = { ...this.record, ...patch, revision: result.revision };
    this.transcript?.add(stored);
    if (patch?.state === "ended") this.stopTurns("ended");
    else if (patch?.agentStatus !== undefined && patch.agentStatus !== "ai")
      this.running?.stop("handoff");
    for (const event of stored) {
      this.record.lastSequence = event.sequence;
      if (event.type === "EVENT_TYPE_POLY_AGENT_JOINED") this.aiAgentHasJoined = true;
      this.#bus.publish(this.record.id, {
        sequence: event.sequence,
        type: event.type,
        frame: encodeEvent(event),
      });
    }
    if (stored.length > 0) this.#onCommitted(this, stored);
    return stored;
  }

  /** Takes the store's word over this copy's after a refused append. */
  #refused(refusal: AppendRefusal, current: SessionRecord | undefined): void {
    if (current !== undefined) this.record = current;
    else this.record = { ...this.record, state: "ended" };
    if (refusal === "session_not_found") this.stopTurns("erased");
    else if (refusal === "session_ended") this.stopTurns("ended");
  }

  /** Stops the running turn (its upstream request is aborted); queued turns see the state and skip. */
  stopTurns(reason: TurnStop): void {
    this.running?.stop(reason);
  }

  /** Queues a `commit` behind earlier changes. */
  append(pending: readonly Pending[], patch?: SessionPatch): Promise<StoredEvent[]> {
    return this.exclusive(() => this.commit(pending, patch));
  }

  /** Sends a transient event to every connection of the session. */
  broadcast(type: EventType, payload: object): void {
    this.#bus.publish(this.record.id, {
      sequence: null,
      type,
      frame: this.#events.transientFrame(type, payload),
    });
  }

  /** Sends a system message to every connection (agent-side failures, in the session's language; kept out of history). */
  broadcastError(error: ProtocolError<SocketErrorCode>): void {
    this.broadcast("EVENT_TYPE_SYSTEM_MESSAGE", visitorSystemMessage(error, this.record.language));
  }

  /** Sends a transient event to one connection only. */
  reply(feed: ConnectionFeed, type: EventType, payload: object, metadata?: EventMetadata): void {
    feed.sendDirect(this.#events.transientFrame(type, payload, metadata), type);
  }

  /** Answers one connection with a system message. */
  replyError(
    feed: ConnectionFeed,
    error: ProtocolError<SocketErrorCode>,
    metadata?: EventMetadata,
  ): void {
    this.reply(feed, "EVENT_TYPE_SYSTEM_MESSAGE", systemMessagePayload(error), metadata);
  }
}
