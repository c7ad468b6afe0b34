// The rules of a conversation: what each client event does to a session.
import {
  type ClientEvent,
  clientEventKey,
  type EventMetadata,
  encodeEvent,
  protocolError,
  type TypingState,
} from "../protocol/index.js";
import type { AgentDirectory, AgentLookup } from "./agent-directory.js";
import { runTurn, type TurnDeps } from "./agent-turn.js";
import type { ConnectionFeed } from "./connection-feed.js";
import { type HandoffDesk, startHandoff } from "./handoff.js";
import {
  aiAgentHasLeft,
  type HeldMessage,
  holdMessage,
  takeHeldMessages,
} from "./held-messages.js";
import type { LiveSession, Pending } from "./live-session.js";
import type { Agent, AgentReply, Clock, Store } from "./ports.js";

export interface ConversationDeps {
  store: Store;
  clock: Clock;
  agents: AgentDirectory;
  agentCacheMs: number;
  /** Reports failures of agent turns nobody awaits (store outages, bugs). */
  onError?(error: unknown, context: string): void;
  desk: HandoffDesk & { userTyping(sessionId: string, state: TypingState): void };
  turn: Omit<TurnDeps, "handoff">;
}

/** After this many failed joins in a row the session ends (`sdk-expectations.md` rule 25). */
const MAX_FAILED_JOINS = 3;

/** Applies client events to sessions. */
export class Conversation {
  readonly #deps: ConversationDeps;
  readonly #turn: TurnDeps;

  constructor(deps: ConversationDeps) {
    this.#deps = deps;
    this.#turn = {
      ...deps.turn,
      handoff: (session, action) =>
        startHandoff(session, action, {
          agents: deps.agents,
          desk: deps.desk,
          clock: deps.clock,
          rejoin: (s) => this.rejoin(s),
        }),
    };
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
      if (session.ended) return session.replyError(feed, protocolError("session_ended"), metadata);
      switch (event.type) {
        case "EVENT_TYPE_USER_MESSAGE":
          return this.#userMessage(session, feed, event);
        case "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN":
          return this.#join(session, feed, metadata);
        case "EVENT_TYPE_USER_END_SESSION":
          session.generation += 1;
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
    const payload = { text, message_id: this.#deps.turn.events.id() };
    await session.commit([{ type: "EVENT_TYPE_USER_MESSAGE", payload, metadata, clientKey: key }]);
    if (key !== undefined) session.clientKeys?.add(key);
    // During a handoff the desk sees the stored message (and says so when it cannot deliver it).
    if (session.record.agentStatus === "ai") this.#scheduleReply(session, text);
  }

  #scheduleReply(session: LiveSession, text: string): void {
    this.#scheduleAnswer(session, (agent) => agent.reply(this.#context(session), text));
  }

