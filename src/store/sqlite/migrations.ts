// The SQLite schema as ordered, versioned migrations, and the runner that applies them.
import type { Database } from "better-sqlite3";
import { MESSAGE_SEARCH_MIGRATION } from "./message-search-schema.js";
import { VISITOR_AND_CHAT_MIGRATION } from "./visitor-and-chat-schema.js";

export interface Migration {
  /** Consecutive from 1; stored in `PRAGMA user_version` once applied. */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Every migration, oldest first. Append new ones; never edit one that has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
      CREATE TABLE sessions (
        id            TEXT    NOT NULL PRIMARY KEY,
        connector_id  TEXT    NOT NULL,
        subject       TEXT    NOT NULL,
        streaming     INTEGER NOT NULL,
        platform      TEXT    NOT NULL,
        device_type   TEXT,
        user_agent    TEXT,
        state         TEXT    NOT NULL,
        agent_status  TEXT    NOT NULL,
        language      TEXT,
        end_reason    TEXT,
        call_sid      TEXT,
        last_sequence INTEGER NOT NULL,
        created_at    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL,
        ended_at      INTEGER
      );
      CREATE INDEX sessions_created ON sessions (created_at, id);
      CREATE INDEX sessions_state ON sessions (state, created_at, id);
      CREATE INDEX sessions_connector ON sessions (connector_id, created_at, id);
      CREATE INDEX sessions_ended_at ON sessions (ended_at) WHERE ended_at IS NOT NULL;

      CREATE TABLE events (
        session_id    TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        sequence      INTEGER NOT NULL,
        id            TEXT    NOT NULL,
        type          TEXT    NOT NULL,
        timestamp     TEXT    NOT NULL,
        payload_json  TEXT    NOT NULL,
        metadata_json TEXT,
        client_key    TEXT,
        PRIMARY KEY (session_id, sequence)
      );
      CREATE UNIQUE INDEX events_client_key ON events (session_id, client_key)
        WHERE client_key IS NOT NULL;

      CREATE TABLE agents (
        id              TEXT    NOT NULL PRIMARY KEY,
        name            TEXT    NOT NULL,
        definition_json TEXT    NOT NULL,
        created_at      INTEGER NOT NULL,
        updated_at      INTEGER NOT NULL
      );

