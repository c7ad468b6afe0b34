// The open handoffs of this process in memory: who waits where, in which order, and who holds what.
import type { HandoffRecord } from "../records.js";

/** Open handoffs by session; the store stays the truth for who owns one. */
export class QueueBoard {
  readonly #bySession = new Map<string, HandoffRecord>();

  /** The open handoff of a session, if any. */
  get(sessionId: string): HandoffRecord | undefined {
    return this.#bySession.get(sessionId);
  }

  put(handoff: HandoffRecord): void {
    if (handoff.state === "closed") this.#bySession.delete(handoff.sessionId);
    else this.#bySession.set(handoff.sessionId, handoff);
  }

  remove(sessionId: string): void {
    this.#bySession.delete(sessionId);
  }

  /** Sessions with an open handoff. */
  sessionIds(): string[] {
    return [...this.#bySession.keys()];
  }

  /** Waiting handoffs of `queue` in serving order: requeued first, then oldest first. */
  waiting(queue: string): HandoffRecord[] {
    return [...this.#bySession.values()]
      .filter((h) => h.state === "queued" && h.queue === queue)
      .sort(
        (a, b) =>
          b.priority - a.priority || a.enqueuedAt - b.enqueuedAt || a.id.localeCompare(b.id),
      );
  }

  /** 1-based position of a waiting session in its queue. */
  position(sessionId: string): number | undefined {
    const handoff = this.#bySession.get(sessionId);
    if (handoff?.state !== "queued") return undefined;
    return this.waiting(handoff.queue).findIndex((h) => h.sessionId === sessionId) + 1;
  }

  /** Handoffs assigned to a desk user. */
  assignedTo(deskUserId: string): HandoffRecord[] {
    return [...this.#bySession.values()].filter(
      (h) => h.state === "assigned" && h.assignedTo === deskUserId,
    );
  }

  /** Names of queues with at least one waiting handoff, and their lengths. */
  lengths(): Map<string, number> {
    const lengths = new Map<string, number>();
    for (const h of this.#bySession.values()) {
      if (h.state === "queued") lengths.set(h.queue, (lengths.get(h.queue) ?? 0) + 1);
    }
    return lengths;
  }
}
