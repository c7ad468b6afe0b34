// Store adapters; the composition root picks one.

export { POSTGRES_MIGRATIONS, PostgresSchemaTooNewError } from "./postgres/migrations.js";
export {
  createPostgresStore,
  migratePostgresUrl,
  PostgresStore,
  type PostgresStoreOptions,
} from "./postgres/postgres-store.js";
export { MIGRATIONS, SchemaTooNewError } from "./sqlite/migrations.js";
export { migrateSqliteFile, type SqliteSynchronous } from "./sqlite/open-database.js";
export {
  createSqliteStore,
  SqliteStore,
  type SqliteStoreOptions,
} from "./sqlite/sqlite-store.js";
