// Opens the configured store: the SQLite file in the data dir, or PostgreSQL from SWITCHBOARD_STORE.
import { join } from "node:path";
import type { Config } from "../config/index.js";
import type { Store } from "../core/index.js";
import {
  createPostgresStore,
  createSqliteStore,
  migratePostgresUrl,
  migrateSqliteFile,
  type SharedExecutorSource,
} from "../store/index.js";

/** The SQLite file of a data dir. */
export function sqliteFile(config: Config): string {
  return join(config.dataDir, "switchboard.sqlite");
}

/** Whether the store is shared by every process of a deployment (PostgreSQL). */
export function sharedStore(config: Config): boolean {
  return config.store !== "";
}

/** Opens (and migrates) the configured store; other ports' queries may share its executor. */
export function openStore(config: Config): Promise<Store & SharedExecutorSource> {
  if (sharedStore(config)) {
    return createPostgresStore({ url: config.store, poolSize: config.storePoolSize });
  }
  return Promise.resolve(
    createSqliteStore({ file: sqliteFile(config), synchronous: config.sqliteSynchronous }),
  );
}

/** Applies pending migrations to the configured store: where it is and the versions applied. */
export async function migrateStore(config: Config): Promise<{ where: string; applied: number[] }> {
  if (sharedStore(config)) {
    const { where, applied } = await migratePostgresUrl(config.store);
    return { where, applied };
  }
  const file = sqliteFile(config);
  return { where: file, applied: migrateSqliteFile(file) };
}