      CREATE TABLE connectors (
        id           TEXT    NOT NULL PRIMARY KEY,
        name         TEXT,
        host         TEXT,
        agent_id     TEXT    NOT NULL,
        handoff_json TEXT,
        token_hash   TEXT    NOT NULL,
        created_at   INTEGER NOT NULL,
        updated_at   INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX connectors_token_hash ON connectors (token_hash);

      CREATE TABLE signing_keys (
        kid        TEXT    NOT NULL UNIQUE,
        alg        TEXT    NOT NULL,
        secret     TEXT    NOT NULL,
        created_at INTEGER NOT NULL,
        retired_at INTEGER
      );
    `,
  },
  {
    version: 2,
    name: "live-agent desk",
    sql: `
      CREATE TABLE queues (
        name                    TEXT    NOT NULL PRIMARY KEY,
        max_wait_seconds        INTEGER NOT NULL,
        status_interval_seconds INTEGER NOT NULL,
        opening_hours_json      TEXT,
        created_at              INTEGER NOT NULL,
        updated_at              INTEGER NOT NULL
      );

      CREATE TABLE desk_users (
        id             TEXT    NOT NULL PRIMARY KEY,
        name           TEXT    NOT NULL,
        avatar_url     TEXT,
        queues_json    TEXT    NOT NULL,
        max_concurrent INTEGER NOT NULL,
        token_hash     TEXT    NOT NULL,
        created_at     INTEGER NOT NULL,
        updated_at     INTEGER NOT NULL
      );
      CREATE UNIQUE INDEX desk_users_token_hash ON desk_users (token_hash);

      CREATE TABLE handoffs (
        id          TEXT    NOT NULL PRIMARY KEY,
        session_id  TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        queue       TEXT    NOT NULL,
        state       TEXT    NOT NULL,
        priority    INTEGER NOT NULL,
        enqueued_at INTEGER NOT NULL,
        assigned_to TEXT,
        assigned_at INTEGER,
        closed_at   INTEGER,
        outcome     TEXT
      );
      CREATE INDEX handoffs_state ON handoffs (state, enqueued_at, id);
      CREATE INDEX handoffs_queue_assigned ON handoffs (queue, assigned_at)
        WHERE assigned_at IS NOT NULL;
      CREATE INDEX handoffs_session ON handoffs (session_id);
    `,
  },
  {
    version: 3,
    name: "client profiles and chunk layouts",
    // Sessions from before were chunked for concatenation; their token expiry is unknown (NULL).
    sql: `
      ALTER TABLE sessions ADD COLUMN client_profile TEXT NOT NULL DEFAULT 'standard';
      ALTER TABLE sessions ADD COLUMN chunk_layout TEXT NOT NULL DEFAULT 'concat';
      ALTER TABLE sessions ADD COLUMN subject_expires_at INTEGER;
      ALTER TABLE connectors ADD COLUMN chunk_join TEXT NOT NULL DEFAULT 'auto';
    `,
  },
  {
    version: 4,
    name: "connector language detection",
    sql: "ALTER TABLE connectors ADD COLUMN language_detection_json TEXT;",
  },
  {
    version: 5,
    name: "agent keys",
    sql: `
      ALTER TABLE agents ADD COLUMN key_hash TEXT;
      CREATE UNIQUE INDEX agents_key_hash ON agents (key_hash) WHERE key_hash IS NOT NULL;
    `,
  },
  {
    version: 6,
    name: "session revisions, store epoch and shared settings",
    // The epoch is drawn here, once, by whichever process migrates the file first.
    sql: `
      ALTER TABLE sessions ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE store_meta (
        id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        epoch      TEXT    NOT NULL,
        created_at INTEGER NOT NULL
      );
      INSERT INTO store_meta (id, epoch, created_at)
        VALUES (1, lower(hex(randomblob(16))), CAST(strftime('%s', 'now') AS INTEGER) * 1000);
      CREATE TABLE settings (
        name       TEXT    NOT NULL PRIMARY KEY,
        value      TEXT    NOT NULL,
        updated_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 7,
    name: "durable timers",
    // ready_at: the due time while unclaimed, the claim's expiry while claimed (one index for both).
    sql: `
      CREATE TABLE timers (
        kind         TEXT    NOT NULL,
        key          TEXT    NOT NULL,
        at           INTEGER NOT NULL,
        payload_json TEXT    NOT NULL,
        attempt      INTEGER NOT NULL,
        claim_token  TEXT,
        ready_at     INTEGER NOT NULL,
        PRIMARY KEY (kind, key)
      );
      CREATE INDEX timers_ready ON timers (ready_at);
    `,
  },
  {
    version: 8,
    name: "turn leases",
    // state: 'running' (held by token until lease_until) or 'done'; begun: the message it began.
    sql: `
      CREATE TABLE turn_claims (
        session_id  TEXT    NOT NULL,
        key         TEXT    NOT NULL,
        token       TEXT    NOT NULL,
        lease_until INTEGER NOT NULL,
        lease_ms    INTEGER NOT NULL,
        state       TEXT    NOT NULL,
        begun       TEXT,
        PRIMARY KEY (session_id, key)
      );
    `,
  },
  VISITOR_AND_CHAT_MIGRATION,
  {
    version: 10,
    name: "desk sign-in and status",
    sql: `
      CREATE TABLE desk_logins (
        desk_user_id  TEXT    NOT NULL PRIMARY KEY REFERENCES desk_users (id) ON DELETE CASCADE,
        email         TEXT    NOT NULL UNIQUE,
        password_hash TEXT,
        generation    INTEGER NOT NULL,
        updated_at    INTEGER NOT NULL
      );
      CREATE TABLE desk_web_sessions (
        id_hash      TEXT    NOT NULL PRIMARY KEY,
        desk_user_id TEXT    NOT NULL REFERENCES desk_users (id) ON DELETE CASCADE,
        generation   INTEGER NOT NULL,
        csrf_token   TEXT    NOT NULL,
        created_at   INTEGER NOT NULL,
        expires_at   INTEGER NOT NULL
      );
      CREATE INDEX desk_web_sessions_user ON desk_web_sessions (desk_user_id);
      CREATE TABLE desk_statuses (
        desk_user_id TEXT    NOT NULL PRIMARY KEY REFERENCES desk_users (id) ON DELETE CASCADE,
        status       TEXT    NOT NULL,
        changed_at   INTEGER NOT NULL
      );
    `,
  },
  {
    version: 11,
    name: "saved replies",
    // owner_queue / owner_user: exactly one is set; the foreign keys erase replies with their owner.
    sql: `
      CREATE TABLE saved_replies (
        id          TEXT    NOT NULL PRIMARY KEY,
        owner_queue TEXT    REFERENCES queues (name) ON DELETE CASCADE,
        owner_user  TEXT    REFERENCES desk_users (id) ON DELETE CASCADE,
        shortcut    TEXT    NOT NULL,
        text        TEXT    NOT NULL,
        created_at  INTEGER NOT NULL,
        updated_at  INTEGER NOT NULL,
        CHECK ((owner_queue IS NULL) <> (owner_user IS NULL))
      );
      CREATE UNIQUE INDEX saved_replies_queue_shortcut ON saved_replies (owner_queue, shortcut)
        WHERE owner_queue IS NOT NULL;
      CREATE UNIQUE INDEX saved_replies_user_shortcut ON saved_replies (owner_user, shortcut)
        WHERE owner_user IS NOT NULL;
    `,
  },
  {
    version: 12,
    name: "internal notes",
    sql: `
      CREATE TABLE desk_notes (
        id          TEXT    NOT NULL PRIMARY KEY,
        session_id  TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        author_id   TEXT    NOT NULL,
        author_name TEXT    NOT NULL,
        text        TEXT    NOT NULL,
        transfer_to TEXT,
        created_at  INTEGER NOT NULL
      );
      CREATE INDEX desk_notes_session ON desk_notes (session_id, created_at);
    `,
  },
  {
    version: 13,
    name: "conversation ratings",
    // One rating per session (the last one counts), erased with it.
    sql: `
      ALTER TABLE connectors ADD COLUMN rating_json TEXT;
      CREATE TABLE session_ratings (
        session_id   TEXT    NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        connector_id TEXT    NOT NULL,
        scale        TEXT    NOT NULL,
        score        TEXT    NOT NULL,
        comment      TEXT,
        rated_at     INTEGER NOT NULL
      );
      CREATE INDEX session_ratings_rated ON session_ratings (rated_at, session_id);
    `,
  },
  MESSAGE_SEARCH_MIGRATION,
  {
    version: 15,
    name: "visitor connections and visitor sessions",
    // One row per visitor connection of any process; presence is read from the open ones.
    sql: `
      CREATE TABLE visitor_connections (
        holder     TEXT    NOT NULL PRIMARY KEY,
        session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        opened_at  INTEGER NOT NULL,
        seen_at    INTEGER NOT NULL,
        closed_at  INTEGER
      );
      CREATE INDEX visitor_connections_session ON visitor_connections (session_id);
      -- Where a session began: the visitor id the browser keeps, its page and referrer.
      CREATE TABLE visitor_sessions (
        session_id   TEXT    NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        connector_id TEXT    NOT NULL,
        visitor_id   TEXT,
        page_url     TEXT,
        referrer     TEXT,
        created_at   INTEGER NOT NULL
      );
      CREATE INDEX visitor_sessions_visitor ON visitor_sessions (connector_id, visitor_id, created_at);
    `,
  },
  {
    version: 16,
    name: "offline messages",
    // One per session (what the visitor left when nobody could take the chat), erased with it.
    sql: `
      CREATE TABLE offline_messages (
        id           TEXT    NOT NULL PRIMARY KEY,
        session_id   TEXT    NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
        connector_id TEXT    NOT NULL,
        queue        TEXT    NOT NULL,
        reason       TEXT    NOT NULL,
        email        TEXT    NOT NULL,
        name         TEXT,
        message      TEXT    NOT NULL,
        language     TEXT,
        created_at   INTEGER NOT NULL,
        delivery     TEXT    NOT NULL,
        attempts     INTEGER NOT NULL,
        last_error   TEXT,
        delivered_at INTEGER
      );
      CREATE INDEX offline_messages_created ON offline_messages (created_at, id);
    `,
  },
  {
    version: 17,
    name: "connector agent variants and chat turn holds",
    // { variant id: agent id } for the Chat API's variant_id; null when the connector has none.
    // hold_by/hold_until: which respond call, in which process, has a conversation's turn.
    sql: `
      ALTER TABLE connectors ADD COLUMN variants_json TEXT;
      ALTER TABLE chat_conversations ADD COLUMN hold_by TEXT;
      ALTER TABLE chat_conversations ADD COLUMN hold_until INTEGER;
    `,
  },
  {
    version: 18,
    name: "attached files",
    // Metadata of the files attached to a session (the bytes are in the blob store), erased with it.
    sql: `
      CREATE TABLE files (
        id           TEXT    NOT NULL PRIMARY KEY,
        session_id   TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        connector_id TEXT    NOT NULL,
        name         TEXT    NOT NULL,
        content_type TEXT    NOT NULL,
        size         INTEGER NOT NULL,
        uploaded_by  TEXT    NOT NULL,
        desk_user_id TEXT,
        created_at   INTEGER NOT NULL
      );
      CREATE INDEX files_session ON files (session_id, created_at);
    `,
  },
];

/** Thrown when the file was migrated by a newer Switchboard than this one. */
export class SchemaTooNewError extends Error {
  override readonly name = "SchemaTooNewError";
}

const BOOKKEEPING_SQL = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    INTEGER NOT NULL PRIMARY KEY,
    name       TEXT    NOT NULL,
    applied_at INTEGER NOT NULL
  )`;

/** The schema version recorded in the file (0 for a new file). */
export function schemaVersion(db: Database): number {
  return db.pragma("user_version", { simple: true }) as number;
}

/**
 * Brings the file up to the newest migration, each in its own transaction; a no-op when
 * it is current. Every migration not yet recorded is applied, not only those above the highest
 * (migrations written side by side may land out of order). Throws SchemaTooNewError when the
 * file is newer than `migrations` know.
 */
export function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const newest = migrations.at(-1)?.version ?? 0;
  assertNotNewer(schemaVersion(db), newest);
  const applied: number[] = [];
  for (const migration of migrations) {
    if (isApplied(db, migration.version)) continue;
    if (applyOne(db, migration)) applied.push(migration.version);
  }
  return applied;
}

// A file from before the bookkeeping table knows only its highest version.
function isApplied(db: Database, version: number): boolean {
  const table = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'")
    .get();
  if (!table) return schemaVersion(db) >= version;
  return db.prepare("SELECT 1 FROM schema_migrations WHERE version = ?").get(version) !== undefined;
}

function assertNotNewer(found: number, newest: number): void {
  if (found > newest) {
    throw new SchemaTooNewError(
      `SQLite database schema is version ${found}, but this Switchboard only knows up to ` +
        `version ${newest}; run a newer Switchboard or restore a backup`,
    );
  }
}

// IMMEDIATE takes the write lock before the bookkeeping is re-read, so two processes opening
// the same new file cannot both apply a migration.
function applyOne(db: Database, migration: Migration): boolean {
  const apply = db.transaction(() => {
    if (isApplied(db, migration.version)) return false;
    db.exec(BOOKKEEPING_SQL);
    db.exec(migration.sql);
    db.prepare("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)").run(
      migration.version,
      migration.name,
      Date.now(),
    );
    const highest = Math.max(schemaVersion(db), Math.trunc(migration.version));
    db.pragma(`user_version = ${highest}`);
    return true;
  });
  return apply.immediate();
}
