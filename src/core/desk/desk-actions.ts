// What a desk user does with a conversation: accept it, write and type in it, leave it, transfer it.
import type { TypingState } from "../../protocol/index.js";
import { recordHandoffFailure } from "../handoff.js";
import type { LiveSession } from "../live-session.js";
import type { HandoffRefusal } from "../ports.js";
import type { DeskUserRecord } from "../records.js";
import { SerialQueue } from "../serial-queue.js";
import type { DeskPresence } from "./desk-presence.js";
import type { Background, DeskDeps, DeskFailure, DeskMessage, DeskResult } from "./desk-types.js";
import { liveAgentIdentity, liveAgentPayload } from "./desk-user-json.js";
import type { HandoffQueue } from "./handoff-queue.js";
import { liveAgentLeftEvent } from "./live-agent-left.js";

const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
const fail = <T>(error: DeskFailure): DeskResult<T> => ({ ok: false, error });

/** The desk users' actions on sessions; each answers with a result, never by throwing. */
export class DeskActions {
  readonly #deps: DeskDeps;
  readonly #queue: HandoffQueue;
  readonly #presence: DeskPresence;
  readonly #background: Background;
  readonly #perUser = new Map<string, SerialQueue>();

  constructor(deps: DeskDeps, queue: HandoffQueue, presence: DeskPresence, background: Background) {
    this.#deps = deps;
    this.#queue = queue;
    this.#presence = presence;
    this.#background = background;
  }

