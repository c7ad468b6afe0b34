// Limits in PostgreSQL (tables `switchboard_rate_buckets`, `switchboard_slots`), for a deployment without Redis.
import type { Limits, RateRule } from "../core/index.js";
import type { PgQueryable } from "./postgres-timer-table.js";

/** A pool that also lends one connection, for the transaction that serialises a slot group. */
export interface PgPool extends PgQueryable {
  connect(): Promise<PgQueryable & { release(): void }>;
}

/** Creates the tables if missing (idempotent). */
export const LIMITS_DDL = `
  CREATE TABLE IF NOT EXISTS switchboard_rate_buckets (
    key        TEXT             NOT NULL PRIMARY KEY,
    tokens     DOUBLE PRECISION NOT NULL,
    at         BIGINT           NOT NULL,
    wait       DOUBLE PRECISION NOT NULL,
    expires_at BIGINT           NOT NULL
  );
  CREATE INDEX IF NOT EXISTS switchboard_rate_buckets_expiry ON switchboard_rate_buckets (expires_at);
  CREATE TABLE IF NOT EXISTS switchboard_slots (
    grp        TEXT   NOT NULL,
    holder     TEXT   NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (grp, holder)
  );`;

// One token-bucket step in one statement: the row lock of the upsert makes concurrent takes of a
// key queue, each seeing the previous one's tokens. $1 key, $2 now, $3 burst, $4 tokens per ms,
// $5 how long an idle bucket is kept. Every SET expression reads the row as it was.
const REFILLED = "least($3::float8, b.tokens + greatest(0, $2::bigint - b.at) * $4::float8)";
const TAKE = `INSERT INTO switchboard_rate_buckets AS b (key, tokens, at, wait, expires_at)
  VALUES ($1, $3::float8 - 1, $2::bigint, 0, $2::bigint + $5::bigint)
  ON CONFLICT (key) DO UPDATE SET
    tokens = CASE WHEN ${REFILLED} >= 1 THEN ${REFILLED} - 1 ELSE ${REFILLED} END,
    at = greatest(b.at, $2::bigint),
    wait = CASE WHEN ${REFILLED} >= 1 THEN 0 ELSE ceil((1 - ${REFILLED}) / $4::float8) END,
    expires_at = $2::bigint + $5::bigint
  RETURNING wait`;

const PURGE_BUCKETS = "DELETE FROM switchboard_rate_buckets WHERE expires_at < $1";
/** Idle buckets are purged once per this many takes (a bucket past its expiry is full anyway). */
const PURGE_EVERY = 1000;

// Run while the group's advisory lock is held, so the count sees every committed holder.
const ACQUIRE = `WITH gone AS (
    DELETE FROM switchboard_slots WHERE grp = $1 AND expires_at <= $3::bigint
  ), live AS (
    SELECT holder FROM switchboard_slots WHERE grp = $1 AND expires_at > $3::bigint
  )
  INSERT INTO switchboard_slots (grp, holder, expires_at)
  SELECT $1, $2, $3::bigint + $5::bigint
  WHERE EXISTS (SELECT 1 FROM live WHERE holder = $2) OR (SELECT count(*) FROM live) < $4
  ON CONFLICT (grp, holder) DO UPDATE SET expires_at = excluded.expires_at`;
const LOCK_GROUP = "SELECT pg_advisory_xact_lock(hashtextextended($1, 7))";
const REFRESH = `UPDATE switchboard_slots SET expires_at = $3::bigint + $4::bigint
  WHERE grp = $1 AND holder = $2`;
const RELEASE = "DELETE FROM switchboard_slots WHERE grp = $1 AND holder = $2";

/** `Limits` in the store's PostgreSQL schema (errors reject: wrap it in `FailOpenLimits`). */
export class PostgresLimits implements Limits {
  readonly #db: PgPool;
  #takes = 0;

  constructor(db: PgPool) {
    this.#db = db;
  }

  async take(rule: RateRule, key: string, now: number): Promise<number> {
    const perMs = rule.perSecond / 1000;
    const keep = Math.ceil(rule.burst / perMs) + 1000;
    const { rows } = await this.#db.query<{ wait: number }>(TAKE, [
      `${rule.name}:${key}`,
      now,
      rule.burst,
      perMs,
      keep,
    ]);
    this.#takes += 1;
    if (this.#takes % PURGE_EVERY === 0) {
      // Best effort: a failed purge only leaves rows for the next one.
      this.#db.query(PURGE_BUCKETS, [now]).catch(() => undefined);
    }
    return Number(rows[0]?.wait ?? 0);
  }

  async acquire(
    group: string,
    holder: string,
    max: number,
    now: number,
    ttlMs: number,
  ): Promise<boolean> {
    const client = await this.#db.connect();
    try {
      await client.query("BEGIN");
      await client.query(LOCK_GROUP, [group]);
      const { rowCount } = await client.query(ACQUIRE, [group, holder, now, max, ttlMs]);
      await client.query("COMMIT");
      return rowCount === 1;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  async refresh(group: string, holder: string, now: number, ttlMs: number): Promise<void> {
    await this.#db.query(REFRESH, [group, holder, now, ttlMs]);
  }

  async release(group: string, holder: string): Promise<void> {
    await this.#db.query(RELEASE, [group, holder]);
  }
}
