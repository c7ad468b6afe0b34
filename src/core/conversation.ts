// The rules of a conversation: what each client event does to a session.
import {
  type ClientEvent,
  clientEventKey,
  type EventMetadata,
  encodeEvent,
  protocolError,
  type SocketErrorCode,
  type TypingState,
} from "../protocol/index.js";
import type { AgentDirectory } from "./agent-directory.js";
import type { ConnectionFeed } from "./connection-feed.js";
import { type HandoffDeps, type HandoffDesk, startHandoff } from "./handoff.js";
import {
  aiAgentHasLeft,
  type HeldMessage,
  holdMessage,
  takeHeldMessages,
} from "./held-messages.js";
import type { LiveSession, Pending } from "./live-session.js";
import type { AttachmentResolver } from "./ports/file-records.js";
import type {
  Agent,
  Clock,
  HandoffReturn,
  LanguageDetector,
  Scheduler,
  Store,
  TurnClaims,
  TurnOutcome,
} from "./ports.js";
import type { StoredEvent } from "./records.js";
import { type LeaseChange, TurnEngine } from "./turn-engine.js";
import type { TurnRunDeps } from "./turn-run.js";
import type { VisitorFacts } from "./visitor-facts.js";

export interface ConversationDeps {
  store: Store;
  clock: Clock;
  agents: AgentDirectory;
  agentCacheMs: number;
  claims: TurnClaims;
  scheduler: Scheduler;
  /** How long a turn lease lasts unrenewed. */
  leaseMs: number;
  onLease?(change: LeaseChange): void;
  facts: VisitorFacts;
  languages?: LanguageDetector;
  /** Reports failures of agent turns nobody awaits (store outages, bugs). */
  onError?(error: unknown, context: string): void;
  desk: HandoffDesk & { userTyping(sessionId: string, state: TypingState): void };
  /** Offline messages when nobody can take a handoff; absent: the AI agent comes back. */
  offline?: HandoffDeps["offline"];
  turn: Omit<TurnRunDeps, "handoff" | "onError">;
  /** Resolves the files a user message attaches; absent: messages with attachments are refused. */
  attachments?: AttachmentResolver;
}

/** After this many failed joins in a row the session ends (`sdk-expectations.md` rule 25). */
const MAX_FAILED_JOINS = 3;

/** Applies client events to sessions. */
export class Conversation {
  readonly #deps: ConversationDeps;
  /** Runs the agent turns of every session. */
  readonly engine: TurnEngine;

  constructor(deps: ConversationDeps) {
    this.#deps = deps;
    this.engine = new TurnEngine({
      ...deps.turn,
      store: deps.store,
      agents: deps.agents,
      claims: deps.claims,
      scheduler: deps.scheduler,
      leaseMs: deps.leaseMs,
      ...(deps.onLease ? { onLease: deps.onLease } : {}),
      facts: deps.facts,
      ...(deps.languages ? { languages: deps.languages } : {}),
      agentCacheMs: deps.agentCacheMs,
      onError: deps.onError,
      handoff: (session, action) =>
        startHandoff(session, action, {
          agents: deps.agents,
          desk: deps.desk,
          clock: deps.clock,
          rejoin: (s, after) => this.rejoin(s, after),
          ...(deps.offline ? { offline: deps.offline } : {}),
        }),
    });
  }