  /** Takes a waiting session; exactly one desk user wins, whatever the timing. */
  accept(user: DeskUserRecord, sessionId: string): Promise<DeskResult<{ session_id: string }>> {
    return this.#serial(user.id).run(async () => {
      const handoff = await this.#queue.lookup(sessionId);
      if (!handoff) return fail("desk_session_not_found");
      if (handoff.state === "assigned") {
        return handoff.assignedTo === user.id
          ? ok({ session_id: sessionId })
          : fail("desk_already_taken");
      }
      if (!user.queues.includes(handoff.queue)) return fail("desk_not_your_queue");
      // Away or offline by choice keeps the chats held, but takes no new ones.
      if (this.#presence.isOnline(user.id) && !this.#presence.available(user.id))
        return fail("desk_not_available");
      if (this.#queue.heldBy(user.id).length >= user.maxConcurrent)
        return fail("desk_over_capacity");
      const now = this.#deps.clock.now();
      const refused = await this.#queue.claim(handoff, user.id, now, user.maxConcurrent);
      if (refused) return fail(refused);
      this.#deps.observer?.outcome("accepted");
      this.#deps.observer?.waited(handoff.queue, (now - handoff.enqueuedAt) / 1000);
      const session = await this.#deps.sessions.load(sessionId);
      if (session) {
        await session.append(
          [{ type: "EVENT_TYPE_LIVE_AGENT_JOINED", payload: liveAgentPayload(user) }],
          { agentStatus: "live" },
        );
      }
      this.#presence.push(user.id, {
        type: "assigned",
        session_id: sessionId,
        queue: handoff.queue,
      });
      // Someone accepting without a desk socket gets the same grace as one who dropped.
      if (!this.#presence.isOnline(user.id)) this.#presence.startGrace(user.id);
      await this.#queue.queueChanged(handoff.queue);
      return ok({ session_id: sessionId });
    });
  }

  /** A message from the desk user to the user of a session they hold. */
  async send(
    user: DeskUserRecord,
    sessionId: string,
    message: DeskMessage,
  ): Promise<DeskResult<{ id: string; sequence: number }>> {
    const session = await this.#held(user, sessionId);
    if (!session) return fail("desk_session_not_found");
    const payload = {
      message_id: this.#deps.events.id(),
      ...liveAgentIdentity(user),
      text: message.text,
      attachments: message.attachments,
      response_suggestions: message.response_suggestions,
    };
    const stored = await session.exclusive(() =>
      session.ended
        ? Promise.resolve([])
        : session.commit([{ type: "EVENT_TYPE_LIVE_AGENT_MESSAGE", payload }]),
    );
    const event = stored[0];
    return event ? ok({ id: event.id, sequence: event.sequence }) : fail("desk_session_not_found");
  }

  /**
   * The desk user has read the session up to `upTo` (clamped to its last sequence): recorded as
   * LIVE_AGENT_SEEN when it reads further than before, so a reload shows "Seen" too. Sessions of
   * the official SDKs' profile are not sent it (their models know no such event).
   */
  async seen(user: DeskUserRecord, sessionId: string, upTo: number): Promise<DeskResult<null>> {
    const session = await this.#held(user, sessionId);
    if (!session) return fail("desk_session_not_found");
    if (session.record.clientProfile === "official-sdk") return ok(null);
    await session.exclusive(async () => {
      const last = Math.min(upTo, session.record.lastSequence);
      if (session.ended || last <= session.seenUpTo) return;
      session.seenUpTo = last;
      const payload = { agent_id: user.id, agent_name: user.name, up_to_sequence: last };
      await session.commit([{ type: "EVENT_TYPE_LIVE_AGENT_SEEN", payload }]);
    });
    return ok(null);
  }

  /** The desk user typing, shown to the user (transient). */
  async typing(
    user: DeskUserRecord,
    sessionId: string,
    state: TypingState,
  ): Promise<DeskResult<null>> {
    const session = await this.#held(user, sessionId);
    if (!session) return fail("desk_session_not_found");
    session.broadcast("EVENT_TYPE_LIVE_AGENT_TYPING", { state, agent_id: user.id });
    return ok(null);
  }

  /** The desk user leaves; the session ends, or goes back to the AI agent. */
  async leave(
    user: DeskUserRecord,
    sessionId: string,
    endSession: boolean,
  ): Promise<DeskResult<null>> {
    const session = await this.#held(user, sessionId);
    const handoff = this.#queue.handoff(sessionId);
    if (!session || !handoff) return fail("desk_session_not_found");
    const outcome = endSession ? "completed" : "returned_to_ai";
    if (!(await this.#queue.close(handoff, "assigned", outcome)))
      return fail("desk_session_not_found");
    this.#presence.push(user.id, {
      type: "unassigned",
      session_id: sessionId,
      reason: endSession ? "ended" : "left",
    });
    if (endSession) {
      const left = {
        type: "EVENT_TYPE_LIVE_AGENT_LEFT" as const,
        payload: { reason: "AGENT_LEFT", agent_id: user.id },
      };
      await session.append(
        [left, { type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_NATURAL_END" } }],
        {
          agentStatus: "none",
          state: "ended",
          endReason: "REASON_NATURAL_END",
          endedAt: this.#deps.clock.now(),
        },
      );
    } else {
      await session.append([liveAgentLeftEvent(session.record, user, "AGENT_LEFT")], {
        agentStatus: "none",
      });
      this.#background(this.#deps.rejoin(session, "returned_by_live_agent"), "rejoin");
    }
    return ok(null);
  }

  /** Hands a held session to another queue; refused (the chat stays) when nobody could take it there. */
  async transfer(
    user: DeskUserRecord,
    sessionId: string,
    queueName: string,
  ): Promise<DeskResult<null>> {
    const session = await this.#held(user, sessionId);
    const handoff = this.#queue.handoff(sessionId);
    if (!session || !handoff) return fail("desk_session_not_found");
    const refusal = await this.#queue.refusal(queueName);
    if (refusal === "QUEUE_NOT_FOUND") return fail("desk_queue_not_found");
    if (refusal) return fail("desk_transfer_unavailable");
    if (!(await this.#queue.close(handoff, "assigned", "transferred")))
      return fail("desk_session_not_found");
    this.#presence.push(user.id, {
      type: "unassigned",
      session_id: sessionId,
      reason: "transferred",
    });
    await session.append([liveAgentLeftEvent(session.record, user, "TRANSFER", queueName)], {
      agentStatus: "handoff",
    });
    const placed = await this.#queue.enqueue(session, queueName);
    if (!placed.ok) await this.#handoffFailed(session, queueName, placed.reason);
    return ok(null);
  }

  async #held(user: DeskUserRecord, sessionId: string): Promise<LiveSession | undefined> {
    const handoff = this.#queue.handoff(sessionId);
    if (handoff?.state !== "assigned" || handoff.assignedTo !== user.id) return undefined;
    const session = await this.#deps.sessions.load(sessionId);
    return session && !session.ended ? session : undefined;
  }

  // The transfer target refused after the check above (it closed, or its agents left): the AI agent comes back.
  async #handoffFailed(session: LiveSession, queue: string, reason: HandoffRefusal): Promise<void> {
    await recordHandoffFailure(session, queue, reason);
    this.#background(this.#deps.rejoin(session, "failed"), "rejoin");
  }

  #serial(deskUserId: string): SerialQueue {
    let queue = this.#perUser.get(deskUserId);
    if (!queue) {
      queue = new SerialQueue();
      this.#perUser.set(deskUserId, queue);
    }
    return queue;
  }
}
