// The ports the core talks through, each with the contract its adapters must keep.
import type {
  Attachment,
  EventType,
  ResponseSuggestion,
  SessionEndReason,
  SocketErrorCode,
} from "../protocol/index.js";
import type { AdminRecords } from "./ports/admin-records.js";
import type { ConversationInbox } from "./ports/conversation-inbox.js";
import type { DeskRecords } from "./ports/desk-records.js";
import type { EventLog } from "./ports/event-log.js";
import type { FileRecords } from "./ports/file-records.js";
import type { OfflineMessageStore } from "./ports/offline-messages.js";
import type { SessionRatings } from "./ports/session-ratings.js";
import type { SessionRecords } from "./ports/session-records.js";
import type { Settings } from "./ports/settings.js";
import type { StoreLifecycle } from "./ports/store-lifecycle.js";
import type { ConnectorRecord } from "./records.js";

export type { AdminRecords } from "./ports/admin-records.js";
export type * from "./ports/blob-store.js";
export type * from "./ports/conversation-inbox.js";
export type * from "./ports/desk-auth-store.js";
export type * from "./ports/desk-note-store.js";
export type { DeskRecords } from "./ports/desk-records.js";
export type * from "./ports/desk-signals.js";
export type {
  AppendCondition,
  AppendRefusal,
  AppendResult,
  EventLog,
} from "./ports/event-log.js";
export type * from "./ports/file-records.js";
export type * from "./ports/offline-messages.js";
export type * from "./ports/saved-reply-store.js";
export type * from "./ports/session-ratings.js";
export type { SessionRecords } from "./ports/session-records.js";
export type { Settings } from "./ports/settings.js";
export type { StoreLifecycle } from "./ports/store-lifecycle.js";
export type * from "./ports/visitor-and-chat.js";
export type * from "./ports/visitor-presence.js";
export type * from "./ports/visitor-sessions.js";

/**
 * Durable storage: every concern's port together (each file in `./ports/` holds one with
 * its contract). Adapters implement all of it; parts that need less ask for the piece.
 */
export interface Store
  extends EventLog,
    SessionRecords,
    DeskRecords,
    AdminRecords,
    OfflineMessageStore,
    FileRecords,
    Settings,
    StoreLifecycle,
    SessionRatings,
    ConversationInbox {}

/** One event on its way to a session's connections: the encoded frame plus its sequence. */
export interface BusEvent {
  /** null for transient events. */
  sequence: number | null;
  type: EventType;
  /**
   * The exact JSON text sent to clients. null when the bus could not carry it (bigger than its
   * messages allow): only for durable events, which subscribers then read from the Store.
   */
  frame: string | null;
}

/** What one subscription is told. */
export interface BusSubscriber {
  /** An event of the session. */
  event(event: BusEvent): void;
  /**
   * Events published meanwhile may have been lost (the bus was cut off and is live again):
   * compare the session's position in the Store with what was delivered, now.
   */
  lost?(): void;
}

/**
 * Fan-out of a session's events to every process holding its connections. The Store is the
 * truth; the bus only makes delivery fast. Contract (the suite in `test/support/bus-contract.ts`
 * checks it against every adapter):
 * - `subscribe` resolves once the subscription is live: an event published after that, by any
 *   process, reaches the subscriber unless the bus loses it. It rejects when the bus cannot
 *   subscribe now (unreachable); the caller does not get a half-live subscription.
 * - Per session, events one process publishes reach each subscriber in publish order, each at
 *   most once. Events may be lost (an outage, a cut connection) and events of different
 *   processes may interleave in any order: subscribers order by `sequence`, fill gaps from the
 *   Store and check the session's position in the Store now and then, so correctness never
 *   depends on the bus.
 * - After a subscription may have lost events (its connection was cut) and once it is live
 *   again, the bus calls its `lost`.
 * - `publish` is called after the event is committed. It returns at once and never throws;
 *   delivery failures are the adapter's to report. A durable event too big for the bus is
 *   delivered with `frame: null`; a transient one too big is dropped and reported.
 * - Subscriptions are independent, even several to one session in one process (the adapter
 *   shares one upstream subscription between them). The function `subscribe` resolves to
 *   ends the subscription: idempotent, and the subscriber hears nothing after it returns.
 * - `ping` resolves while the bus can deliver and rejects while it cannot (readiness);
 *   `close` ends every subscription and releases the connections.
 */
