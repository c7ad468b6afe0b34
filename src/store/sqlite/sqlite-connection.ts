// The SQLite store's connection: the shared records over its executor, ping and close.

import type { Database, Statement } from "better-sqlite3";
import { SharedRecords } from "../records/session-queries.js";
import type { Checkpointer } from "./checkpointer.js";
import { SqliteExecutor } from "./sqlite-executor.js";

/** What an adapter sharing the store's connection may use. */
export interface SqliteAccess {
  readonly db: Database;
  write<T>(work: () => T): Promise<T>;
  read<T>(query: () => T): Promise<T>;
}

/** What every part of the SQLite store shares: one connection, one write queue. */
export abstract class SqliteConnection extends SharedRecords {
  protected readonly db: Database;
  readonly #executor: SqliteExecutor;
  readonly #ping: Statement<[], { ok: number }>;
  readonly #checkpointer: Checkpointer | undefined;

  constructor(db: Database, checkpointer?: Checkpointer) {
    const executor = new SqliteExecutor(db);
    super(executor, "sqlite");
    this.db = db;
    this.#executor = executor;
    this.#checkpointer = checkpointer;
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
    if (this.#executor.closed) return;
    this.#executor.closed = true;
    this.#executor.writer.flush();
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
    return this.#executor.run(work);
  }

  /** Runs `query` against committed data. */
  protected read<T>(query: () => T): Promise<T> {
    return this.#executor.query(query);
  }
}
