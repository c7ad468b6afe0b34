// The PostgreSQL schema as ordered, versioned migrations, and the runner that applies them.
import type { ClientBase } from "pg";
import { LIMITS_DDL, TIMERS_DDL, TURN_CLAIMS_DDL } from "../../coordination/index.js";

export interface PostgresMigration {
  /** Consecutive from 1; recorded in `schema_migrations` once applied. */
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
    const found = await client.query<{ version: number }>("SELECT version FROM schema_migrations");
    const done = new Set(found.rows.map((r) => Number(r.version)));
    const current = Math.max(0, ...done);
    const newest = migrations.at(-1)?.version ?? 0;
    if (current > newest) {
      throw new PostgresSchemaTooNewError(
        `PostgreSQL schema is version ${current}, but this Switchboard only knows up to ` +
          `version ${newest}; run a newer Switchboard or restore a backup`,
      );
    }
    const applied: number[] = [];
    for (const migration of migrations) {
      // Each one not recorded yet, even below the newest applied: migrations written side by side
      // may land in any order.
      if (done.has(migration.version)) continue;
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
