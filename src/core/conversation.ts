// The rules of a conversation: what each client event does to a session.
import {
  type ClientEvent,
  clientEventKey,
  type EventMetadata,
  encodeEvent,
  MAX_CLIENT_EVENT_BYTES,
  protocolError,
} from "../protocol/index.js";
import type { AgentDirectory } from "./agent-directory.js";
import { runTurn, type TurnDeps } from "./agent-turn.js";
import type { ConnectionFeed } from "./connection-feed.js";
import { startHandoff } from "./handoff.js";
import type { LiveSession } from "./live-session.js";
import type { Agent, Clock, LiveDesk, Store } from "./ports.js";

export interface ConversationDeps {
  store: Store;
  clock: Clock;
  agents: AgentDirectory;
  desk: LiveDesk;
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
          rejoin: (s) => this.#rejoin(s),
        }),
    };
  }

  /** Handles one valid client event from `feed`; `size` is the frame's length in bytes. */
  handle(
    session: LiveSession,
    feed: ConnectionFeed,
    event: ClientEvent,
    size: number,
  ): Promise<void> {
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
          return this.#userMessage(session, feed, event, size);
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
          // Forwarded to a live agent once the desk is present; nobody else listens.
          return;
      }
    });
  }

  async #userMessage(session: LiveSession, feed: ConnectionFeed, event: ClientEvent, size: number) {
    const { metadata } = event;
    if (size > MAX_CLIENT_EVENT_BYTES) {
      const reason = `event is larger than ${MAX_CLIENT_EVENT_BYTES} bytes`;
      return session.replyError(feed, protocolError("invalid_payload", { reason }), metadata);
    }
    const key = clientEventKey(metadata);
    if (key !== undefined) {
      const original = await this.#deps.store.findEventByClientKey(session.id, key);
      if (original) return feed.sendDirect(encodeEvent(original), original.type);
    }
    if (session.record.agentStatus === "none") {
      return session.replyError(feed, protocolError("conversation_not_found"), metadata);
    }
    const payload = { text: event.payload.text, message_id: this.#deps.turn.events.id() };
    await session.commit([{ type: "EVENT_TYPE_USER_MESSAGE", payload, metadata, clientKey: key }]);
    if (session.record.agentStatus !== "ai") {
      // Handoff under way with no desk to carry it: say so rather than drop it.
      session.broadcastError(protocolError("forward_to_live_agent_failed"));
      return;
    }
    const text = String(event.payload.text);
    this.#scheduleTurn(session, (agent) =>
      runTurn(
        session,
        agent,
        () => agent.reply(this.#context(session), text),
        this.#turn,
        "agent_reply_failed",
      ),
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

  #scheduleGreeting(session: LiveSession): void {
    this.#scheduleTurn(session, async (agent) => {
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
    });
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
  async #rejoin(session: LiveSession): Promise<void> {
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
    await session.append(
      [{ type: "EVENT_TYPE_POLY_AGENT_JOINED", payload: joinedPayload(agent) }],
      {
        agentStatus: "ai",
      },
    );
    // Already inside a turn: deliver the rejoin message in this turn, not a queued one.
    await runTurn(
      session,
      agent,
      () => agent.rejoin(this.#context(session)),
      this.#turn,
      "agent_reply_failed",
    );
  }

  #scheduleTurn(session: LiveSession, turn: (agent: Agent) => Promise<boolean>): void {
    const generation = session.generation;
    void session.turns.run(async () => {
      if (session.generation !== generation || session.ended) return;
      const lookup = await this.#deps.agents.forSession(session.record);
      if (!lookup.ok) {
        session.broadcastError(protocolError(lookup.error));
        return;
      }
      await turn(lookup.agent);
    });
  }

  #context(session: LiveSession) {
    return { sessionId: session.id, language: session.record.language };
  }
}

function joinedPayload(agent: Agent) {
  return { agent_name: agent.name, agent_avatar_url: agent.avatarUrl };
}