export interface Bus {
  publish(sessionId: string, event: BusEvent): void;
  /** Resolves, once live, to the function that ends the subscription. */
  subscribe(sessionId: string, subscriber: BusSubscriber): Promise<() => void>;
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

// ---------------------------------------------------------------------------------------------
// The Agent port: one turn in, a stream of parts out. The core runs turns (src/core/turn-*.ts);
// agents only produce parts. docs/decisions/0009-agent-turn-port.md explains the choices.
// ---------------------------------------------------------------------------------------------

/** What an agent asks the session to do; an action may come before, between or after text. */
export type AgentAction =
  | {
      type: "handoff";
      /** A queue of this server (server-managed); absent: the connector's handoff target. */
      queue?: string;
      /** Why, in the agent's words (shown to the desk and in the turn outcome; never to the user). */
      reason?: string;
    }
  | { type: "end" }
  | { type: "language"; language_code: string };

/**
 * One piece of an agent's answer. Parts build messages: text deltas append to the open message
 * (one is opened by the first text, attachment or suggestions part), `message_end` closes it and
 * the next content opens a new one, and the end of the stream closes whatever is open.
 */
export type AgentPart =
  /** A text delta: any length, split anywhere (inside words too); the core makes the chunks. */
  | { type: "text"; text: string }
  /** Goes on the open message (the final chunk when streaming). */
  | { type: "attachment"; attachment: Attachment }
  /** Replaces the open message's response suggestions (the final chunk when streaming). */
  | { type: "suggestions"; suggestions: readonly ResponseSuggestion[] }
  /** Closes the open message; what follows is a new message. */
  | { type: "message_end" }
  | { type: "action"; action: AgentAction }
  /**
   * The agent cannot go on. `unavailable`: it could not produce an answer (upstream down,
   * retries spent); `broken_stream`: an answer it had begun broke off. `detail` goes to logs
   * and metrics only, never to the user. Parts after a failure are ignored.
   */
  | { type: "failure"; kind: "unavailable" | "broken_stream"; detail?: string };

/** What a turn answers. */
export type TurnTrigger =
  /** The agent joined the session: the greeting. */
  | { type: "join" }
  /** A user message (already stored and echoed). */
  | { type: "message"; text: string; messageId: string }
  /** The agent is back after a handoff (its POLY_AGENT_JOINED is already stored). */
  | { type: "rejoin"; after: HandoffReturn }
  /** No new user text: the agent may continue (an empty Chat API turn). */
  | { type: "continue" };

/** Why the AI agent is back in a session it had handed off (`client_rejoined`: the client joined again after a client-managed handoff). */
export type HandoffReturn = "failed" | "timed_out" | "returned_by_live_agent" | "client_rejoined";

/** One message of the conversation so far, as agents see it. */
export interface HistoryMessage {
  role: "user" | "ai_agent" | "live_agent";
  /** The whole text (a streamed message's chunks joined as its session lays them out). */
  text: string;
  /** Sequence of the message's (first) event. */
  sequence: number;
  /** ISO 8601 UTC, when it was stored. */
  timestamp: string;
  /** The agent's or live agent's name; absent for the user. */
  name?: string;
}

/**
 * How much history a turn gets: the newest messages whose total fits `limit`. Tokens are
 * estimated as ceil(characters / 4) + 4 per message (no tokenizer: models differ). The message
 * a turn answers is always included, whatever its size. `limit: 0` means no history at all.
 */
export interface HistoryBudget {
  unit: "characters" | "tokens";
  limit: number;
}

/** A verified-context or integration-attribute value: flat, JSON scalars only. */
export type ContextValue = string | number | boolean | null;

/** The connector a session came through, as agents see it (no secrets). */
export type AgentConnector = Readonly<Pick<ConnectorRecord, "id" | "name" | "host" | "handoff">>;

/** Per-session scratch space of an agent (counters, flags): in memory only, erased with the session. */
export interface AgentMemory {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

/** What every call into an agent knows about its session. All of it is read-only. */
export interface AgentSessionView {
  readonly sessionId: string;
  /** Current BCP-47 language of the session, or null for the agent's default. */
  readonly language: string | null;
  readonly connector: AgentConnector;
  /**
   * Signed facts the company's backend put into the session (verified context), or null when
   * there are none. Frozen. Filled by the verified-context surface; null until it exists.
   */
  readonly verifiedContext: Readonly<Record<string, ContextValue>> | null;
  /** Attributes a Chat API client gave at creation: readable like context but unverified. */
  readonly integrationAttributes: Readonly<Record<string, ContextValue>> | null;
  /**
   * The conversation so far, oldest first, trimmed to the agent's `policy.history` budget:
   * user, AI-agent and live-agent messages. User messages stored after the one this turn
   * answers are left out (their own turns answer them), and the answered one comes last.
   */
  readonly history: readonly HistoryMessage[];
  readonly memory: AgentMemory;
}

/** Everything a turn knows. */
export interface AgentContext extends AgentSessionView {
  /**
   * The turn's key: the id of the event it answers (the stored USER_MESSAGE, or the
   * POLY_AGENT_JOINED it greets after). Stable across retries, so it is the idempotency key
   * of any upstream call (webhook agents send it). One key gets at most one turn.
   */
  readonly key: string;
  readonly trigger: TurnTrigger;
  /**
   * Aborted when the turn must stop: its deadline passed, the user ended or abandoned the
   * session, a handoff took over, an admin erased it, or a newer message interrupted it.
   * Pass it to every upstream request. `signal.reason` is a `TurnStop`.
   */
  readonly signal: AbortSignal;
  /** Milliseconds since the epoch (Clock time) when the core gives up on the turn. */
  readonly deadline: number;
  /**
   * The rest of this turn's answer when the agent's backend gives it later, from outside (a
   * webhook bot that answered `202` and pushes through the agent API, `SessionHub.pushAgentParts`
   * naming this turn's key): the parts pushed so far, then each as it comes, until a push says
   * the answer is complete or the turn stops. THINKING, the deadline and every turn rule apply
   * meanwhile. Parts pushed for a turn that never reads them are delivered on their own.
   */
  pushedReply(): AsyncIterable<AgentPart>;
}

/** Why a turn was stopped (the `reason` of `AgentContext.signal`). */
export type TurnStop = "deadline" | "ended" | "handoff" | "erased" | "interrupted" | "shutdown";

/** Something that happened in a session that needs no answer. */
export type AgentNotice = { type: "session_end"; reason: SessionEndReason; key: string };

/** How the core runs an agent's turns. */
export interface TurnPolicy {
  /** A turn still producing after this long ends with the spec's agent error (default 30 s). */
  deadlineMs: number;
  /**
   * false (default): a user message arriving while a turn runs waits for it. true: it
   * interrupts the running reply (the partial message is closed) and the new turn sees both.
   */
  interrupt: boolean;
  history: HistoryBudget;
  /** Whether the session ends (instead of the agent rejoining) after a failed handoff. */
  endOnHandoffFailure: boolean;
  /**
   * What the visitor is offered when no human can be reached (queue closed, nobody serving it):
   * `offline_message` (default) asks for an email and a message where the connector takes them;
   * `agent` brings the AI agent back (or ends, per `endOnHandoffFailure`).
   */
  whenNoHuman?: "offline_message" | "agent";
  /** The language the agent speaks when the session has none (BCP-47); detection compares with it. */
  defaultLanguage: string;
}

/**
 * An AI agent. Contract (the suite in `test/support/agent-contract.ts` checks it):
 * - `turn` returns at once; its parts come as the agent produces them and the stream ends
 *   when the answer is complete. Text deltas may split anywhere: the core chunks them.
 * - Failures are parts (`failure`) or a rejected/throwing stream; the core tells the user with
 *   the spec's text, closes any begun message and never lets the error out of the session.
 * - The agent stops promptly when `context.signal` aborts (the core stops reading anyway and
 *   calls the iterator's `return`); it never writes to the session except through its parts.
 * - `name`, `avatarUrl` and `policy` never change for one agent object; a changed definition
 *   gets a new agent.
 *
 * Output that arrives from outside (a webhook bot answering later) is pushed with
 * `SessionHub.pushAgentParts`: it joins the turn awaiting it (`context.pushedReply()`) or runs
 * as a turn of its own; `SessionHub.deliverAgentParts` runs a whole stream as a turn keyed by the
 * caller and `SessionHub.agentTyping` shows THINKING. All go through the same engine and rules.
 */
export interface Agent {
  readonly name: string;
  readonly avatarUrl: string;
  readonly policy: TurnPolicy;
  /** The parts answering `context.trigger`. */
  turn(context: AgentContext): AsyncIterable<AgentPart>;
  /** Told about events that need no answer; errors are reported, never shown to the user. */
  notify?(notice: AgentNotice, context: AgentSessionView): Promise<void>;
}

/** The defaults of `TurnPolicy`, for agents that do not set their own. */
export const DEFAULT_TURN_POLICY: TurnPolicy = Object.freeze({
  deadlineMs: 30_000,
  interrupt: false,
  history: Object.freeze({ unit: "characters", limit: 0 }) as HistoryBudget,
  endOnHandoffFailure: false,
  defaultLanguage: "en",
});

/** How a turn ended, as its awaiting caller (the socket flow, the Chat API) receives it. */
export interface TurnOutcome {
  key: string;
  /**
   * `completed`: the answer went out (possibly empty); `failed`: the agent failed and the user
   * was told; `timed_out`: the deadline passed (the user was told); `stopped`: the session
   * ended, was erased or handed off meanwhile; `interrupted`: a newer user message took over;
   * `duplicate`: another runner holds this key (`text` is then unknown); `refused`: the turn
   * could not start (see `refusal`).
   */
  status:
    | "completed"
    | "failed"
    | "timed_out"
    | "stopped"
    | "interrupted"
    | "duplicate"
    | "refused";
  /** The messages the turn sent, in order (partial ones included). */
  messages: readonly { messageId: string; text: string }[];
  /** Their texts joined with a blank line. */
  text: string;
  /** The turn ended the conversation. */
  endConversation: boolean;
  /** The turn handed the conversation off: queue (or client queue name) and reason. */
  handoff: { destination: string; reason: string } | null;
  /** The failure the user was told about, when there was one. */
  error: SocketErrorCode | null;
  refusal?: "session_not_found" | "session_ended" | "agent_not_in_session";
}

/** Detects the language of user text. */
export interface LanguageDetector {
  /**
   * The language of `text` as a BCP-47 primary tag (`fr`), or null when the text is too short
   * or the detection is not confident. `among` limits the answer to these primary tags.
   */
  detect(text: string, among?: readonly string[]): string | null;
}

/** Builds agents from stored definitions and validates definitions before they are stored. */
export interface AgentFactory {
  /** Field-level problems of a definition (`rules[1].match.regex: …`); empty when valid. */
  validate(definition: unknown): string[];
  /** An agent for a definition that passed `validate`; `agentId` labels its metrics. */
  create(definition: Record<string, unknown>, agentId?: string): Agent;
  /** Whether agents of this definition's kind answer through the agent API, so get an agent key. */
  usesAgentApi(definition: Record<string, unknown>): boolean;
}

/** Why a server-managed handoff could not start. */
export type HandoffRefusal = "NO_AGENTS_AVAILABLE" | "QUEUE_CLOSED" | "QUEUE_NOT_FOUND";
export type * from "./ports/limits.js";
export type * from "./ports/scheduler.js";
export type * from "./ports/turn-claims.js";
