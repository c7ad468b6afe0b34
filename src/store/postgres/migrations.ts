// The PostgreSQL schema as ordered, versioned migrations, and the runner that applies them.
import type { ClientBase } from "pg";
import { LIMITS_DDL, TIMERS_DDL, TURN_CLAIMS_DDL } from "../../coordination/index.js";
import { SEARCHABLE_TYPES_SQL } from "../records/searchable-events.js";

export interface PostgresMigration {
  /** Ascending; recorded in `schema_migrations` once applied (gaps allowed). */
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Every migration, oldest first. Append new ones; never edit one that has shipped. Times are
 * milliseconds since the epoch (BIGINT, read back as numbers); JSON is kept as the exact text
 * the core encoded (TEXT, not JSONB, which would reorder keys and change what replay returns).
 */
export const POSTGRES_MIGRATIONS: readonly PostgresMigration[] = [
  {
    version: 1,
    name: "initial schema",
    sql: `
      CREATE TABLE sessions (
        id                 TEXT    NOT NULL PRIMARY KEY,
        connector_id       TEXT    NOT NULL,
        subject            TEXT    NOT NULL,
        subject_expires_at BIGINT,
        streaming          BOOLEAN NOT NULL,
        client_profile     TEXT    NOT NULL,
        chunk_layout       TEXT    NOT NULL,
        platform           TEXT    NOT NULL,
        device_type        TEXT,
        user_agent         TEXT,
        state              TEXT    NOT NULL,
        agent_status       TEXT    NOT NULL,
        language           TEXT,
        end_reason         TEXT,
        call_sid           TEXT,
        last_sequence      BIGINT  NOT NULL,
        revision           BIGINT  NOT NULL DEFAULT 0,
        created_at         BIGINT  NOT NULL,
        updated_at         BIGINT  NOT NULL,
        ended_at           BIGINT
      );
      -- Listing newest first (all, by state, by connector) and the retention purge.
      CREATE INDEX sessions_created ON sessions (created_at, id);
      CREATE INDEX sessions_state ON sessions (state, created_at, id);
      CREATE INDEX sessions_connector ON sessions (connector_id, created_at, id);
      CREATE INDEX sessions_ended_at ON sessions (ended_at) WHERE ended_at IS NOT NULL;

      -- Replay reads by (session_id, sequence): the primary key is that index.
      CREATE TABLE events (
        session_id    TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        sequence      BIGINT NOT NULL,
        id            TEXT   NOT NULL,
        type          TEXT   NOT NULL,
        timestamp     TEXT   NOT NULL,
        payload_json  TEXT   NOT NULL,
        metadata_json TEXT,
        client_key    TEXT,
        PRIMARY KEY (session_id, sequence)
      );
      CREATE UNIQUE INDEX events_client_key ON events (session_id, client_key)
        WHERE client_key IS NOT NULL;
      CREATE INDEX events_type ON events (session_id, type, sequence);

      CREATE TABLE agents (
        id              TEXT   NOT NULL PRIMARY KEY,
        name            TEXT   NOT NULL,
        definition_json TEXT   NOT NULL,
        key_hash        TEXT,
        created_at      BIGINT NOT NULL,
        updated_at      BIGINT NOT NULL
      );
      CREATE UNIQUE INDEX agents_key_hash ON agents (key_hash) WHERE key_hash IS NOT NULL;

      CREATE TABLE connectors (
        id                      TEXT   NOT NULL PRIMARY KEY,
        name                    TEXT,
        host                    TEXT,
        agent_id                TEXT   NOT NULL,
        handoff_json            TEXT,
        chunk_join              TEXT   NOT NULL DEFAULT 'auto',
        language_detection_json TEXT,
        token_hash              TEXT   NOT NULL,
        created_at              BIGINT NOT NULL,
        updated_at              BIGINT NOT NULL
      );
      CREATE UNIQUE INDEX connectors_token_hash ON connectors (token_hash);

      CREATE TABLE signing_keys (
        kid        TEXT   NOT NULL PRIMARY KEY,
        alg        TEXT   NOT NULL,
        secret     TEXT   NOT NULL,
        created_at BIGINT NOT NULL,
        retired_at BIGINT
      );

      CREATE TABLE queues (
        name                    TEXT   NOT NULL PRIMARY KEY,
        max_wait_seconds        BIGINT NOT NULL,
        status_interval_seconds BIGINT NOT NULL,
        opening_hours_json      TEXT,
        created_at              BIGINT NOT NULL,
        updated_at              BIGINT NOT NULL
      );

      CREATE TABLE desk_users (
        id             TEXT   NOT NULL PRIMARY KEY,
        name           TEXT   NOT NULL,
        avatar_url     TEXT,
        queues_json    TEXT   NOT NULL,
        max_concurrent BIGINT NOT NULL,
        token_hash     TEXT   NOT NULL,
        created_at     BIGINT NOT NULL,
        updated_at     BIGINT NOT NULL
      );
      CREATE UNIQUE INDEX desk_users_token_hash ON desk_users (token_hash);

      -- The open queue (state, then age) and the recent waits of a queue.
      CREATE TABLE handoffs (
        id          TEXT   NOT NULL PRIMARY KEY,
        session_id  TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        queue       TEXT   NOT NULL,
        state       TEXT   NOT NULL,
        priority    BIGINT NOT NULL,
        enqueued_at BIGINT NOT NULL,
        assigned_to TEXT,
        assigned_at BIGINT,
        closed_at   BIGINT,
        outcome     TEXT
      );
      CREATE INDEX handoffs_state ON handoffs (state, enqueued_at, id);
      CREATE INDEX handoffs_queue_assigned ON handoffs (queue, assigned_at)
        WHERE assigned_at IS NOT NULL;
      CREATE INDEX handoffs_session ON handoffs (session_id);

      CREATE TABLE settings (
        name       TEXT   NOT NULL PRIMARY KEY,
        value      TEXT   NOT NULL,
        updated_at BIGINT NOT NULL
      );

      -- The epoch is drawn here, once, by whichever process migrates the schema first.
      CREATE TABLE store_meta (
        id         INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        epoch      TEXT    NOT NULL,
        created_at BIGINT  NOT NULL
      );
      INSERT INTO store_meta (id, epoch, created_at)
        VALUES (1, gen_random_uuid()::text, (extract(epoch FROM now()) * 1000)::bigint);
    `,
  },
  {
    version: 2,
    // The durable scheduler's table (src/coordination), shared by every process of the deployment.
    name: "durable timers",
    sql: TIMERS_DDL,
  },
  {
    version: 3,
    name: "verified context and chat api",
    // rowid: the tie-break of "newest first" the shared queries use (SQLite's implicit rowid).
    // Visitor facts and conversations hang off their session so erasing it erases them.
    sql: `
      CREATE TABLE context_keys (
        rowid         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        connector_id  TEXT   NOT NULL,
        kid           TEXT   NOT NULL,
        sealed_secret TEXT   NOT NULL,
        created_at    BIGINT NOT NULL,
        expires_at    BIGINT
      );
      CREATE INDEX context_keys_connector ON context_keys (connector_id, kid);

      CREATE TABLE session_context (
        session_id      TEXT NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        verified_json   TEXT,
        verified_at     BIGINT,
        attributes_json TEXT
      );

      CREATE TABLE api_keys (
        rowid      BIGINT GENERATED ALWAYS AS IDENTITY,
        id         TEXT   NOT NULL PRIMARY KEY,
        account_id TEXT   NOT NULL,
        key_hash   TEXT   NOT NULL UNIQUE,
        created_at BIGINT NOT NULL,
        expires_at BIGINT
      );
      CREATE INDEX api_keys_account ON api_keys (account_id, created_at);

      CREATE TABLE chat_conversations (
        session_id TEXT   NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        account_id TEXT   NOT NULL,
        channel    TEXT   NOT NULL,
        variant_id TEXT,
        cursor     BIGINT NOT NULL,
        hold_by    TEXT,
        hold_until BIGINT
      );

      -- A connector's agent variants for the Chat API's variant_id ({ variant id: agent id }).
      ALTER TABLE connectors ADD COLUMN variants_json TEXT;
    `,
  },
  {
    version: 4,
    name: "desk sign-in, saved replies and internal notes",
    // As SQLite migrations 10-12. Shortcuts and owners sort byte-wise (COLLATE "C"), as in
    // SQLite, so the console lists saved replies in the same order on either store.
    sql: `
      CREATE TABLE desk_logins (
        desk_user_id  TEXT   NOT NULL PRIMARY KEY REFERENCES desk_users (id) ON DELETE CASCADE,
        email         TEXT   NOT NULL UNIQUE,
        password_hash TEXT,
        generation    BIGINT NOT NULL,
        updated_at    BIGINT NOT NULL
      );
      CREATE TABLE desk_web_sessions (
        id_hash      TEXT   NOT NULL PRIMARY KEY,
        desk_user_id TEXT   NOT NULL REFERENCES desk_users (id) ON DELETE CASCADE,
        generation   BIGINT NOT NULL,
        csrf_token   TEXT   NOT NULL,
        created_at   BIGINT NOT NULL,
        expires_at   BIGINT NOT NULL
      );
      CREATE INDEX desk_web_sessions_user ON desk_web_sessions (desk_user_id);
      CREATE TABLE desk_statuses (
        desk_user_id TEXT   NOT NULL PRIMARY KEY REFERENCES desk_users (id) ON DELETE CASCADE,
        status       TEXT   NOT NULL,
        changed_at   BIGINT NOT NULL
      );

      CREATE TABLE saved_replies (
        id          TEXT   NOT NULL PRIMARY KEY,
        owner_queue TEXT   COLLATE "C" REFERENCES queues (name) ON DELETE CASCADE,
        owner_user  TEXT   COLLATE "C" REFERENCES desk_users (id) ON DELETE CASCADE,
        shortcut    TEXT   COLLATE "C" NOT NULL,
        text        TEXT   NOT NULL,
        created_at  BIGINT NOT NULL,
        updated_at  BIGINT NOT NULL,
        CHECK ((owner_queue IS NULL) <> (owner_user IS NULL))
      );
      CREATE UNIQUE INDEX saved_replies_queue_shortcut ON saved_replies (owner_queue, shortcut)
        WHERE owner_queue IS NOT NULL;
      CREATE UNIQUE INDEX saved_replies_user_shortcut ON saved_replies (owner_user, shortcut)
        WHERE owner_user IS NOT NULL;

      CREATE TABLE desk_notes (
        id          TEXT   NOT NULL PRIMARY KEY,
        session_id  TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        author_id   TEXT   NOT NULL,
        author_name TEXT   NOT NULL,
        text        TEXT   NOT NULL,
        transfer_to TEXT,
        created_at  BIGINT NOT NULL
      );
      CREATE INDEX desk_notes_session ON desk_notes (session_id, created_at);
    `,
  },
  {
    version: 5,
    name: "conversation ratings",
    // One rating per session (the last one counts), erased with it.
    sql: `
      ALTER TABLE connectors ADD COLUMN rating_json TEXT;
      CREATE TABLE session_ratings (
        session_id   TEXT   NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        connector_id TEXT   NOT NULL,
        scale        TEXT   NOT NULL,
        score        TEXT   NOT NULL,
        comment      TEXT,
        rated_at     BIGINT NOT NULL
      );
      CREATE INDEX session_ratings_rated ON session_ratings (rated_at, session_id);
    `,
  },
  {
    version: 6,
    name: "message search",
    // A GIN index over the message texts' words (the 'simple' configuration: no stemming, so
    // conversations in any language match alike). PostgreSQL keeps it in step with every insert
    // and delete; the query repeats this exact expression and predicate to use it.
    sql: `
      CREATE INDEX events_message_search ON events
        USING GIN (to_tsvector('simple', (payload_json::jsonb) ->> 'text'))
        WHERE type IN (${SEARCHABLE_TYPES_SQL});
    `,
  },
  {
    version: 7,
    // One row per visitor connection of any process; presence is read from the open ones.
    name: "visitor connections and visitor sessions",
    sql: `
      CREATE TABLE visitor_connections (
        holder     TEXT   NOT NULL PRIMARY KEY,
        session_id TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        opened_at  BIGINT NOT NULL,
        seen_at    BIGINT NOT NULL,
        closed_at  BIGINT
      );
      CREATE INDEX visitor_connections_session ON visitor_connections (session_id);
      -- Where a session began: the visitor id the browser keeps, its page and referrer.
      CREATE TABLE visitor_sessions (
        session_id   TEXT   NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
        connector_id TEXT   NOT NULL,
        visitor_id   TEXT,
        page_url     TEXT,
        referrer     TEXT,
        created_at   BIGINT NOT NULL
      );
      CREATE INDEX visitor_sessions_visitor ON visitor_sessions (connector_id, visitor_id, created_at);
    `,
  },
  {
    version: 8,
    // One per session (what the visitor left when nobody could take the chat), erased with it.
    name: "offline messages",
    sql: `
      CREATE TABLE offline_messages (
        id           TEXT   NOT NULL PRIMARY KEY,
        session_id   TEXT   NOT NULL UNIQUE REFERENCES sessions (id) ON DELETE CASCADE,
        connector_id TEXT   NOT NULL,
        queue        TEXT   NOT NULL,
        reason       TEXT   NOT NULL,
        email        TEXT   NOT NULL,
        name         TEXT,
        message      TEXT   NOT NULL,
        language     TEXT,
        created_at   BIGINT NOT NULL,
        delivery     TEXT   NOT NULL,
        attempts     BIGINT NOT NULL,
        last_error   TEXT,
        delivered_at BIGINT
      );
      CREATE INDEX offline_messages_created ON offline_messages (created_at, id);
    `,
  },
  {
    version: 9,
    // Metadata of the files attached to a session (the bytes are in the blob store), erased with it.
    name: "attached files",
    sql: `
      CREATE TABLE files (
        id           TEXT   NOT NULL PRIMARY KEY,
        session_id   TEXT   NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
        connector_id TEXT   NOT NULL,
        name         TEXT   NOT NULL,
        content_type TEXT   NOT NULL,
        size         BIGINT NOT NULL,
        uploaded_by  TEXT   NOT NULL,
        desk_user_id TEXT,
        created_at   BIGINT NOT NULL
      );
      CREATE INDEX files_session ON files (session_id, created_at);
    `,
  },
  {
    version: 10,
    // Turn leases and shared limits for a deployment on PostgreSQL without Redis.
    name: "turn leases and limits",
    sql: `${TURN_CLAIMS_DDL}${LIMITS_DDL}`,
  },
];

/** Thrown when the schema was migrated by a newer Switchboard than this one. */
export class PostgresSchemaTooNewError extends Error {
  override readonly name = "PostgresSchemaTooNewError";
}

/** Any fixed number: the advisory lock several starting processes queue on (with the schema). */
const MIGRATION_LOCK = 0x5b0a;

/**
 * Brings the current schema (`search_path`) up to the newest migration in one transaction;
 * returns the versions applied (none when it was current). Concurrent runners, from any
 * process, queue on an advisory lock, so each migration is applied exactly once.
 */
export async function migratePostgres(
  client: ClientBase,
  migrations: readonly PostgresMigration[] = POSTGRES_MIGRATIONS,
): Promise<number[]> {
  await client.query("BEGIN");
  try {
    await client.query("SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))", [
      MIGRATION_LOCK,
    ]);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version    INTEGER NOT NULL PRIMARY KEY,
      name       TEXT    NOT NULL,
      applied_at BIGINT  NOT NULL
    )`);
    // Every version not yet recorded is applied, not only those above the highest: migrations
    // written side by side may land out of order.
    const found = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
    const recorded = new Set(found.rows.map((row) => row.version));
    const known = new Set(migrations.map((m) => m.version));
    const current = Math.max(0, ...recorded);
    const newest = migrations.at(-1)?.version ?? 0;
    if ([...recorded].some((version) => !known.has(version))) {
      throw new PostgresSchemaTooNewError(
        `PostgreSQL schema is version ${current}, but this Switchboard only knows up to ` +
          `version ${newest}; run a newer Switchboard or restore a backup`,
      );
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      if (recorded.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query(
        "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        [migration.version, migration.name, Date.now()],
      );
      applied.push(migration.version);
    }
    await client.query("COMMIT");
    return applied;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
}
