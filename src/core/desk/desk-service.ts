// The live-agent desk: queues sessions for humans, tracks who is online, and carries desk actions to sessions.
import {
  type DeskColleague,
  type DeskNoteJson,
  type DeskStatus,
  encodeEvent,
  type TypingState,
  type VisitorPresenceJson,
} from "../../protocol/index.js";
import type { LiveSession } from "../live-session.js";
import type { HandoffRefusal, TimerHandle, VisitorPresence } from "../ports.js";
import type { DeskUserRecord, StoredEvent } from "../records.js";
import { DeskActions } from "./desk-actions.js";
import type { DeskConnection } from "./desk-feed.js";
import { DeskHandover } from "./desk-handover.js";
import { DeskPresence } from "./desk-presence.js";
import { DeskStatusBoard } from "./desk-status.js";
import type { Background, DeskDeps, DeskMessage, DeskResult, QueueEntry } from "./desk-types.js";
import { HandoffQueue } from "./handoff-queue.js";
import type { QueueStatus } from "./queue-watch.js";

/** How long the desk waits before subscribing again to an unreachable bus. */
const LISTEN_RETRY_MS = 2000;

export type {
  DeskDeps,
  DeskFailure,
  DeskMessage,
  DeskObserver,
  DeskResult,
  QueueEntry,
} from "./desk-types.js";
export { deskUserJson } from "./desk-user-json.js";

/** The desk: handoff queues, presence with a grace period, and every desk action. */
export class DeskService {
  readonly #deps: DeskDeps;
  readonly #presence: DeskPresence;
  readonly #queue: HandoffQueue;
  readonly #actions: DeskActions;
  readonly #background: Background;
  readonly #statuses: DeskStatusBoard;
  readonly #handover: DeskHandover;
  #unlisten: (() => void) | undefined;
  #retry: TimerHandle | undefined;
  #stopped = false;

