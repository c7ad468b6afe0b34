// Store adapters; the composition root picks one.

export { SqliteChatApiStore } from "./sqlite/chat-api-store.js";
export { SqliteContextStore } from "./sqlite/context-store.js";
export { MIGRATIONS, SchemaTooNewError } from "./sqlite/migrations.js";
export type { SqliteSynchronous } from "./sqlite/open-database.js";
export type { SqliteAccess } from "./sqlite/sqlite-connection.js";
export {
  createSqliteStore,
  SqliteStore,
  type SqliteStoreOptions,
} from "./sqlite/sqlite-store.js";
