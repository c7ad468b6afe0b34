// Runs the SQLite store's work: the group-commit write path, reads, and compiled shared queries.
import type { Database, Statement } from "better-sqlite3";
import type { CompiledQuery } from "kysely";
import type { RecordExecutor } from "../records/executor.js";
import { GroupCommit } from "./group-commit.js";

/** Shapes of the shared queries are few; the cap only guards against a runaway. */
const MAX_CACHED_STATEMENTS = 500;

/**
 * Writes go through one group-commit queue, so they apply in call order. Reads see every
 * write whose promise has resolved; they do not commit queued writes first, because a read
 * per message would then end every group commit early and writes would never be grouped.
 * Compiled shared queries are prepared once per SQL text and run synchronously in the same
 * paths, so an admin write is group-committed like any other.
 */
export class SqliteExecutor implements RecordExecutor {
  readonly db: Database;
  readonly writer: GroupCommit;
  closed = false;
  readonly #statements = new Map<string, Statement<unknown[], unknown>>();

  constructor(db: Database) {
    this.db = db;
    this.writer = new GroupCommit(db);
  }

  /** Queues `work` for the next group commit; resolves with its result once committed. */
  run<T>(work: () => T): Promise<T> {
    if (this.closed) return Promise.reject(new Error("SQLite store is closed"));
    return this.writer.enqueue(work);
  }

  /** Runs `query` against committed data. */
  async query<T>(query: () => T): Promise<T> {
    if (this.closed) throw new Error("SQLite store is closed");
    return query();
  }

  read<R>(compiled: CompiledQuery<R>): Promise<R[]> {
    return this.query(() => this.#statement(compiled.sql).all(...compiled.parameters) as R[]);
  }

  write(queries: readonly CompiledQuery[]): Promise<number[]> {
    return this.run(() => queries.map((q) => this.#statement(q.sql).run(...q.parameters).changes));
  }

  writeReturning<R>(compiled: CompiledQuery<R>): Promise<R[]> {
    return this.run(() => this.#statement(compiled.sql).all(...compiled.parameters) as R[]);
  }

  #statement(text: string): Statement<unknown[], unknown> {
    let statement = this.#statements.get(text);
    if (statement === undefined) {
      if (this.#statements.size >= MAX_CACHED_STATEMENTS) this.#statements.clear();
      statement = this.db.prepare<unknown[], unknown>(text);
      this.#statements.set(text, statement);
    }
    return statement;
  }
}
