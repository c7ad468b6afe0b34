// The handoff queues: placing a session, its wait and max-wait deadline, closing it, and requeueing after a drop.
import type { LiveSession } from "../live-session.js";
import type { HandoffRefusal } from "../ports.js";
import type { DeskUserRecord, HandoffRecord, QueueRecord, StoredEvent } from "../records.js";
import type { Background, DeskDeps, DeskFailure, DeskReach, QueueEntry } from "./desk-types.js";
import { liveAgentLeftEvent } from "./live-agent-left.js";
import { isOpenAt } from "./opening-hours.js";
import { QueueBoard } from "./queue-board.js";
import { QueueView } from "./queue-view.js";
import { type QueueStatus, QueueWatch, statusFor } from "./queue-watch.js";
import { VisitorBoard } from "./visitor-board.js";

/** Open handoffs of this process: who waits where and who holds what, kept in step with the store. */
export class HandoffQueue {
  readonly #deps: DeskDeps;
  readonly #reach: DeskReach;
  readonly #background: Background;
  readonly #board = new QueueBoard();
  readonly #watch: QueueWatch;
  readonly #view: QueueView;
  /** The presence of each visitor with an open handoff, as last read. */
  readonly visitors = new VisitorBoard();

  constructor(deps: DeskDeps, reach: DeskReach, background: Background) {
    this.#deps = deps;
    this.#reach = reach;
    this.#background = background;
    this.#watch = new QueueWatch({
      board: this.#board,
      clock: deps.clock,
      store: deps.store,
      scheduler: deps.scheduler,
      send: (id, status) => this.#background(this.#sendStatus(id, status), "queue status"),
      timedOut: (sessionId, handoffId) => this.#timedOut(sessionId, handoffId),
      onError: (error, context) => deps.onError?.(error, context),
    });
    this.#view = new QueueView(this.#board, deps.clock, deps.store, reach, this.visitors);
  }

  /** Puts open handoffs back after a restart: waits resume, and `held` hears of each holder. */
  async restore(handoffs: HandoffRecord[], held: (deskUserId: string) => void): Promise<void> {
    for (const handoff of handoffs) {
      this.#board.put(handoff);
      const queue = await this.#deps.store.getQueue(handoff.queue);
      if (handoff.state === "queued") {
        await this.#startWatch(handoff, queue, true);
        this.#deps.queued?.(handoff.sessionId);
      } else if (handoff.assignedTo) held(handoff.assignedTo);
    }
    for (const queue of this.#board.lengths().keys()) await this.#watch.refresh(queue);
  }

  /** Queue lengths by queue name (metrics). */
  queueLengths(): Map<string, number> {
    return this.#board.lengths();
  }

  /** The open handoff of a session, if any. */
  handoff(sessionId: string): HandoffRecord | undefined {
    return this.#board.get(sessionId);
  }

  /** Handoffs assigned to a desk user. */
  heldBy(deskUserId: string): HandoffRecord[] {
    return this.#board.assignedTo(deskUserId);
  }

  /** Places a session (its AI agent already gone) in `queueName`, or says why it cannot. */
  async enqueue(
    session: LiveSession,
    queueName: string,
  ): Promise<{ ok: true } | { ok: false; reason: HandoffRefusal }> {
    const refusal = await this.refusal(queueName);
    if (refusal) {
      this.#deps.observer?.outcome("failed");
      return { ok: false, reason: refusal };
    }
    const queue = await this.#deps.store.getQueue(queueName);
    // Deleted between the check and now.
    if (!queue) return { ok: false, reason: "QUEUE_NOT_FOUND" };
    const now = this.#deps.clock.now();
    const handoff: HandoffRecord = {
      id: this.#deps.events.id(),
      sessionId: session.id,
      queue: queue.name,
      state: "queued",
      priority: 0,
      enqueuedAt: now,
      assignedTo: null,
      assignedAt: null,
      closedAt: null,
      outcome: null,
    };
    await this.#deps.store.createHandoff(handoff);
    this.#board.put(handoff);
    // Ended while the handoff was written: its SESSION_END found no handoff to close, so close it here.
    if (session.ended) {
      if (await this.close(handoff, "queued", "abandoned"))
        this.#deps.observer?.outcome("abandoned");
      return { ok: true };
    }
    await this.#view.remember(session);
    await session.append(
      [{ type: "EVENT_TYPE_HANDOFF_ACCEPTED", payload: { queue_name: queue.name } }],
      { agentStatus: "handoff" },
    );
    await this.#startWatch(handoff, queue);
    this.#deps.queued?.(session.id);
    await this.queueChanged(queue.name);
    return { ok: true };
  }

  /** Why a handoff to `queueName` cannot be placed now, if it cannot. */
  async refusal(queueName: string): Promise<HandoffRefusal | undefined> {
    const queue = await this.#deps.store.getQueue(queueName);
    if (!queue) return "QUEUE_NOT_FOUND";
    if (!isOpenAt(queue.openingHours, this.#deps.clock.now())) return "QUEUE_CLOSED";
    const serving = [...this.#reach.online()].some(
      (u) => u.queues.includes(queueName) && this.#reach.available(u.id),
    );
    return serving ? undefined : "NO_AGENTS_AVAILABLE";
  }

  /** The queue status a waiting session is told after its replay, if it waits, in its language. */
  currentStatus(sessionId: string, language: string | null = null): QueueStatus | undefined {
    const status = this.#watch.current(sessionId);
    return status && statusFor(status, language);
  }

  /** Waiting conversations of the desk user's queues in serving order. */
  queueFor(user: DeskUserRecord): QueueEntry[] {
    return this.#view.queueFor(user);
  }

  /** A user message in a session with a handoff: the new preview, shown at once if it waits. */
  userMessage(handoff: HandoffRecord, event: StoredEvent): void {
    this.#view.userMessage(handoff.sessionId, event);
    if (handoff.state === "queued") this.#background(this.#view.push(handoff.queue), "queue push");
  }

  /** Forgets an erased session. */
  forget(sessionId: string): void {
    const handoff = this.#board.get(sessionId);
    this.#board.remove(sessionId);
    this.#watch.stop(sessionId);
    this.#view.forget(sessionId);
    this.visitors.forget(sessionId);
    if (handoff) this.#background(this.queueChanged(handoff.queue), "queue change");
  }

  /** Claims a waiting handoff for a desk user; the store decides who wins. */
  async claim(
    handoff: HandoffRecord,
    deskUserId: string,
    now: number,
  ): Promise<DeskFailure | undefined> {
    if (!(await this.#deps.store.claimHandoff(handoff.id, deskUserId, now)))
      return "desk_already_taken";
    if (this.#board.get(handoff.sessionId)?.id !== handoff.id) return "desk_session_not_found";
    this.#board.put({ ...handoff, state: "assigned", assignedTo: deskUserId, assignedAt: now });
    this.#watch.stop(handoff.sessionId);
    return undefined;
  }

  /** Hands an assigned handoff to another desk user; false when it is no longer assigned. */
  async reassign(handoff: HandoffRecord, deskUserId: string, now: number): Promise<boolean> {
    const moved = await this.#deps.store.updateHandoff(handoff.id, "assigned", {
      assignedTo: deskUserId,
      assignedAt: now,
    });
    if (moved) this.#board.put({ ...handoff, assignedTo: deskUserId, assignedAt: now });
    return moved;
  }

  /** Closes a handoff still in state `from`; false when it already moved on. */
  async close(
    handoff: HandoffRecord,
    from: "queued" | "assigned",
    outcome: HandoffRecord["outcome"],
  ): Promise<boolean> {
    const closed = await this.#deps.store.updateHandoff(handoff.id, from, {
      state: "closed",
      closedAt: this.#deps.clock.now(),
      outcome,
    });
    if (!closed) return false;
    this.#board.remove(handoff.sessionId);
    this.#watch.stop(handoff.sessionId);
    this.#view.forget(handoff.sessionId);
    this.visitors.forget(handoff.sessionId);
    await this.queueChanged(handoff.queue);
    return true;
  }

  /** The session ended while waiting or held: the handoff is abandoned and its holder told. */
  async sessionEnded(
    session: LiveSession,
    handoff: HandoffRecord,
    end: StoredEvent,
  ): Promise<void> {
    const from = handoff.state === "assigned" ? "assigned" : "queued";
    if (!(await this.close(handoff, from, "abandoned"))) return;
    this.#deps.observer?.outcome("abandoned");
    if (handoff.state === "assigned" && handoff.assignedTo) {
      const reason = (JSON.parse(end.payloadJson) as { reason?: string }).reason ?? null;
      this.#reach.push(handoff.assignedTo, {
        type: "session.ended",
        session_id: session.id,
        reason,
      });
    }
  }

  /** The desk user did not come back: their chats return to the front of their queues. */
  async requeueHeldBy(deskUserId: string): Promise<void> {
    for (const handoff of this.#board.assignedTo(deskUserId)) {
      const requeue = { state: "queued", assignedTo: null, assignedAt: null, priority: 1 } as const;
      const requeued = await this.#deps.store.updateHandoff(handoff.id, "assigned", requeue);
      const session = await this.#deps.sessions.load(handoff.sessionId);
      if (!requeued || !session) continue;
      const back: HandoffRecord = { ...handoff, ...requeue };
      this.#board.put(back);
      this.#deps.queued?.(handoff.sessionId);
      this.#reach.push(deskUserId, {
        type: "unassigned",
        session_id: handoff.sessionId,
        reason: "disconnected",
      });
      const agent = {
        id: deskUserId,
        name: (await this.#deps.store.getDeskUser(deskUserId))?.name ?? null,
      };
      await session.append(
        [
          liveAgentLeftEvent(session.record, agent, "AGENT_DISCONNECTED"),
          { type: "EVENT_TYPE_HANDOFF_ACCEPTED", payload: { queue_name: handoff.queue } },
        ],
        { agentStatus: "handoff" },
      );
      await this.#startWatch(back, await this.#deps.store.getQueue(handoff.queue));
      await this.queueChanged(handoff.queue);
    }
  }

  /** After any change in `queue`: waiting sessions hear their new position, desk users the new list. */
  /** Sends the queue's desk users their queue again (a waiting visitor came or went). */
  pushQueue(queue: string): Promise<void> {
    return this.#view.push(queue);
  }

  /** Sessions with an open handoff here. */
  sessionIds(): string[] {
    return this.#board.sessionIds();
  }

  async queueChanged(queue: string): Promise<void> {
    await this.#watch.refresh(queue);
    await this.#view.push(queue);
  }

  // The max wait counts from now (a requeue starts a new wait) unless restored after a restart.
  #startWatch(
    handoff: HandoffRecord,
    queue: QueueRecord | undefined,
    restored = false,
  ): Promise<void> {
    const maxWaitMs = (queue?.maxWaitSeconds ?? 600) * 1000;
    const from = restored ? handoff.enqueuedAt : this.#deps.clock.now();
    return this.#watch.watch(handoff.sessionId, handoff.id, from + maxWaitMs, restored);
  }

  // The store decides: whichever process fires the timer, the handoff closes once.
  async #timedOut(sessionId: string, handoffId: string): Promise<void> {
    const handoff = this.#board.get(sessionId) ?? (await this.#deps.store.getHandoff(handoffId));
    if (handoff?.id !== handoffId || handoff.state !== "queued") return;
    if (!(await this.close(handoff, "queued", "timed_out"))) return;
    this.#deps.observer?.outcome("timed_out");
    // A session that is gone (erased) only needed its handoff closed.
    const session = await this.#deps.sessions.load(sessionId);
    if (!session) return;
    await session.append(
      [
        {
          type: "EVENT_TYPE_HANDOFF_TIMEOUT",
          payload: { reason: "MAX_WAIT_EXCEEDED", queue_name: handoff.queue },
        },
      ],
      { agentStatus: "none" },
    );
    await this.#deps.rejoin(session, "timed_out");
  }

  async #sendStatus(sessionId: string, status: QueueStatus): Promise<void> {
    const session = await this.#deps.sessions.load(sessionId);
    session?.broadcast(
      "EVENT_TYPE_HANDOFF_QUEUE_STATUS",
      statusFor(status, session.record.language),
    );
  }
}
