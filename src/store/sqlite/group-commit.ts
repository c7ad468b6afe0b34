// Group commit: writes queued in one tick run in one SQLite transaction, flushed on setImmediate.
import type { Database } from "better-sqlite3";

/** One unit of work; runs inside a write transaction and must only touch the database. */
export type WriteWork<T> = () => T;

interface QueuedWrite {
  work: WriteWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/**
 * Batches writes so a burst of N appends costs one commit (one fsync with FULL) instead of N.
 * Each caller's promise settles only after the transaction holding its work commits. When a
 * batch fails, its items are retried one transaction each, so only the failing ones reject
 * and the others still commit in call order.
 */
export class GroupCommit {
  readonly #runBatch: (items: readonly QueuedWrite[]) => unknown[];
  readonly #runOne: (item: QueuedWrite) => unknown;
  #queue: QueuedWrite[] = [];
  #scheduled = false;

  constructor(db: Database) {
    // IMMEDIATE takes the write lock up front: a deferred transaction that upgrades from read
    // to write can fail with SQLITE_BUSY without waiting when another process writes.
    const batch = db.transaction((items: readonly QueuedWrite[]) => items.map((i) => i.work()));
    const single = db.transaction((item: QueuedWrite) => item.work());
    this.#runBatch = (items) => batch.immediate(items);
    this.#runOne = (item) => single.immediate(item);
  }

  /** Queues `work`; resolves with its result once it is committed. */
  enqueue<T>(work: WriteWork<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits every queued write now, synchronously. */
  flush(): void {
    this.#scheduled = false;
    const items = this.#queue;
    if (items.length === 0) return;
    this.#queue = [];
    let results: unknown[];
    try {
      results = this.#runBatch(items);
    } catch (error) {
      if (items.length === 1) items[0]?.reject(error);
      else this.#retryOneByOne(items);
      return;
    }
    items.forEach((item, i) => {
      item.resolve(results[i]);
    });
  }

  #retryOneByOne(items: readonly QueuedWrite[]): void {
    for (const item of items) {
      try {
        item.resolve(this.#runOne(item));
      } catch (error) {
        item.reject(error);
      }
    }
  }
}
