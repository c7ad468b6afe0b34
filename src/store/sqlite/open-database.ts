// Opens the SQLite file with the pragmas the store's guarantees rely on, then migrates it.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname } from "node:path";
import BetterSqlite3, { type Database } from "better-sqlite3";
import { migrate } from "./migrations.js";

/** How hard SQLite syncs: `normal` survives process crashes, `full` also power loss. */
export type SqliteSynchronous = "normal" | "full";

/** How long a writer waits for another process's lock before failing. */
const BUSY_TIMEOUT_MS = 5000;
/** Caps the WAL file left behind after a checkpoint, so a burst does not keep disk forever. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

/** Opens (creating it and its directory if needed) and migrates the database at `file`. */
export function openDatabase(
  file: string,
  synchronous: SqliteSynchronous,
  onMigrated?: (applied: number[]) => void,
): Database {
  if (file !== ":memory:") keepPrivate(file);
  const db = new BetterSqlite3(file, { timeout: BUSY_TIMEOUT_MS });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    db.pragma("journal_mode = WAL");
    db.pragma(`synchronous = ${synchronous === "full" ? "FULL" : "NORMAL"}`);
    db.pragma("foreign_keys = ON");
    db.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
    // Checkpoints run in a worker (checkpointer.ts), not inside this connection's commits.
    if (file !== ":memory:") db.pragma("wal_autocheckpoint = 0");
    const applied = migrate(db);
    onMigrated?.(applied);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The file holds the signing keys and every conversation: its directory is created 0700, the
 * file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode), and a
 * file left readable by an older version is tightened. Modes are only ever narrowed.
 */
function keepPrivate(file: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) closeSync(openSync(file, "a", 0o600));
  for (const path of [file, `${file}-wal`, `${file}-shm`]) {
    if (existsSync(path) && (statSync(path).mode & 0o077) !== 0) tighten(path);
  }
}

// A file someone else owns cannot be narrowed by us; it stays as its owner left it.
function tighten(path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch {
    // EPERM: not ours to change.
  }
}

/** Creates or migrates the file at `file` and closes it; the migration versions applied. */
export function migrateSqliteFile(file: string): number[] {
  let applied: number[] = [];
  openDatabase(file, "normal", (versions) => {
    applied = versions;
  }).close();
  return applied;
}
