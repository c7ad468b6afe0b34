// The handoff queues: placing a session, its wait and max-wait deadline, closing it, and requeueing after a drop.
import type { LiveSession } from "../live-session.js";
import type { DeskSignal, HandoffRefusal, TimerHandle } from "../ports.js";
import type { DeskUserRecord, HandoffRecord, QueueRecord, StoredEvent } from "../records.js";
import { SerialQueue } from "../serial-queue.js";
import type { Background, DeskDeps, DeskFailure, DeskReach, QueueEntry } from "./desk-types.js";
import { liveAgentLeftEvent } from "./live-agent-left.js";
import { isOpenAt } from "./opening-hours.js";
import { QueueBoard } from "./queue-board.js";
import { QueueView } from "./queue-view.js";
import { type QueueStatus, QueueWatch, statusFor } from "./queue-watch.js";
import { VisitorBoard } from "./visitor-board.js";

/** How often a process of a deployment reads every open handoff again, in case a signal was lost. */
export const BOARD_RESYNC_MS = 15_000;

/**
 * Open handoffs as this process knows them: who waits where and who holds what, kept in step
 * with the store. With other processes, each change is signalled and the receivers read the
 * handoff again; the whole board is read again every `BOARD_RESYNC_MS`.
 */
export class HandoffQueue {
  readonly #deps: DeskDeps;
  readonly #reach: DeskReach;
  readonly #background: Background;
  readonly #board = new QueueBoard();
  readonly #watch: QueueWatch;
  readonly #view: QueueView;
  /** The presence of each visitor with an open handoff, as last read. */
  readonly visitors = new VisitorBoard();
  /** Changes told by other processes, applied one at a time (reads finish in order). */
  readonly #changes = new SerialQueue();
  #resync: TimerHandle | undefined;

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