  // A turn whose failure the user is told as "trouble responding" (a reply, a rejoin message).
  #scheduleAnswer(session: LiveSession, produce: (agent: Agent) => Promise<AgentReply>): void {
    this.#scheduleTurn(
      session,
      (agent) => runTurn(session, agent, () => produce(agent), this.#turn, "agent_reply_failed"),
      "agent_reply_failed",
    );
  }

  async #join(session: LiveSession, feed: ConnectionFeed, metadata?: EventMetadata) {
    const status = session.record.agentStatus;
    if (status === "ai" && !session.greeted && session.turns.pending === 0) {
      // The agent joined but its greeting failed: a repeated join retries the greeting.
      session.reply(feed, "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {}, metadata);
      this.#scheduleGreeting(session);
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
    await session.commit(
      [
        { type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {}, metadata },
        { type: "EVENT_TYPE_POLY_AGENT_JOINED", payload: joinedPayload(lookup.agent) },
      ],
      { agentStatus: "ai" },
    );
    session.greeted = false;
    this.#scheduleGreeting(session);
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
    await session.commit(
      [
        { type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {}, metadata },
        { type: "EVENT_TYPE_POLY_AGENT_JOINED", payload: joinedPayload(lookup.agent) },
        ...held.map((message) => this.#heldEvent(session, message)),
      ],
      { agentStatus: "ai" },
    );
    session.greeted = true;
    this.#scheduleAnswer(session, (agent) => agent.rejoin(this.#context(session)));
    for (const message of held) this.#scheduleReply(session, message.text);
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

  #scheduleGreeting(session: LiveSession): void {
    this.#scheduleTurn(
      session,
      async (agent) => {
        const ok = await runTurn(
          session,
          agent,
          () => agent.greet(this.#context(session)),
          this.#turn,
          "agent_start_failed",
        );
        if (ok) {
          session.greeted = true;
          session.failedJoins = 0;
        } else {
          await session.exclusive(() => this.#joinFailed(session));
        }
        return ok;
      },
      "agent_start_failed",
    );
  }

  // Call inside `exclusive`.
  async #joinFailed(session: LiveSession): Promise<void> {
    session.failedJoins += 1;
    if (session.failedJoins < MAX_FAILED_JOINS || session.ended) return;
    session.generation += 1;
    await session.commit(
      [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_NATURAL_END" } }],
      {
        state: "ended",
        endReason: "REASON_NATURAL_END",
        endedAt: this.#deps.clock.now(),
      },
    );
  }

  /** The AI agent comes back after a failed handoff, or the session ends if its definition says so. */
  async rejoin(session: LiveSession): Promise<void> {
    // The user's own join already brought it back (`#returnOnJoin`).
    if (session.record.agentStatus === "ai") return;
    const lookup = await this.#deps.agents.forSession(session.record);
    if (!lookup.ok || lookup.agent.endOnHandoffFailure) {
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
    const back = await session.exclusive(async () => {
      if (session.record.agentStatus === "ai") return false;
      await session.commit(
        [{ type: "EVENT_TYPE_POLY_AGENT_JOINED", payload: joinedPayload(agent) }],
        { agentStatus: "ai" },
      );
      return true;
    });
    if (!back) return;
    // Already inside a turn: deliver the rejoin message in this turn, not a queued one.
    await runTurn(
      session,
      agent,
      () => agent.rejoin(this.#context(session)),
      this.#turn,
      "agent_reply_failed",
    );
    await this.#answerHeld(session, agent);
  }

  // Messages written while the agent was away, stored and answered in this turn (see `rejoin`).
  async #answerHeld(session: LiveSession, agent: Agent): Promise<void> {
    for (const message of takeHeldMessages(session)) {
      await session.append([this.#heldEvent(session, message)]);
      await runTurn(
        session,
        agent,
        () => agent.reply(this.#context(session), message.text),
        this.#turn,
        "agent_reply_failed",
      );
    }
  }

  /** Queues an agent turn; `failure` is what the user is told when the agent cannot be found. */
  #scheduleTurn(
    session: LiveSession,
    turn: (agent: Agent) => Promise<boolean>,
    failure: "agent_start_failed" | "agent_reply_failed",
  ): void {
    const generation = session.generation;
    const running = session.turns.run(async () => {
      if (session.generation !== generation || session.ended) return;
      const lookup = await this.#agentFor(session);
      if (!lookup.ok) {
        const error = lookup.error === "agent_start_failed" ? failure : lookup.error;
        session.broadcastError(protocolError(error));
        if (failure === "agent_start_failed")
          await session.exclusive(() => this.#joinFailed(session));
        return;
      }
      await turn(lookup.agent);
    });
    running.catch((error: unknown) => this.#deps.onError?.(error, "agent turn"));
  }

  async #agentFor(session: LiveSession): Promise<AgentLookup> {
    const now = this.#deps.clock.now();
    const cached = session.agentLookup;
    if (cached?.lookup.ok && now - cached.at < this.#deps.agentCacheMs) return cached.lookup;
    const lookup = await this.#deps.agents.forSession(session.record);
    session.agentLookup = { lookup, at: now };
    return lookup;
  }

  #context(session: LiveSession) {
    return { sessionId: session.id, language: session.record.language };
  }
}

function joinedPayload(agent: Agent) {
  return { agent_name: agent.name, agent_avatar_url: agent.avatarUrl };
}