  constructor(deps: DeskDeps) {
    this.#deps = deps;
    this.#background = (work, context) => {
      work.catch((error: unknown) => deps.onError?.(error, context));
    };
    this.#statuses = new DeskStatusBoard(deps.statuses);
    this.#presence = new DeskPresence({
      statuses: this.#statuses,
      store: deps.store,
      clock: deps.clock,
      scheduler: deps.scheduler,
      graceMs: deps.graceMs,
      epoch: deps.events.id(),
      snapshot: (user) => ({
        type: "snapshot",
        queue: this.queueFor(user),
        sessions: this.assignedTo(user),
      }),
      graceExpired: (deskUserId) => this.#queue.requeueHeldBy(deskUserId),
      background: this.#background,
      ...(deps.signals ? { signals: deps.signals } : {}),
      ...(deps.heartbeatMs ? { heartbeatMs: deps.heartbeatMs } : {}),
    });
    this.#queue = new HandoffQueue(deps, this.#presence, this.#background);
    this.#actions = new DeskActions(deps, this.#queue, this.#presence, this.#background);
    this.#handover = new DeskHandover(deps, this.#queue, this.#presence);
  }

  /** Loads open handoffs after a restart: waits resume, and chats of offline desk users get their grace period. */
  async start(): Promise<void> {
    await this.#statuses.load();
    const open = await this.#deps.store.listOpenHandoffs();
    await this.#queue.restore(open, (deskUserId) => this.#presence.startGrace(deskUserId, true));
    await this.#listen();
  }

  // Hears the other processes; an unreachable bus is tried again until it answers.
  async #listen(): Promise<void> {
    const { signals } = this.#deps;
    if (!signals || this.#stopped) return;
    try {
      this.#unlisten = await signals.subscribe((signal) => {
        if (signal.kind === "handoff") this.#queue.receive(signal);
        else this.#presence.receive(signal);
      });
    } catch (error) {
      this.#deps.onError?.(error, "desk signals");
      this.#retry = this.#deps.clock.setTimeout(() => void this.#listen(), LISTEN_RETRY_MS);
      return;
    }
    this.#presence.join();
    this.#queue.join();
  }

  /** Shutdown: desk sockets closed and no grace period starts from here on (durable timers go on). */
  stop(): void {
    this.#stopped = true;
    this.#retry?.cancel();
    this.#presence.stop();
    this.#queue.stop();
    this.#unlisten?.();
  }

  /** Queue lengths by queue name (metrics). */
  queueLengths(): Map<string, number> {
    return this.#queue.queueLengths();
  }

  /** Places a session (its AI agent already gone) in `queueName`, or says why it cannot. */
  enqueue(
    session: LiveSession,
    queueName: string,
  ): Promise<{ ok: true } | { ok: false; reason: HandoffRefusal }> {
    return this.#queue.enqueue(session, queueName);
  }

  /** The queue status a waiting session is told after its replay, if it waits, in its language. */
  currentStatus(sessionId: string, language: string | null = null): QueueStatus | undefined {
    return this.#queue.currentStatus(sessionId, language);
  }

  /** Sees every event a session records: forwards to the desk user, ends handoffs of ended sessions. */
  sessionEvents(session: LiveSession, events: readonly StoredEvent[]): void {
    const handoff = this.#queue.handoff(session.id);
    if (!handoff) return;
    for (const event of events) {
      if (event.type === "EVENT_TYPE_SESSION_END") {
        this.#background(this.#queue.sessionEnded(session, handoff, event), "session end");
        return;
      }
      if (event.type === "EVENT_TYPE_USER_MESSAGE") this.#queue.userMessage(handoff, event);
      if (handoff.state !== "assigned" || !handoff.assignedTo) continue;
      this.#presence.pushSessionEvent(
        handoff.assignedTo,
        session.id,
        event.sequence,
        encodeEvent(event),
      );
      if (
        event.type === "EVENT_TYPE_USER_MESSAGE" &&
        !this.#presence.isOnline(handoff.assignedTo)
      ) {
        session.broadcastError({ code: "forward_to_live_agent_failed" });
      }
    }
  }

  /** The user typing, shown to the live agent holding the session. */
  userTyping(sessionId: string, state: TypingState): void {
    const handoff = this.#queue.handoff(sessionId);
    if (handoff?.state !== "assigned" || !handoff.assignedTo) return;
    this.#presence.pushTransient(handoff.assignedTo, {
      type: "session.typing",
      session_id: sessionId,
      state,
    });
  }

  /**
   * The visitor's presence as just read: kept, and when it changed shown at once to the desk
   * users who see the session (its queue's while it waits, its holder's while held).
   */
  visitorPresence(sessionId: string, presence: VisitorPresence): void {
    const handoff = this.#queue.handoff(sessionId);
    if (!handoff || !this.#queue.visitors.set(sessionId, presence)) return;
    if (handoff.state === "queued") {
      this.#background(this.#queue.pushQueue(handoff.queue), "queue push");
    } else if (handoff.assignedTo) {
      this.#presence.push(handoff.assignedTo, {
        type: "session.presence",
        session_id: sessionId,
        visitor: this.#queue.visitors.get(sessionId),
      });
    }
  }

  /** The visitor's presence as the desk last read it. */
  visitorOf(sessionId: string): VisitorPresenceJson {
    return this.#queue.visitors.get(sessionId);
  }

  /** Sessions the desk shows here (open handoffs), whose presence it keeps. */
  shownSessions(): string[] {
    return this.#queue.sessionIds();
  }

  /** Forgets an erased session. */
  forget(sessionId: string): void {
    this.#queue.forget(sessionId);
  }

  /** Attaches a desk connection; replays after `cursor` (`epoch:seq`) or sends a snapshot. */
  connect(
    user: DeskUserRecord,
    connection: DeskConnection,
    cursor: string | null,
  ): { disconnect(): void } {
    return this.#presence.connect(user, connection, cursor);
  }

  /** A desk user was edited, got a new token or was deleted (see `DeskPresence.deskUserChanged`). */
  deskUserChanged(id: string, change: "updated" | "token_rotated" | "deleted"): Promise<void> {
    return this.#presence.deskUserChanged(id, change);
  }

  /** Whether a desk user has a desk connection open. */
  isOnline(deskUserId: string): boolean {
    return this.#presence.isOnline(deskUserId);
  }

  /** What colleagues see of a desk user: online, away or offline. */
  status(deskUserId: string): DeskStatus {
    return this.#presence.status(deskUserId);
  }

  /** The desk user chose a status: kept, and shown to everyone at the desk. */
  setStatus(user: DeskUserRecord, status: DeskStatus): Promise<void> {
    return this.#presence.choose(user.id, status);
  }

  /** Every desk user with what colleagues see of them, by name. */
  async colleagues(): Promise<DeskColleague[]> {
    const users = await this.#deps.store.listDeskUsers();
    return users
      .map((u) => ({
        id: u.id,
        name: u.name,
        avatar_url: u.avatarUrl,
        queues: u.queues,
        status: this.#presence.status(u.id),
      }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** Waiting conversations of the desk user's queues in serving order: requeued first, then oldest first. */
  queueFor(user: DeskUserRecord): QueueEntry[] {
    return this.#queue.queueFor(user);
  }

  /** Sessions assigned to the desk user. */
  assignedTo(
    user: DeskUserRecord,
  ): Array<{ session_id: string; queue: string; assigned_at: string }> {
    return this.#queue.heldBy(user.id).map((h) => ({
      session_id: h.sessionId,
      queue: h.queue,
      assigned_at: new Date(h.assignedAt ?? 0).toISOString(),
    }));
  }

  /** Takes a waiting session; exactly one desk user wins, whatever the timing. */
  accept(user: DeskUserRecord, sessionId: string): Promise<DeskResult<{ session_id: string }>> {
    return this.#actions.accept(user, sessionId);
  }

  /** A message from the desk user to the user of a session they hold. */
  send(
    user: DeskUserRecord,
    sessionId: string,
    message: DeskMessage,
  ): Promise<DeskResult<{ id: string; sequence: number }>> {
    return this.#actions.send(user, sessionId, message);
  }

  /** The desk user has read the user's messages up to `upTo` (shown to the user as "Seen"). */
  seen(user: DeskUserRecord, sessionId: string, upTo: number): Promise<DeskResult<null>> {
    return this.#actions.seen(user, sessionId, upTo);
  }

  /** The desk user typing, shown to the user (transient). */
  typing(user: DeskUserRecord, sessionId: string, state: TypingState): Promise<DeskResult<null>> {
    return this.#actions.typing(user, sessionId, state);
  }

  /** The desk user leaves; the session ends, or goes back to the AI agent. */
  leave(user: DeskUserRecord, sessionId: string, endSession: boolean): Promise<DeskResult<null>> {
    return this.#actions.leave(user, sessionId, endSession);
  }

  /** Hands a held session to another queue; refused (the chat stays) when nobody could take it there. */
  transfer(user: DeskUserRecord, sessionId: string, queueName: string): Promise<DeskResult<null>> {
    return this.#actions.transfer(user, sessionId, queueName);
  }

  /** Internal notes of a session, oldest first (desk only). */
  notes(sessionId: string): Promise<DeskNoteJson[]> {
    return this.#handover.notes(sessionId);
  }

  /** Adds an internal note to a session the desk user may read. */
  addNote(
    user: DeskUserRecord,
    sessionId: string,
    text: string,
    transferTo: string | null = null,
  ): Promise<DeskResult<DeskNoteJson>> {
    return this.#handover.addNote(user, sessionId, text, this.canRead(user, sessionId), transferTo);
  }

  /** Hands a held session to a named colleague, with a note they read first. */
  transferTo(
    user: DeskUserRecord,
    sessionId: string,
    colleagueId: string,
    note: string | null,
  ): Promise<DeskResult<null>> {
    return this.#handover.transferTo(user, sessionId, colleagueId, note);
  }

  /** May this desk user read the session (held by them, or waiting in one of their queues)? */
  canRead(user: DeskUserRecord, sessionId: string): boolean {
    const handoff = this.#queue.handoff(sessionId);
    if (!handoff) return false;
    return handoff.state === "assigned"
      ? handoff.assignedTo === user.id
      : user.queues.includes(handoff.queue);
  }
}