  /** Starts reading the whole board again now and then (only with other processes). */
  join(): void {
    if (!this.#deps.signals) return;
    this.#resync ??= this.#deps.clock.setInterval(
      () =>
        this.#background(
          this.#changes.run(() => this.#reload()),
          "queue board",
        ),
      BOARD_RESYNC_MS,
    );
  }

  stop(): void {
    this.#resync?.cancel();
  }

  /** Another process changed a handoff: read it again, and show desk users here the queue. */
  receive(signal: Extract<DeskSignal, { kind: "handoff" }>): void {
    this.#background(
      this.#changes.run(() => this.#apply(signal.sessionId, signal.handoffId, signal.preview)),
      "queue board",
    );
  }

  /**
   * The open handoff of a session for a decision: from the store when other processes may
   * have changed it (the board is then corrected), else from the board.
   */
  async lookup(sessionId: string): Promise<HandoffRecord | undefined> {
    if (!this.#deps.signals) return this.#board.get(sessionId);
    const open = (await this.#deps.store.listOpenHandoffs()).filter(
      (h) => h.sessionId === sessionId,
    );
    const current = open.at(-1);
    const known = this.#board.get(sessionId);
    if (current) this.#board.put(current);
    else if (known) this.#board.remove(sessionId);
    return current;
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
    this.#changed(handoff, this.#view.previewOf(session.id));
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
    return this.#reach.servesQueue(queueName) ? undefined : "NO_AGENTS_AVAILABLE";
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
    const preview = this.#view.userMessage(handoff.sessionId, event);
    if (handoff.state !== "queued") return;
    this.#changed(handoff, preview);
    this.#background(this.#view.push(handoff.queue), "queue push");
  }

  /** Forgets an erased session. */
  forget(sessionId: string): void {
    const handoff = this.#board.get(sessionId);
    this.#board.remove(sessionId);
    this.#watch.stop(sessionId);
    this.#view.forget(sessionId);
    this.visitors.forget(sessionId);
    if (!handoff) return;
    this.#changed(handoff);
    this.#background(this.queueChanged(handoff.queue), "queue change");
  }

  /**
   * Claims a waiting handoff for a desk user who may hold at most `capacity`; the store decides
   * who wins and counts what they hold in the same atomic step, whichever process claims.
   */
  async claim(
    handoff: HandoffRecord,
    deskUserId: string,
    now: number,
    capacity: number,
  ): Promise<DeskFailure | undefined> {
    if (!(await this.#deps.store.claimHandoff(handoff.id, deskUserId, now, capacity))) {
      // Still waiting: it was the capacity that refused.
      const stored = await this.#deps.store.getHandoff(handoff.id);
      return stored?.state === "queued" ? "desk_over_capacity" : "desk_already_taken";
    }
    if (this.#board.get(handoff.sessionId)?.id !== handoff.id) return "desk_session_not_found";
    const claimed = {
      ...handoff,
      state: "assigned",
      assignedTo: deskUserId,
      assignedAt: now,
    } as const;
    this.#board.put(claimed);
    this.#changed(claimed);
    this.#watch.stop(handoff.sessionId);
    return undefined;
  }

  /**
   * Hands an assigned handoff to another desk user who may hold at most `capacity`; the store
   * checks both (still held by its holder, room with the receiver) in one atomic step.
   */
  async reassign(
    handoff: HandoffRecord,
    deskUserId: string,
    now: number,
    capacity: number,
  ): Promise<DeskFailure | undefined> {
    const from = handoff.assignedTo ?? "";
    const store = this.#deps.store;
    if (!(await store.reassignHandoff(handoff.id, from, deskUserId, now, capacity))) {
      // Still with its holder: it was the receiver's capacity that refused.
      const stored = await store.getHandoff(handoff.id);
      return stored?.state === "assigned" && stored.assignedTo === from
        ? "desk_colleague_unavailable"
        : "desk_session_not_found";
    }
    const reassigned = { ...handoff, assignedTo: deskUserId, assignedAt: now };
    this.#board.put(reassigned);
    this.#changed(reassigned);
    return undefined;
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
    this.#changed(handoff);
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
    // With other processes, what the desk user holds is read from the store (it decides).
    const held = this.#deps.signals
      ? (await this.#deps.store.listOpenHandoffs()).filter(
          (h) => h.state === "assigned" && h.assignedTo === deskUserId,
        )
      : this.#board.assignedTo(deskUserId);
    for (const handoff of held) {
      const requeue = { state: "queued", assignedTo: null, assignedAt: null, priority: 1 } as const;
      const requeued = await this.#deps.store.updateHandoff(handoff.id, "assigned", requeue);
      const session = await this.#deps.sessions.load(handoff.sessionId);
      if (!requeued || !session) continue;
      const back: HandoffRecord = { ...handoff, ...requeue };
      this.#board.put(back);
      this.#deps.queued?.(handoff.sessionId);
      this.#changed(back);
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

  // Tells the other processes that this handoff changed (they read it from the store).
  #changed(handoff: HandoffRecord, preview?: string): void {
    const { signals } = this.#deps;
    signals?.publish({
      kind: "handoff",
      from: signals.processId,
      sessionId: handoff.sessionId,
      handoffId: handoff.id,
      ...(preview === undefined ? {} : { preview }),
    });
  }

  // A handoff another process changed, as the store has it now.
  async #apply(sessionId: string, handoffId: string, preview: string | undefined): Promise<void> {
    const known = this.#board.get(sessionId);
    const stored = await this.#deps.store.getHandoff(handoffId);
    const queues = new Set([known?.queue, stored?.queue]);
    if (stored && stored.state !== "closed") {
      // An older handoff of the session never replaces a newer one.
      if (known && known.id !== stored.id && known.enqueuedAt > stored.enqueuedAt) return;
      this.#board.put(stored);
      if (preview !== undefined) this.#view.setPreview(sessionId, preview);
      else if (this.#view.previewOf(sessionId) === undefined)
        await this.#view.rememberStored(sessionId);
    } else if (known?.id === handoffId) {
      this.#board.remove(sessionId);
      this.#view.forget(sessionId);
    } else return;
    for (const queue of queues) if (queue) await this.#view.push(queue);
  }

  // Every open handoff read again: what a lost signal left stale is put right.
  async #reload(): Promise<void> {
    const open = await this.#deps.store.listOpenHandoffs();
    const before = new Map(
      [...this.#board.lengths().keys()].map((q) => [q, JSON.stringify(this.#board.waiting(q))]),
    );
    const stored = new Map(open.map((h) => [h.sessionId, h]));
    for (const sessionId of this.#board.sessionIds())
      if (!stored.has(sessionId)) {
        this.#board.remove(sessionId);
        this.#view.forget(sessionId);
      }
    for (const handoff of stored.values()) {
      this.#board.put(handoff);
      if (this.#view.previewOf(handoff.sessionId) === undefined)
        await this.#view.rememberStored(handoff.sessionId);
    }
    const queues = new Set([...before.keys(), ...this.#board.lengths().keys()]);
    for (const queue of queues)
      if (before.get(queue) !== JSON.stringify(this.#board.waiting(queue)))
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
