// How the shared query layer runs its compiled queries: each adapter supplies an executor.
import {
  type CompiledQuery,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  sql,
} from "kysely";
import type { Tables } from "./tables.js";

/** Runs compiled queries against one database. */
export interface RecordExecutor {
  /** The rows a query returns. */
  read<R>(query: CompiledQuery<R>): Promise<R[]>;
  /** Runs the writes in one transaction, in order; how many rows each one changed. */
  write(queries: readonly CompiledQuery[]): Promise<number[]>;
  /** Runs one write that returns rows (`… RETURNING`), in the same order as `write`. */
  writeReturning<R>(query: CompiledQuery<R>): Promise<R[]>;
}

export type SqlDialect = "sqlite" | "postgres";

/**
 * A Kysely instance that only builds and compiles queries (its driver never runs one): the
 * adapters execute the compiled SQL themselves, SQLite synchronously inside its group commit.
 */
export function queryBuilder(dialect: SqlDialect): Kysely<Tables> {
  const sqlite = dialect === "sqlite";
  return new Kysely<Tables>({
    dialect: {
      createAdapter: () => (sqlite ? new SqliteAdapter() : new PostgresAdapter()),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) =>
        sqlite ? new SqliteIntrospector(db) : new PostgresIntrospector(db),
      createQueryCompiler: () => (sqlite ? new SqliteQueryCompiler() : new PostgresQueryCompiler()),
    },
  });
}

/**
 * The statements that make the rest of a write's transaction run alone for `name`: nothing in
 * SQLite (its writes are serial already); on PostgreSQL a transaction-level advisory lock, so
 * a check-and-insert from another process waits instead of racing it.
 */
export function serialised(dialect: SqlDialect, name: string): CompiledQuery[] {
  if (dialect === "sqlite") return [];
  return [
    sql`select pg_advisory_xact_lock(${LOCK_CLASS}, hashtext(current_schema() || ':' || ${name}))`.compile(
      postgresCompiler,
    ),
  ];
}

/** Any fixed number: the advisory-lock class of `serialised` (migrations use another). */
const LOCK_CLASS = 0x5b0b;
const postgresCompiler = queryBuilder("postgres");
