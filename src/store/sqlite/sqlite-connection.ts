// The SQLite store's connection: the group-commit write path, reads, ping and close.

import type { Database, Statement } from "better-sqlite3";
import type { Checkpointer } from "./checkpointer.js";
import { GroupCommit } from "./group-commit.js";

/** What an adapter sharing the store's connection may use. */
export interface SqliteAccess {
  readonly db: Database;
  write<T>(work: () => T): Promise<T>;
  read<T>(query: () => T): Promise<T>;
}

/**
 * What every part of the SQLite store shares. Writes go through one group-commit queue, so
 * they apply in call order. Reads see every write whose promise has resolved; they do not
 * commit queued writes first, because a read per message would then end every group commit
 * early and writes would never be grouped.
 */
export abstract class SqliteConnection {
  protected readonly db: Database;
  readonly #writer: GroupCommit;
  readonly #ping: Statement<[], { ok: number }>;
  #closed = false;

  readonly #checkpointer: Checkpointer | undefined;

  constructor(db: Database, checkpointer?: Checkpointer) {
    this.db = db;
    this.#checkpointer = checkpointer;
    this.#writer = new GroupCommit(db);
    this.#ping = db.prepare<[], { ok: number }>("SELECT 1 AS ok");
  }

  /** The current value of a pragma on this store's connection (diagnostics and tests). */
  pragma(name: string): unknown {
    return this.db.pragma(name, { simple: true });
  }

  ping(): Promise<void> {
    return this.read(() => {
      this.#ping.get();
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#writer.flush();
    await this.#checkpointer?.stop();
    try {
      // Keeps query plans good for long-lived files; harmless when there is nothing to do.
      this.db.pragma("optimize");
    } finally {
      this.db.close();
    }
  }

  /**
   * This connection's write and read paths for adapters of other ports kept in the same file
   * (verified context, the Chat API), so their writes join the same group commits.
   */
  companion(): SqliteAccess {
    return { db: this.db, write: (work) => this.write(work), read: (query) => this.read(query) };
  }

  /** Queues `work` for the next group commit; resolves with its result once committed. */
  protected write<T>(work: () => T): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("SQLite store is closed"));
    return this.#writer.enqueue(work);
  }

  /** Runs `query` against committed data. */
  protected async read<T>(query: () => T): Promise<T> {
    if (this.#closed) throw new Error("SQLite store is closed");
    return query();
  }
}
