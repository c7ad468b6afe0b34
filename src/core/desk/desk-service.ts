// The live-agent desk: queues sessions for humans, tracks who is online, and carries desk actions to sessions.
import { encodeEvent, type HttpErrorCode, type TypingState } from "../../protocol/index.js";
import type { EventFactory } from "../event-factory.js";
import type { LiveSession } from "../live-session.js";
import type { Clock, HandoffRefusal, Store, TimerHandle } from "../ports.js";
import type { DeskUserRecord, HandoffRecord, QueueRecord, StoredEvent } from "../records.js";
import { SerialQueue } from "../serial-queue.js";
import { type DeskConnection, type DeskEvent, DeskFeed } from "./desk-feed.js";
import { isOpenAt } from "./opening-hours.js";
import { QueueBoard } from "./queue-board.js";
import { type QueueStatus, QueueWatch } from "./queue-watch.js";

export type DeskFailure = Extract<
  HttpErrorCode,
  | "desk_session_not_found"
  | "desk_already_taken"
  | "desk_over_capacity"
  | "desk_not_your_queue"
  | "desk_queue_not_found"
  | "desk_transfer_unavailable"
>;
export type DeskResult<T> = { ok: true; value: T } | { ok: false; error: DeskFailure };

/** Handoff outcomes counted for metrics. */
export interface DeskObserver {
  outcome(outcome: "accepted" | "failed" | "timed_out" | "abandoned"): void;
  waited(queue: string, seconds: number): void;
}

export interface DeskDeps {
  store: Store;
  clock: Clock;
  events: EventFactory;
  /** A desk user with no connection keeps their chats this long before they go back to the queue. */
  graceMs: number;
  sessions: { load(id: string): Promise<LiveSession | undefined> };
  /** Brings the AI agent back (or ends the session) after a handoff that did not reach a human. */
  rejoin(session: LiveSession): Promise<void>;
  observer?: DeskObserver;
  /** Reports failures of work nobody awaits (timers, fan-out); they must never crash the process. */
  onError?(error: unknown, context: string): void;
}

/** A message from a desk user. */
export interface DeskMessage {
  text: string;
  attachments: unknown[];
  response_suggestions: unknown[];
}

/** One waiting conversation as a desk user sees it in the queue. */
export interface QueueEntry {
  session_id: string;
  queue: string;
  position: number;
  enqueued_at: string;
  waiting_seconds: number;
  preview: string | null;
}

const ok = <T>(value: T): DeskResult<T> => ({ ok: true, value });
const fail = <T>(error: DeskFailure): DeskResult<T> => ({ ok: false, error });
const PREVIEW_CHARS = 140;

/** The desk: handoff queues, presence with a grace period, and every desk action. */
export class DeskService {
  readonly #deps: DeskDeps;
  readonly #board = new QueueBoard();
  readonly #watch: QueueWatch;
  readonly #feeds = new Map<string, DeskFeed>();
  readonly #online = new Map<string, DeskUserRecord>();
  readonly #grace = new Map<string, TimerHandle>();
  readonly #perUser = new Map<string, SerialQueue>();
  readonly #previews = new Map<string, string>();
  readonly #epoch: string;
  #stopped = false;

