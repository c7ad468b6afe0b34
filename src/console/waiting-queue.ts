// The live queue as the console holds it: entries from the last `queue` frame, local wait clocks, accept state.
import type { QueueEntry } from "./types.js";

/** Waiting conversations of my queues and what I am doing with them. */
export class WaitingQueue {
  entries: QueueEntry[] = [];
  /** When the last queue frame arrived, so wait times tick locally between frames. */
  receivedAt = 0;
  /** Why accepting an entry failed, shown next to it until it leaves the queue. */
  readonly acceptErrors = new Map<string, string>();
  readonly accepting = new Set<string>();

  get length(): number {
    return this.entries.length;
  }

  /** Replaces the entries; returns the ones that were not there before (none on the first update). */
  update(entries: QueueEntry[], now = Date.now()): QueueEntry[] {
    const known = new Set(this.entries.map((e) => e.session_id));
    const fresh = this.receivedAt === 0 ? [] : entries.filter((e) => !known.has(e.session_id));
    this.entries = entries;
    this.receivedAt = now;
    const waiting = new Set(entries.map((e) => e.session_id));
    for (const id of this.acceptErrors.keys()) if (!waiting.has(id)) this.acceptErrors.delete(id);
    return fresh;
  }

  find(sessionId: string): QueueEntry | undefined {
    return this.entries.find((e) => e.session_id === sessionId);
  }

  /** Seconds an entry has waited, counting locally since the last queue frame. */
  waitingSeconds(entry: QueueEntry, now: number): number {
    return entry.waiting_seconds + Math.max(0, Math.floor((now - this.receivedAt) / 1000));
  }

  clear(): void {
    this.entries = [];
    this.receivedAt = 0;
    this.acceptErrors.clear();
    this.accepting.clear();
  }
}
