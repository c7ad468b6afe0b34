// Store adapters; the composition root picks one.
import type { PostgresStore, PostgresStoreOptions } from "./postgres/postgres-store.js";
import type { RecordExecutor, SqlDialect } from "./records/executor.js";

export { POSTGRES_MIGRATIONS, PostgresSchemaTooNewError } from "./postgres/migrations.js";
export type { PostgresStore, PostgresStoreOptions } from "./postgres/postgres-store.js";
export { DeskAccountRecords } from "./records/desk-note-queries.js";
export type { RecordExecutor, SqlDialect } from "./records/executor.js";
export { VisitorRecords } from "./records/visitor-queries.js";
export { MIGRATIONS, SchemaTooNewError } from "./sqlite/migrations.js";
export {
  migrateSqliteFile,
  openDatabase as openSqliteDatabase,
  type SqliteSynchronous,
} from "./sqlite/open-database.js";
export type { SqliteAccess } from "./sqlite/sqlite-connection.js";
export {
  createSqliteStore,
  SqliteStore,
  type SqliteStoreOptions,
} from "./sqlite/sqlite-store.js";

/** A store whose executor other ports' query classes may share (both stores are). */
export interface SharedExecutorSource {
  sharedExecutor(): { records: RecordExecutor; dialect: SqlDialect };
}

// The PostgreSQL driver is loaded only by deployments that use it: a SQLite start stays as fast.

/** Opens the PostgreSQL store: connects, creates the schema when missing and migrates it. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const adapter = await import("./postgres/postgres-store.js");
  return adapter.createPostgresStore(options);
}

/** Migrates the schema a URL names; where that is (without credentials) and what was applied. */
export async function migratePostgresUrl(
  url: string,
  schema?: string,
): Promise<{ where: string; applied: number[] }> {
  const adapter = await import("./postgres/postgres-store.js");
  return adapter.migratePostgresUrl(url, schema);
}
