// Group commit for PostgreSQL: appends queued while a commit is in flight share the next one.
import type { Pool, PoolClient } from "pg";

/** One write: statements run on the batch's connection, inside its transaction. */
export type PgWork<T> = (client: PoolClient) => Promise<T>;

interface QueuedWrite {
  work: PgWork<unknown>;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** Ordered writes of the sessions that hash to it; one batch in flight at a time. */
class Lane {
  queue: QueuedWrite[] = [];
  flushing: Promise<void> | null = null;
}

/**
 * Batches writes so a burst of N appends costs one commit (one WAL flush) instead of N. Each
 * session's writes go to one lane (by a hash of its id) and a lane runs one batch at a time,
 * so one session's writes apply in call order while different lanes commit in parallel on
 * their own connections. A write that arrives at an idle lane starts at once (no timer):
 * batches form only while a commit is in flight, which is exactly when waiting is free. When
 * a batch fails, its writes are retried one transaction each, so only the failing ones reject.
 */
export class PgGroupCommit {
  readonly #pool: Pool;
  readonly #lanes: Lane[];
  /** Most writes per transaction, so one batch never holds row locks for long. */
  readonly #maxBatch: number;

  constructor(pool: Pool, lanes: number, maxBatch = 256) {
    this.#pool = pool;
    this.#lanes = Array.from({ length: Math.max(1, lanes) }, () => new Lane());
    this.#maxBatch = maxBatch;
  }

  /** Queues `work` for the session's lane; resolves with its result once committed. */
  enqueue<T>(sessionId: string, work: PgWork<T>): Promise<T> {
    const lane = this.#lanes[laneOf(sessionId, this.#lanes.length)] as Lane;
    return new Promise<T>((resolve, reject) => {
      lane.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (lane.flushing === null) lane.flushing = this.#drain(lane);
    });
  }

  /** Resolves once every write queued so far has settled. */
  async drain(): Promise<void> {
    await Promise.all(this.#lanes.map((lane) => lane.flushing));
  }

  async #drain(lane: Lane): Promise<void> {
    try {
      while (lane.queue.length > 0) {
        const batch = lane.queue.splice(0, this.#maxBatch);
        await this.#commit(batch);
      }
    } finally {
      lane.flushing = null;
    }
  }

  async #commit(batch: readonly QueuedWrite[]): Promise<void> {
    let client: PoolClient;
    try {
      client = await this.#pool.connect();
    } catch (error) {
      for (const item of batch) item.reject(error);
      return;
    }
    let broken = false;
    try {
      if (batch.length === 1) {
        // One statement is its own transaction: no BEGIN/COMMIT round trips.
        await settleOne(client, batch[0] as QueuedWrite, false);
        return;
      }
      const results: unknown[] = [];
      try {
        await client.query("BEGIN");
        for (const item of batch) results.push(await item.work(client));
        await client.query("COMMIT");
      } catch {
        await client.query("ROLLBACK").catch(() => {
          broken = true;
        });
        if (broken) {
          for (const item of batch) item.reject(new Error("PostgreSQL connection lost"));
          return;
        }
        for (const item of batch) await settleOne(client, item, true);
        return;
      }
      batch.forEach((item, i) => {
        item.resolve(results[i]);
      });
    } finally {
      client.release(broken);
    }
  }
}

/** Runs one write alone (in its own transaction when it may be several statements). */
async function settleOne(client: PoolClient, item: QueuedWrite, wrap: boolean): Promise<void> {
  try {
    if (wrap) await client.query("BEGIN");
    const result = await item.work(client);
    if (wrap) await client.query("COMMIT");
    item.resolve(result);
  } catch (error) {
    if (wrap) await client.query("ROLLBACK").catch(() => undefined);
    item.reject(error);
  }
}

/** FNV-1a of the id, so one session always lands in the same lane. */
function laneOf(sessionId: string, lanes: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < sessionId.length; i++) {
    hash ^= sessionId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % lanes;
}