  /** Handles one valid client event from `feed`. */
  handle(session: LiveSession, feed: ConnectionFeed, event: ClientEvent): Promise<void> {
    const { metadata } = event;
    if (event.type === "EVENT_TYPE_HEARTBEAT") {
      if (session.ended) session.replyError(feed, protocolError("session_ended"), metadata);
      else session.reply(feed, "EVENT_TYPE_HEARTBEAT", {}, metadata);
      return Promise.resolve();
    }
    return session.exclusive(async () => {
      await session.refresh();
      if (session.ended) return session.replyError(feed, protocolError("session_ended"), metadata);
      switch (event.type) {
        case "EVENT_TYPE_USER_MESSAGE":
          return this.#userMessage(session, feed, event);
        case "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN":
          return this.#join(session, feed, metadata);
        case "EVENT_TYPE_USER_END_SESSION":
          await session.commit(
            [
              { type: "EVENT_TYPE_USER_END_SESSION", payload: {}, metadata },
              { type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_USER_END" } },
            ],
            { state: "ended", endReason: "REASON_USER_END", endedAt: this.#deps.clock.now() },
          );
          return;
        case "EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION":
          await session.commit([], { callSid: String(event.payload.call_sid) });
          return;
        case "EVENT_TYPE_USER_TYPING":
          this.#deps.desk.userTyping(session.id, event.payload.state as TypingState);
          return;
      }
    });
  }

  /**
   * The AI agent joins a session that has no client connection (the Chat API): its greeting, or
   * its rejoin message when it had left. Resolves, once the join is stored, with the turn to await;
   * null when the session ended, an agent is already present, or no agent could be found (the
   * error the user would be told is then `error`).
   */
  joinWithoutClient(session: LiveSession): Promise<HeadlessTurn> {
    return session.exclusive(async () => {
      if (session.ended || session.record.agentStatus !== "none") return { outcome: null };
      const left = await aiAgentHasLeft(session, this.#deps.store);
      const lookup = await this.#deps.agents.forSession(session.record);
      if (!lookup.ok) return { outcome: null, error: lookup.error };
      const [, joined] = await session.commit(
        [
          { type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {} },
          { type: "EVENT_TYPE_POLY_AGENT_JOINED", payload: joinedPayload(lookup.agent) },
        ],
        { agentStatus: "ai" },
      );
      if (!joined) return { outcome: null };
      session.greeted = left;
      const trigger = left
        ? ({ type: "rejoin", after: "client_rejoined" } as const)
        : ({ type: "join" } as const);
      const outcome = this.engine.request(session, { key: joined.id, trigger, answering: null });
      if (!left) {
        void outcome.then((o) => {
          if (o.status === "completed") session.greeted = true;
        });
      }
      return { outcome };
    });
  }

  /**
   * A user message from a client without a connection (the Chat API): stored like any other;
   * with the AI agent present its turn is returned to await (`text` undefined: an empty turn that
   * lets the agent continue). During a handoff the desk gets it and there is no turn.
   */
  messageWithoutClient(session: LiveSession, text: string | undefined): Promise<HeadlessTurn> {
    return session.exclusive(async () => {
      if (session.ended) return { outcome: null };
      session.lastActivity = this.#deps.clock.now();
      if (text === undefined) {
        if (session.record.agentStatus !== "ai") return { outcome: null };
        const key = this.#deps.turn.events.id();
        const trigger = { type: "continue" } as const;
        return { outcome: this.engine.request(session, { key, trigger, answering: null }) };
      }
      const payload = { text, message_id: this.#deps.turn.events.id() };
      const [stored] = await session.commit([{ type: "EVENT_TYPE_USER_MESSAGE", payload }]);
      if (!stored || session.record.agentStatus !== "ai") return { outcome: null };
      const trigger = { type: "message", text, messageId: payload.message_id } as const;
      const request = { key: stored.id, trigger, answering: stored.sequence };
      return { outcome: this.engine.request(session, request) };
    });
  }

  async #userMessage(session: LiveSession, feed: ConnectionFeed, event: ClientEvent) {
    const { metadata } = event;
    const key = clientEventKey(metadata);
    // Only a key this session may already hold costs a store read.
    if (key !== undefined && (session.clientKeys === null || session.clientKeys.has(key))) {
      const original = await this.#deps.store.findEventByClientKey(session.id, key);
      if (original) return feed.sendDirect(encodeEvent(original), original.type);
    }
    const text = String(event.payload.text);
    if (session.record.agentStatus === "none") {
      if (await aiAgentHasLeft(session, this.#deps.store))
        holdMessage(session, { text, metadata, clientKey: key });
      return session.replyError(feed, protocolError("conversation_not_found"), metadata);
    }
    const refs = event.payload.attachments as Array<{ file_id: string }> | undefined;
    const attachments =
      refs === undefined
        ? undefined
        : await this.#deps.attachments?.(
            session.id,
            refs.map((r) => r.file_id),
          );
    if (refs !== undefined && attachments === undefined)
      return session.replyError(feed, protocolError("attachment_not_found"), metadata);
    const payload = {
      text,
      message_id: this.#deps.turn.events.id(),
      ...(attachments && { attachments }),
    };
    const [stored] = await session.commit([
      { type: "EVENT_TYPE_USER_MESSAGE", payload, metadata, clientKey: key },
    ]);
    if (key !== undefined) session.clientKeys?.add(key);
    // During a handoff the desk sees the stored message (and says so when it cannot deliver it).
    if (session.record.agentStatus === "ai" && stored) this.#answer(session, stored, text);
  }

  /** Queues the turn answering a stored USER_MESSAGE, keyed by that event. */
  #answer(session: LiveSession, message: StoredEvent, text: string): void {
    const { message_id: messageId } = JSON.parse(message.payloadJson) as { message_id: string };
    this.engine.request(session, {
      key: message.id,
      trigger: { type: "message", text, messageId },
      answering: message.sequence,
    });
  }

  async #join(session: LiveSession, feed: ConnectionFeed, metadata?: EventMetadata) {
    const status = session.record.agentStatus;
    if (status === "ai" && !session.greeted && session.turns.pending === 0) {
      // The agent joined but its greeting failed: a repeated join retries the greeting.
      session.reply(feed, "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {}, metadata);
      this.#greet(session, this.#deps.turn.events.id());
      return;
    }
    if (status !== "none") {
      return session.reply(feed, "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {}, metadata);
    }
    if (await aiAgentHasLeft(session, this.#deps.store))
      return this.#returnOnJoin(session, feed, metadata);
    const lookup = await this.#deps.agents.forSession(session.record);
    if (!lookup.ok) {
      session.reply(feed, "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {}, metadata);
      session.broadcastError(protocolError(lookup.error));
      return this.#joinFailed(session);
    }
    const stored = await session.commit(
      [
        { type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {}, metadata },
        { type: "EVENT_TYPE_POLY_AGENT_JOINED", payload: joinedPayload(lookup.agent) },
      ],
      { agentStatus: "ai" },
    );
    session.greeted = false;
    const joined = stored[1];
    if (joined) this.#greet(session, joined.id);
  }

  /**
   * A join after the AI agent left is a rejoin: the agent comes back with its rejoin message, never
   * the greeting, and then answers what the user wrote while it was away (stored and echoed with it).
   */
  async #returnOnJoin(session: LiveSession, feed: ConnectionFeed, metadata?: EventMetadata) {
    const lookup = await this.#deps.agents.forSession(session.record);
    if (!lookup.ok) {
      session.reply(feed, "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {}, metadata);
      session.broadcastError(protocolError(lookup.error));
      return this.#joinFailed(session);
    }
    const held = takeHeldMessages(session);
    let stored: StoredEvent[];
    try {
      stored = await session.commit(
        [
          { type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {}, metadata },
          { type: "EVENT_TYPE_POLY_AGENT_JOINED", payload: joinedPayload(lookup.agent) },
          ...held.map((message) => this.#heldEvent(session, message)),
        ],
        { agentStatus: "ai" },
      );
    } catch (error) {
      // Decided again from the stored record (`exclusive`): the held messages wait for it.
      session.heldMessages.unshift(...held);
      throw error;
    }
    const joined = stored[1];
    if (!joined) return;
    session.greeted = true;
    this.engine.request(session, {
      key: joined.id,
      trigger: { type: "rejoin", after: "client_rejoined" },
      answering: null,
    });
    held.forEach((message, index) => {
      const event = stored[2 + index];
      if (event) this.#answer(session, event, message.text);
    });
  }

  // The USER_MESSAGE a held message is stored and echoed as, now that an agent is back.
  #heldEvent(session: LiveSession, message: HeldMessage): Pending {
    if (message.clientKey !== undefined) session.clientKeys?.add(message.clientKey);
    return {
      type: "EVENT_TYPE_USER_MESSAGE",
      payload: { text: message.text, message_id: this.#deps.turn.events.id() },
      metadata: message.metadata,
      clientKey: message.clientKey,
    };
  }

  /** Queues the greeting turn; a failed one counts as a failed join. */
  #greet(session: LiveSession, key: string): void {
    const greeting = this.engine.request(session, {
      key,
      trigger: { type: "join" },
      answering: null,
    });
    greeting
      .then(async (outcome) => {
        if (outcome.status === "completed") {
          session.greeted = true;
          session.failedJoins = 0;
        } else if (outcome.status === "failed" || outcome.status === "timed_out") {
          await session.exclusive(() => this.#joinFailed(session));
        }
      })
      .catch((error: unknown) => this.#deps.onError?.(error, "greeting"));
  }

  // Call inside `exclusive`.
  async #joinFailed(session: LiveSession): Promise<void> {
    if (session.failedJoins + 1 < MAX_FAILED_JOINS || session.ended) {
      session.failedJoins += 1;
      return;
    }
    // Counted once stored: a commit refused as stale runs this again from the stored record.
    await session.commit(
      [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_NATURAL_END" } }],
      {
        state: "ended",
        endReason: "REASON_NATURAL_END",
        endedAt: this.#deps.clock.now(),
      },
    );
    session.failedJoins += 1;
  }

  /**
   * The AI agent comes back after a handoff (POLY_AGENT_JOINED, then a queued rejoin turn, then
   * the messages written while it was away), or the session ends if its definition says so.
   * Resolves once the agent is back, before its turns run.
   */
  async rejoin(session: LiveSession, after: HandoffReturn): Promise<void> {
    // The user's own join already brought it back (`#returnOnJoin`).
    if (session.record.agentStatus === "ai") return;
    const lookup = await this.#deps.agents.forSession(session.record);
    if (!lookup.ok || lookup.agent.policy.endOnHandoffFailure) {
      await session.append(
        [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_NATURAL_END" } }],
        {
          state: "ended",
          endReason: "REASON_NATURAL_END",
          endedAt: this.#deps.clock.now(),
        },
      );
      return;
    }
    const agent = lookup.agent;
    // Checked again in the change queue: a join may have brought it back during the lookup.
    const joined = await session.exclusive(async () => {
      if (session.record.agentStatus === "ai") return undefined;
      const [event] = await session.commit(
        [{ type: "EVENT_TYPE_POLY_AGENT_JOINED", payload: joinedPayload(agent) }],
        { agentStatus: "ai" },
      );
      return event;
    });
    if (!joined) return;
    // Not awaited: a rejoin may start inside a turn (a failed handoff), which this turn follows.
    this.engine
      .request(session, { key: joined.id, trigger: { type: "rejoin", after }, answering: null })
      .then(() => this.#answerHeld(session))
      .catch((error: unknown) => this.#deps.onError?.(error, "rejoin"));
  }

  // Messages written while the agent was away: stored and answered after its rejoin message.
  async #answerHeld(session: LiveSession): Promise<void> {
    for (const message of takeHeldMessages(session)) {
      const [event] = await session.append([this.#heldEvent(session, message)]);
      if (event) this.#answer(session, event, message.text);
    }
  }
}

/** A turn started without a client connection, to await outside the session's change queue. */
export interface HeadlessTurn {
  outcome: Promise<TurnOutcome> | null;
  error?: SocketErrorCode;
}

function joinedPayload(agent: Agent) {
  return { agent_name: agent.name, agent_avatar_url: agent.avatarUrl };
}
