// What desk users see of the queues: waiting conversations with a preview, pushed again whenever a queue changes.
import type { LiveSession } from "../live-session.js";
import type { Clock, Store } from "../ports.js";
import type { DeskUserRecord, StoredEvent } from "../records.js";
import type { DeskReach, QueueEntry } from "./desk-types.js";
import type { QueueBoard } from "./queue-board.js";
import type { VisitorBoard } from "./visitor-board.js";

const PREVIEW_CHARS = 140;

/** The desk users' view of the waiting conversations, and the last user text shown for each. */
export class QueueView {
  readonly #board: QueueBoard;
  readonly #clock: Clock;
  readonly #store: Store;
  readonly #reach: DeskReach;
  readonly #previews = new Map<string, string>();

  readonly #visitors: VisitorBoard;

  constructor(
    board: QueueBoard,
    clock: Clock,
    store: Store,
    reach: DeskReach,
    visitors: VisitorBoard,
  ) {
    this.#board = board;
    this.#visitors = visitors;
    this.#clock = clock;
    this.#store = store;
    this.#reach = reach;
  }

  /** Takes the preview of a session entering a queue from its recent events. */
  async remember(session: LiveSession): Promise<void> {
    this.#previews.set(session.id, await this.#lastUserText(session));
  }

  /** Takes the preview of a session another process queued, from the store. */
  async rememberStored(sessionId: string): Promise<void> {
    const record = await this.#store.getSession(sessionId);
    if (!record) return;
    const from = Math.max(0, record.lastSequence - 50);
    const recent = await this.#store.readEvents(sessionId, from, 50);
    const last = recent.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE").at(-1);
    this.#previews.set(sessionId, last ? preview(last) : "");
  }

  /** A new user message becomes the session's preview; returns it. */
  userMessage(sessionId: string, event: StoredEvent): string {
    const text = preview(event);
    this.#previews.set(sessionId, text);
    return text;
  }

  /** The preview of a session as this process knows it, if it does. */
  previewOf(sessionId: string): string | undefined {
    return this.#previews.get(sessionId);
  }

  /** Sets a session's preview (told by another process). */
  setPreview(sessionId: string, text: string): void {
    this.#previews.set(sessionId, text);
  }

  /** Drops the preview of a session that no longer waits or is held. */
  forget(sessionId: string): void {
    this.#previews.delete(sessionId);
  }

  /** Waiting conversations of the desk user's queues in serving order: requeued first, then oldest first. */
  queueFor(user: DeskUserRecord): QueueEntry[] {
    const now = this.#clock.now();
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
        visitor: this.#visitors.get(h.sessionId),
      }));
  }

  /**
   * Every desk user connected here serving `queue` gets their whole queue again: small, and
   * never stale. Each process tells its own desk users when it learns of the change.
   */
  async push(queue: string): Promise<void> {
    for (const user of this.#reach.online()) {
      if (user.queues.includes(queue))
        this.#reach.pushHere(user.id, { type: "queue", entries: this.queueFor(user) });
    }
  }

  async #lastUserText(session: LiveSession): Promise<string> {
    const from = Math.max(0, session.record.lastSequence - 50);
    const recent = await this.#store.readEvents(session.id, from, 50);
    const last = recent.filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE").at(-1);
    return last ? preview(last) : "";
  }
}

function preview(event: StoredEvent): string {
  const text = (JSON.parse(event.payloadJson) as { text?: unknown }).text;
  return typeof text === "string" ? text.slice(0, PREVIEW_CHARS) : "";
}