  constructor(deps: DeskDeps) {
    this.#deps = deps;
    this.#epoch = deps.events.id();
    this.#watch = new QueueWatch(this.#board, deps.clock, deps.store, (id, status) =>
      this.#background(this.#sendStatus(id, status), "queue status"),
    );
  }

  /** Loads open handoffs after a restart: waits resume, and chats of offline desk users get their grace period. */
  async start(): Promise<void> {
    for (const handoff of await this.#deps.store.listOpenHandoffs()) {
      this.#board.put(handoff);
      const queue = await this.#deps.store.getQueue(handoff.queue);
      if (handoff.state === "queued") this.#startWatch(handoff, queue, handoff.enqueuedAt);
      else if (handoff.assignedTo) this.#startGrace(handoff.assignedTo);
    }
    for (const queue of this.#board.lengths().keys()) await this.#watch.refresh(queue);
  }

  stop(): void {
    this.#stopped = true;
    this.#watch.stopAll();
    for (const timer of this.#grace.values()) timer.cancel();
    for (const feed of this.#feeds.values())
      for (const c of feed.connections) c.close(1001, "server shutting down");
  }

  /** Queue lengths by queue name (metrics). */
  queueLengths(): Map<string, number> {
    return this.#board.lengths();
  }

  /** Places a session (its AI agent already gone) in `queueName`, or says why it cannot. */
  async enqueue(
    session: LiveSession,
    queueName: string,
  ): Promise<{ ok: true } | { ok: false; reason: HandoffRefusal }> {
    const refusal = await this.#refusal(queueName);
    if (refusal) {
      this.#deps.observer?.outcome("failed");
      return { ok: false, reason: refusal };
    }
    const queue = (await this.#deps.store.getQueue(queueName)) as QueueRecord;
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
    this.#previews.set(session.id, await this.#lastUserText(session));
    await session.append(
      [{ type: "EVENT_TYPE_HANDOFF_ACCEPTED", payload: { queue_name: queue.name } }],
      {
        agentStatus: "handoff",
      },
    );
    this.#startWatch(handoff, queue, now);
    await this.#queueChanged(queue.name);
    return { ok: true };
  }

  /** The queue status a waiting session is told after its replay, if it waits. */
  currentStatus(sessionId: string): QueueStatus | undefined {
    return this.#watch.current(sessionId);
  }

  /** Sees every event a session records: forwards to the desk user, ends handoffs of ended sessions. */
  sessionEvents(session: LiveSession, events: readonly StoredEvent[]): void {
    const handoff = this.#board.get(session.id);
    if (!handoff) return;
    for (const event of events) {
      if (event.type === "EVENT_TYPE_SESSION_END") {
        this.#background(this.#sessionEnded(session, handoff, event), "session end");
        return;
      }
      if (event.type === "EVENT_TYPE_USER_MESSAGE") {
        this.#previews.set(session.id, preview(event));
        if (handoff.state === "queued")
          this.#background(this.#pushQueues(handoff.queue), "queue push");
      }
      if (handoff.state !== "assigned" || !handoff.assignedTo) continue;
      this.#feed(handoff.assignedTo).push({
        type: "session.event",
        session_id: session.id,
        event: JSON.parse(encodeEvent(event)),
      });
      if (event.type === "EVENT_TYPE_USER_MESSAGE" && !this.#online.has(handoff.assignedTo)) {
        session.broadcastError({ code: "forward_to_live_agent_failed" });
      }
    }
  }

  /** The user typing, shown to the live agent holding the session. */
  userTyping(sessionId: string, state: TypingState): void {
    const handoff = this.#board.get(sessionId);
    if (handoff?.state !== "assigned" || !handoff.assignedTo) return;
    this.#feed(handoff.assignedTo).pushTransient({
      type: "session.typing",
      session_id: sessionId,
      state,
    });
  }

  /** Forgets an erased session. */
  forget(sessionId: string): void {
    const handoff = this.#board.get(sessionId);
    this.#board.remove(sessionId);
    this.#watch.stop(sessionId);
    this.#previews.delete(sessionId);
    if (handoff) this.#background(this.#queueChanged(handoff.queue), "queue change");
  }

  /** Attaches a desk connection; replays after `cursor` (`epoch:seq`) or sends a snapshot. */
  connect(
    user: DeskUserRecord,
    connection: DeskConnection,
    cursor: string | null,
  ): { disconnect(): void } {
    const feed = this.#feed(user.id);
    const replay = feed.framesAfter(cursor);
    connection.send(
      JSON.stringify({
        seq: null,
        type: "hello",
        cursor: `${feed.epoch}:${feed.seq}`,
        resumed: replay !== null,
        desk_user: deskUserJson(user),
      }),
    );
    if (replay) for (const frame of replay) connection.send(frame);
    else connection.send(JSON.stringify({ seq: null, ...this.#snapshot(user) }));
    feed.connections.add(connection);
    this.#online.set(user.id, user);
    this.#grace.get(user.id)?.cancel();
    this.#grace.delete(user.id);
    let gone = false;
    return {
      disconnect: () => {
        if (gone) return;
        gone = true;
        feed.connections.delete(connection);
        if (feed.connections.size === 0) {
          this.#online.delete(user.id);
          this.#startGrace(user.id);
        }
      },
    };
  }

  /**
   * A desk user was edited, got a new token or was deleted: online sessions see the new record,
   * and sockets opened with a token that no longer works are closed.
   */
  async deskUserChanged(
    id: string,
    change: "updated" | "token_rotated" | "deleted",
  ): Promise<void> {
    const user = change === "deleted" ? undefined : await this.#deps.store.getDeskUser(id);
    if (user && change === "updated") {
      if (this.#online.has(id)) this.#online.set(id, user);
      return;
    }
    const feed = this.#feeds.get(id);
    for (const connection of feed?.connections ?? [])
      connection.close(4001, "desk token no longer valid");
  }

  /** Whether a desk user has a desk connection open. */
  isOnline(deskUserId: string): boolean {
    return this.#online.has(deskUserId);
  }

  /** Waiting conversations of the desk user's queues in serving order: requeued first, then oldest first. */
  queueFor(user: DeskUserRecord): QueueEntry[] {
    const now = this.#deps.clock.now();
    return user.queues
      .flatMap((queue) =>
        this.#board.waiting(queue).map((handoff, index) => ({ handoff, position: index + 1 })),
      )
      .sort(
        (a, b) =>
          b.handoff.priority - a.handoff.priority || a.handoff.enqueuedAt - b.handoff.enqueuedAt,
      )
      .map(({ handoff: h, position }) => ({
        session_id: h.sessionId,
        queue: h.queue,
        position,
        enqueued_at: new Date(h.enqueuedAt).toISOString(),
        waiting_seconds: Math.max(0, Math.round((now - h.enqueuedAt) / 1000)),
        preview: this.#previews.get(h.sessionId) || null,
      }));
  }

  /** Sessions assigned to the desk user. */
  assignedTo(
    user: DeskUserRecord,
  ): Array<{ session_id: string; queue: string; assigned_at: string }> {
    return this.#board.assignedTo(user.id).map((h) => ({
      session_id: h.sessionId,
      queue: h.queue,
      assigned_at: new Date(h.assignedAt ?? 0).toISOString(),
    }));
  }

  /** Takes a waiting session; exactly one desk user wins, whatever the timing. */
  accept(user: DeskUserRecord, sessionId: string): Promise<DeskResult<{ session_id: string }>> {
    return this.#serial(user.id).run(async () => {
      const handoff = this.#board.get(sessionId);
      if (!handoff) return fail("desk_session_not_found");
      if (handoff.state === "assigned") {
        return handoff.assignedTo === user.id
          ? ok({ session_id: sessionId })
          : fail("desk_already_taken");
      }
      if (!user.queues.includes(handoff.queue)) return fail("desk_not_your_queue");
      if (this.#board.assignedTo(user.id).length >= user.maxConcurrent)
        return fail("desk_over_capacity");
      const now = this.#deps.clock.now();
      if (!(await this.#deps.store.claimHandoff(handoff.id, user.id, now)))
        return fail("desk_already_taken");
      const current = this.#board.get(sessionId);
      if (current?.id !== handoff.id) return fail("desk_session_not_found");
      this.#board.put({ ...handoff, state: "assigned", assignedTo: user.id, assignedAt: now });
      this.#watch.stop(sessionId);
      this.#deps.observer?.outcome("accepted");
      this.#deps.observer?.waited(handoff.queue, (now - handoff.enqueuedAt) / 1000);
      const session = await this.#deps.sessions.load(sessionId);
      if (session) {
        await session.append(
          [{ type: "EVENT_TYPE_LIVE_AGENT_JOINED", payload: liveAgentPayload(user) }],
          {
            agentStatus: "live",
          },
        );
      }
      this.#feed(user.id).push({ type: "assigned", session_id: sessionId, queue: handoff.queue });
      // Someone accepting without a desk socket gets the same grace as one who dropped.
      if (!this.#online.has(user.id)) this.#startGrace(user.id);
      await this.#queueChanged(handoff.queue);
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
    const handoff = this.#board.get(sessionId);
    if (!session || !handoff) return fail("desk_session_not_found");
    const outcome = endSession ? "completed" : "returned_to_ai";
    if (!(await this.#close(handoff, "assigned", outcome))) return fail("desk_session_not_found");
    this.#feed(user.id).push({
      type: "unassigned",
      session_id: sessionId,
      reason: endSession ? "ended" : "left",
    });
    const left = {
      type: "EVENT_TYPE_LIVE_AGENT_LEFT" as const,
      payload: { reason: "AGENT_LEFT", agent_id: user.id },
    };
    if (endSession) {
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
      await session.append([left], { agentStatus: "none" });
      this.#background(
        session.turns.run(() => this.#deps.rejoin(session)),
        "rejoin",
      );
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
    const handoff = this.#board.get(sessionId);
    if (!session || !handoff) return fail("desk_session_not_found");
    const refusal = await this.#refusal(queueName);
    if (refusal === "QUEUE_NOT_FOUND") return fail("desk_queue_not_found");
    if (refusal) return fail("desk_transfer_unavailable");
    if (!(await this.#close(handoff, "assigned", "transferred")))
      return fail("desk_session_not_found");
    this.#feed(user.id).push({ type: "unassigned", session_id: sessionId, reason: "transferred" });
    await session.append(
      [{ type: "EVENT_TYPE_LIVE_AGENT_LEFT", payload: { reason: "TRANSFER", agent_id: user.id } }],
      { agentStatus: "handoff" },
    );
    const placed = await this.enqueue(session, queueName);
    if (!placed.ok) await this.#handoffFailed(session, queueName, placed.reason);
    return ok(null);
  }

  /** May this desk user read the session (held by them, or waiting in one of their queues)? */
  canRead(user: DeskUserRecord, sessionId: string): boolean {
    const handoff = this.#board.get(sessionId);
    if (!handoff) return false;
    return handoff.state === "assigned"
      ? handoff.assignedTo === user.id
      : user.queues.includes(handoff.queue);
  }

  async #held(user: DeskUserRecord, sessionId: string): Promise<LiveSession | undefined> {
    const handoff = this.#board.get(sessionId);
    if (handoff?.state !== "assigned" || handoff.assignedTo !== user.id) return undefined;
    const session = await this.#deps.sessions.load(sessionId);
    return session && !session.ended ? session : undefined;
  }

  async #refusal(queueName: string): Promise<HandoffRefusal | undefined> {
    const queue = await this.#deps.store.getQueue(queueName);
    if (!queue) return "QUEUE_NOT_FOUND";
    if (!isOpenAt(queue.openingHours, this.#deps.clock.now())) return "QUEUE_CLOSED";
    const serving = [...this.#online.values()].some((u) => u.queues.includes(queueName));
    return serving ? undefined : "NO_AGENTS_AVAILABLE";
  }

  async #close(
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
    this.#previews.delete(handoff.sessionId);
    await this.#queueChanged(handoff.queue);
    return true;
  }

  #startWatch(handoff: HandoffRecord, queue: QueueRecord | undefined, from: number): void {
    const maxWaitMs = (queue?.maxWaitSeconds ?? 600) * 1000;
    const intervalMs = (queue?.statusIntervalSeconds ?? 30) * 1000;
    const remaining = from + maxWaitMs - this.#deps.clock.now();
    this.#watch.watch(handoff.sessionId, intervalMs, remaining, () =>
      this.#background(this.#timedOut(handoff.sessionId), "queue timeout"),
    );
  }

  async #timedOut(sessionId: string): Promise<void> {
    const handoff = this.#board.get(sessionId);
    const session = await this.#deps.sessions.load(sessionId);
    if (handoff?.state !== "queued" || !session) return;
    if (!(await this.#close(handoff, "queued", "timed_out"))) return;
    this.#deps.observer?.outcome("timed_out");
    await session.append(
      [
        {
          type: "EVENT_TYPE_HANDOFF_TIMEOUT",
          payload: { reason: "MAX_WAIT_EXCEEDED", queue_name: handoff.queue },
        },
      ],
      { agentStatus: "none" },
    );
    await session.turns.run(() => this.#deps.rejoin(session));
  }

  async #handoffFailed(session: LiveSession, queue: string, reason: HandoffRefusal): Promise<void> {
    await session.append(
      [{ type: "EVENT_TYPE_HANDOFF_FAILED", payload: { reason, queue_name: queue } }],
      {
        agentStatus: "none",
      },
    );
    session.broadcastError({ code: "handoff_no_agent" });
    this.#background(
      session.turns.run(() => this.#deps.rejoin(session)),
      "rejoin",
    );
  }

  async #sessionEnded(
    session: LiveSession,
    handoff: HandoffRecord,
    end: StoredEvent,
  ): Promise<void> {
    if (
      !(await this.#close(
        handoff,
        handoff.state === "assigned" ? "assigned" : "queued",
        "abandoned",
      ))
    )
      return;
    this.#deps.observer?.outcome("abandoned");
    if (handoff.state === "assigned" && handoff.assignedTo) {
      const reason = (JSON.parse(end.payloadJson) as { reason?: string }).reason ?? null;
      this.#feed(handoff.assignedTo).push({
        type: "session.ended",
        session_id: session.id,
        reason,
      });
    }
  }

  #startGrace(deskUserId: string): void {
    if (this.#stopped) return;
    this.#grace.get(deskUserId)?.cancel();
    this.#grace.set(
      deskUserId,
      this.#deps.clock.setTimeout(
        () => this.#background(this.#graceExpired(deskUserId), "grace period"),
        this.#deps.graceMs,
      ),
    );
  }

  // The desk user did not come back: their chats return to the front of their queues.
  async #graceExpired(deskUserId: string): Promise<void> {
    this.#grace.delete(deskUserId);
    if (this.#online.has(deskUserId)) return;
    for (const handoff of this.#board.assignedTo(deskUserId)) {
      const requeued = await this.#deps.store.updateHandoff(handoff.id, "assigned", {
        state: "queued",
        assignedTo: null,
        assignedAt: null,
        priority: 1,
      });
      const session = await this.#deps.sessions.load(handoff.sessionId);
      if (!requeued || !session) continue;
      const now = this.#deps.clock.now();
      const back: HandoffRecord = {
        ...handoff,
        state: "queued",
        assignedTo: null,
        assignedAt: null,
        priority: 1,
      };
      this.#board.put(back);
      this.#feed(deskUserId).push({
        type: "unassigned",
        session_id: handoff.sessionId,
        reason: "disconnected",
      });
      await session.append(
        [
          {
            type: "EVENT_TYPE_LIVE_AGENT_LEFT",
            payload: { reason: "AGENT_DISCONNECTED", agent_id: deskUserId },
          },
          { type: "EVENT_TYPE_HANDOFF_ACCEPTED", payload: { queue_name: handoff.queue } },
        ],
        { agentStatus: "handoff" },
      );
      this.#startWatch(back, await this.#deps.store.getQueue(handoff.queue), now);
      await this.#queueChanged(handoff.queue);
    }
  }

  async #queueChanged(queue: string): Promise<void> {
    await this.#watch.refresh(queue);
    await this.#pushQueues(queue);
  }

  // Every online desk user serving `queue` gets their whole queue again: small, and never stale.
  async #pushQueues(queue: string): Promise<void> {
    for (const user of this.#online.values()) {
      if (user.queues.includes(queue))
        this.#feed(user.id).push({ type: "queue", entries: this.queueFor(user) });
    }
  }

  async #sendStatus(sessionId: string, status: QueueStatus): Promise<void> {
    const session = await this.#deps.sessions.load(sessionId);
    session?.broadcast("EVENT_TYPE_HANDOFF_QUEUE_STATUS", status);
  }

  async #lastUserText(session: LiveSession): Promise<string> {
    const from = Math.max(0, session.record.lastSequence - 50);
    const recent = await this.#deps.store.readEvents(session.id, from, 50);
    const last = recent.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE").at(-1);
    return last ? preview(last) : "";
  }

  #snapshot(user: DeskUserRecord): DeskEvent {
    return { type: "snapshot", queue: this.queueFor(user), sessions: this.assignedTo(user) };
  }

  #feed(deskUserId: string): DeskFeed {
    let feed = this.#feeds.get(deskUserId);
    if (!feed) {
      feed = new DeskFeed(this.#epoch);
      this.#feeds.set(deskUserId, feed);
    }
    return feed;
  }

  #background(work: Promise<unknown>, context: string): void {
    work.catch((error: unknown) => this.#deps.onError?.(error, context));
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

function preview(event: StoredEvent): string {
  const text = (JSON.parse(event.payloadJson) as { text?: unknown }).text;
  return typeof text === "string" ? text.slice(0, PREVIEW_CHARS) : "";
}

function liveAgentIdentity(user: DeskUserRecord) {
  return { agent_id: user.id, agent_name: user.name, avatar_url: user.avatarUrl ?? "" };
}

/** LIVE_AGENT_JOINED: the documented nested `agent` plus the fields the SDKs read at the top level. */
function liveAgentPayload(user: DeskUserRecord) {
  return {
    agent: { id: user.id, name: user.name, avatar_url: user.avatarUrl ?? "" },
    ...liveAgentIdentity(user),
  };
}

/** A desk user as the desk API shows them (never the token hash). */
export function deskUserJson(user: DeskUserRecord) {
  return {
    id: user.id,
    name: user.name,
    avatar_url: user.avatarUrl,
    queues: user.queues,
    max_concurrent: user.maxConcurrent,
  };
}
