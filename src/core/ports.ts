// The ports the core talks through, each with the contract its adapters must keep.
import type { Attachment, EventType, ResponseSuggestion } from "../protocol/index.js";
import type {
  AgentRecord,
  ConnectorRecord,
  DeskUserRecord,
  HandoffPatch,
  HandoffRecord,
  HandoffState,
  NewEvent,
  NewSession,
  QueueRecord,
  SessionFilter,
  SessionPatch,
  SessionRecord,
  SessionState,
  SigningKeyRecord,
  StoredEvent,
} from "./records.js";

/**
 * Durable storage. Contract (the suite in `test/support/store-contract.ts` checks it):
 * - `createSession` and `append` resolve only after the data is committed; a crash after
 *   they resolve loses nothing.
 * - Sequences are assigned by the store: per session they start at 1 (the start event of
 *   `createSession`) and rise by exactly one per appended event, with no gaps, even when
 *   several callers (or processes) append to one session at once.
 * - Events of one `append` call are stored atomically with the session patch, in order.
 * - Stored events never change: reads return the same ids, sequences and JSON text.
 * - Methods reject only on infrastructure failure; "not found" is `undefined`/`false`.
 */
export interface Store {
  createSession(
    session: NewSession,
    start: NewEvent,
  ): Promise<{
    session: SessionRecord;
    start: StoredEvent;
  }>;
  getSession(id: string): Promise<SessionRecord | undefined>;
  /** Appends events (possibly none) and applies `patch`; the session must exist. */
  append(
    sessionId: string,
    events: readonly NewEvent[],
    patch?: SessionPatch,
  ): Promise<StoredEvent[]>;
  /** Events with sequence > `afterSequence`, ascending, at most `limit`. */
  readEvents(sessionId: string, afterSequence: number, limit: number): Promise<StoredEvent[]>;
  /** The first event of `type` in the session, if any. */
  findFirstEvent(sessionId: string, type: EventType): Promise<StoredEvent | undefined>;
  /** The event stored with this client idempotency key, if any. */
  findEventByClientKey(sessionId: string, clientKey: string): Promise<StoredEvent | undefined>;
  listSessions(filter: SessionFilter): Promise<SessionRecord[]>;
  /** Sessions whose state is `active`. */
  listActiveSessions(): Promise<SessionRecord[]>;
  countSessionsByState(): Promise<Record<SessionState, number>>;
  /** Erases a session and all its events; false when there was none. */
  deleteSession(id: string): Promise<boolean>;
  /** Erases ended sessions whose `endedAt` is before `cutoff`; returns how many. */
  purgeEndedBefore(cutoff: number): Promise<number>;

  createAgent(agent: AgentRecord): Promise<void>;
  getAgent(id: string): Promise<AgentRecord | undefined>;
  listAgents(): Promise<AgentRecord[]>;
  /** Replaces name and definition; false when there was none. */
  updateAgent(agent: AgentRecord): Promise<boolean>;
  deleteAgent(id: string): Promise<boolean>;

  createConnector(connector: ConnectorRecord): Promise<void>;
  getConnector(id: string): Promise<ConnectorRecord | undefined>;
  getConnectorByTokenHash(tokenHash: string): Promise<ConnectorRecord | undefined>;
  listConnectors(): Promise<ConnectorRecord[]>;
  /** Replaces every field but `id` and `createdAt`; false when there was none. */
  updateConnector(connector: ConnectorRecord): Promise<boolean>;
  deleteConnector(id: string): Promise<boolean>;

  /** All signing keys, newest first. */
  listSigningKeys(): Promise<SigningKeyRecord[]>;
  /** Adds `key` and retires every other unretired key at `key.createdAt`, atomically. */
  addSigningKey(key: SigningKeyRecord): Promise<void>;

  /** Creates or replaces a queue by name. */
  putQueue(queue: QueueRecord): Promise<void>;
  getQueue(name: string): Promise<QueueRecord | undefined>;
  listQueues(): Promise<QueueRecord[]>;
  deleteQueue(name: string): Promise<boolean>;

