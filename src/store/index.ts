// Store adapters; the composition root picks one.

export { MIGRATIONS, SchemaTooNewError } from "./sqlite/migrations.js";
export type { SqliteSynchronous } from "./sqlite/open-database.js";
export { openDatabase as openSqliteDatabase } from "./sqlite/open-database.js";
export {
  createSqliteStore,
  SqliteStore,
  type SqliteStoreOptions,
} from "./sqlite/sqlite-store.js";
