// Timers in PostgreSQL (table `switchboard_timers`): due rows claimed with FOR UPDATE SKIP LOCKED, so N processes share them.
import { randomUUID } from "node:crypto";
import type { ScheduleMode, TimerPayload } from "../core/index.js";
import type { ClaimedTimer, TimerTable } from "./timer-table.js";

/** The part of a `pg` Pool (or Client) this table uses. */
export interface PgQueryable {
  query<R = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** Creates the table if missing (idempotent; safe when several processes start at once). */
export const TIMERS_DDL = `
  CREATE TABLE IF NOT EXISTS switchboard_timers (
    kind         TEXT   NOT NULL,
    key          TEXT   NOT NULL,
    at           BIGINT NOT NULL,
    payload_json TEXT   NOT NULL,
    attempt      INT    NOT NULL,
    claim_token  TEXT,
    ready_at     BIGINT NOT NULL,
    PRIMARY KEY (kind, key)
  );
  CREATE INDEX IF NOT EXISTS switchboard_timers_ready ON switchboard_timers (ready_at);`;

const INSERT = `INSERT INTO switchboard_timers (kind, key, at, payload_json, attempt, claim_token, ready_at)
  VALUES ($1, $2, $3, $4, 0, NULL, $3)`;

const UPSERT: Record<ScheduleMode, string> = {
  replace: `${INSERT} ON CONFLICT (kind, key) DO UPDATE SET at = excluded.at,
    payload_json = excluded.payload_json, attempt = 0, claim_token = NULL, ready_at = excluded.at`,
  later: `${INSERT} ON CONFLICT (kind, key) DO UPDATE SET
    at = greatest(switchboard_timers.at, excluded.at), payload_json = excluded.payload_json,
    attempt = 0, claim_token = NULL, ready_at = greatest(switchboard_timers.at, excluded.at)`,
  absent: `${INSERT} ON CONFLICT (kind, key) DO NOTHING`,
};

// One statement: lock the oldest ready rows of these kinds that nobody else has locked, claim them.
const CLAIM = `
  WITH ready AS (
    SELECT kind, key FROM switchboard_timers
    WHERE ready_at <= $1 AND kind = ANY($3::text[])
    ORDER BY ready_at LIMIT $4
    FOR UPDATE SKIP LOCKED
  )
  UPDATE switchboard_timers t
  SET claim_token = $5 || ':' || t.kind || ':' || t.key, attempt = t.attempt + 1, ready_at = $2
  FROM ready WHERE t.kind = ready.kind AND t.key = ready.key
  RETURNING t.kind, t.key, t.at, t.payload_json, t.attempt, t.claim_token`;

interface ClaimRow {
  kind: string;
  key: string;
  at: string;
  payload_json: string;
  attempt: number;
  claim_token: string;
}

/** A `TimerTable` in PostgreSQL; call `ensure` (or run `TIMERS_DDL`) once first. */
export class PostgresTimerTable implements TimerTable {
  readonly #db: PgQueryable;
  readonly #close: () => Promise<void>;

  /** `close`: what closing the table releases (the pool, when the table owns it). */
  constructor(db: PgQueryable, close: () => Promise<void> = async () => undefined) {
    this.#db = db;
    this.#close = close;
  }

  /** Creates the table and its index when they are missing. */
  async ensure(): Promise<void> {
    await this.#db.query(TIMERS_DDL);
  }

  async put(
    kind: string,
    key: string,
    at: number,
    payload: TimerPayload,
    mode: ScheduleMode,
  ): Promise<void> {
    await this.#db.query(UPSERT[mode], [kind, key, at, JSON.stringify(payload)]);
  }

  async remove(kind: string, key: string): Promise<void> {
    await this.#db.query("DELETE FROM switchboard_timers WHERE kind = $1 AND key = $2", [
      kind,
      key,
    ]);
  }

  async claim(
    kinds: readonly string[],
    now: number,
    claimUntil: number,
    limit: number,
  ): Promise<ClaimedTimer[]> {
    if (kinds.length === 0) return [];
    const { rows } = await this.#db.query<ClaimRow>(CLAIM, [
      now,
      claimUntil,
      kinds,
      limit,
      randomUUID(),
    ]);
    return rows.map((row) => ({
      kind: row.kind,
      key: row.key,
      at: Number(row.at),
      payload: JSON.parse(row.payload_json) as TimerPayload,
      attempt: row.attempt,
      token: row.claim_token,
    }));
  }

  async confirm(kind: string, key: string, token: string): Promise<void> {
    await this.#db.query(
      "DELETE FROM switchboard_timers WHERE kind = $1 AND key = $2 AND claim_token = $3",
      [kind, key, token],
    );
  }

  async release(kind: string, key: string, token: string, retryAt: number): Promise<void> {
    await this.#db.query(
      `UPDATE switchboard_timers SET claim_token = NULL, ready_at = $4
       WHERE kind = $1 AND key = $2 AND claim_token = $3`,
      [kind, key, token, retryAt],
    );
  }

  async countReady(now: number): Promise<number> {
    const { rows } = await this.#db.query<{ n: string }>(
      "SELECT count(*) AS n FROM switchboard_timers WHERE ready_at <= $1",
      [now],
    );
    return Number(rows[0]?.n ?? 0);
  }

  async nextReady(): Promise<number | undefined> {
    const { rows } = await this.#db.query<{ at: string | null }>(
      "SELECT min(ready_at) AS at FROM switchboard_timers",
    );
    const at = rows[0]?.at;
    return at === null || at === undefined ? undefined : Number(at);
  }

  close(): Promise<void> {
    return this.#close();
  }
}