  createDeskUser(user: DeskUserRecord): Promise<void>;
  getDeskUser(id: string): Promise<DeskUserRecord | undefined>;
  getDeskUserByTokenHash(tokenHash: string): Promise<DeskUserRecord | undefined>;
  listDeskUsers(): Promise<DeskUserRecord[]>;
  /** Replaces every field but `id` and `createdAt`; false when there was none. */
  updateDeskUser(user: DeskUserRecord): Promise<boolean>;
  deleteDeskUser(id: string): Promise<boolean>;

  createHandoff(handoff: HandoffRecord): Promise<void>;
  getHandoff(id: string): Promise<HandoffRecord | undefined>;
  /** Handoffs not closed (queued or assigned), oldest first. */
  listOpenHandoffs(): Promise<HandoffRecord[]>;
  /**
   * Assigns a queued handoff to a desk user. Atomic: of any number of concurrent claims
   * (from any process) exactly one returns true; a handoff not `queued` returns false.
   */
  claimHandoff(id: string, deskUserId: string, at: number): Promise<boolean>;
  /** Applies `patch` when the handoff is in state `from`; false otherwise. */
  updateHandoff(id: string, from: HandoffState, patch: HandoffPatch): Promise<boolean>;
  /** Waits (assignedAt − enqueuedAt, ms) of the latest assigned handoffs of a queue, newest first. */
  recentWaits(queue: string, since: number, limit: number): Promise<number[]>;

  /** Resolves when the store answers; rejects when it does not (readiness). */
  ping(): Promise<void>;
  /** Finishes pending writes, then releases the store. */
  close(): Promise<void>;
}

/** One event on its way to a session's connections: the encoded frame plus its sequence. */
export interface BusEvent {
  /** null for transient events. */
  sequence: number | null;
  type: EventType;
  /** The exact JSON text sent to clients. */
  frame: string;
}

/**
 * Fan-out of a session's events to every process holding connections.
 * Contract: per session, events published by one process reach each subscriber in publish
 * order; a subscriber that misses events (a gap in `sequence`) reads them from the Store.
 */
export interface Bus {
  publish(sessionId: string, event: BusEvent): void;
  /** Handler runs for each event of the session until the returned function is called. */
  subscribe(sessionId: string, handler: (event: BusEvent) => void): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A scheduled callback that can be cancelled. */
export interface TimerHandle {
  cancel(): void;
}

/** Time, injected so tests and simulations control it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  setInterval(fn: () => void, ms: number): TimerHandle;
  sleep(ms: number): Promise<void>;
}

/** What an agent asks the session to do after (or instead of) replying. */
export type AgentAction =
  | { type: "handoff"; queue?: string }
  | { type: "end" }
  | { type: "language"; language_code: string };

/** One agent turn: a message (text may stream in as pieces) and an optional action. */
export interface AgentReply {
  /** The whole text, or its pieces as they are produced (LLM agents). Empty: no message. */
  text: string | AsyncIterable<string>;
  /** Shared and frozen where the agent keeps them: never modify. */
  attachments?: readonly Attachment[];
  response_suggestions?: readonly ResponseSuggestion[];
  action?: AgentAction;
}

/** What an agent knows about the conversation it answers in. */
export interface AgentContext {
  sessionId: string;
  /** Current BCP-47 language of the session, or null for the definition's default. */
  language: string | null;
}

/** An AI agent. Methods reject when the agent cannot answer; the core reports that. */
export interface Agent {
  readonly name: string;
  readonly avatarUrl: string;
  greet(context: AgentContext): Promise<AgentReply>;
  reply(context: AgentContext, userText: string): Promise<AgentReply>;
  /** A short message when the agent rejoins after a failed handoff. */
  rejoin(context: AgentContext): Promise<AgentReply>;
  /** Whether the session ends (instead of the agent rejoining) after a failed handoff. */
  readonly endOnHandoffFailure: boolean;
}

/** Builds agents from stored definitions and validates definitions before they are stored. */
export interface AgentFactory {
  /** Field-level problems of a definition (`rules[1].match.regex: …`); empty when valid. */
  validate(definition: unknown): string[];
  /** An agent for a definition that passed `validate`. */
  create(definition: Record<string, unknown>): Agent;
}

/** Why a server-managed handoff could not start. */
export type HandoffRefusal = "NO_AGENTS_AVAILABLE" | "QUEUE_CLOSED" | "QUEUE_NOT_FOUND";
