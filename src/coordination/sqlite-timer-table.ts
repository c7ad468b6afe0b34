// Timers in the SQLite file (table `timers`): one process fires them, and they outlive its restarts.
import { randomUUID } from "node:crypto";
import type { Database, Statement } from "better-sqlite3";
import type { ScheduleMode, TimerPayload } from "../core/index.js";
import type { ClaimedTimer, TimerTable } from "./timer-table.js";

interface Row {
  kind: string;
  key: string;
  at: number;
  payload_json: string;
  attempt: number;
}

const UPSERT: Record<ScheduleMode, string> = {
  replace: `INSERT INTO timers (kind, key, at, payload_json, attempt, claim_token, ready_at)
      VALUES (@kind, @key, @at, @payload, 0, NULL, @at)
      ON CONFLICT (kind, key) DO UPDATE SET at = excluded.at, payload_json = excluded.payload_json,
        attempt = 0, claim_token = NULL, ready_at = excluded.at`,
  later: `INSERT INTO timers (kind, key, at, payload_json, attempt, claim_token, ready_at)
      VALUES (@kind, @key, @at, @payload, 0, NULL, @at)
      ON CONFLICT (kind, key) DO UPDATE SET at = max(at, excluded.at),
        payload_json = excluded.payload_json, attempt = 0, claim_token = NULL,
        ready_at = max(at, excluded.at)`,
  absent: `INSERT INTO timers (kind, key, at, payload_json, attempt, claim_token, ready_at)
      VALUES (@kind, @key, @at, @payload, 0, NULL, @at) ON CONFLICT (kind, key) DO NOTHING`,
};

/**
 * A `TimerTable` on its own connection to the store's file. Statements are synchronous and
 * claims run in IMMEDIATE transactions, so they are atomic even against another process.
 */
export class SqliteTimerTable implements TimerTable {
  readonly #db: Database;
  readonly #upsert: Record<ScheduleMode, Statement>;
  readonly #remove: Statement;
  readonly #ready: Statement<[number, number], Row>;
  readonly #mark: Statement;
  readonly #confirm: Statement;
  readonly #release: Statement;
  readonly #count: Statement<[number], { n: number }>;
  readonly #next: Statement<[], { at: number | null }>;
  readonly #claim: (
    kinds: readonly string[],
    now: number,
    until: number,
    limit: number,
  ) => ClaimedTimer[];

  constructor(db: Database) {
    this.#db = db;
    this.#upsert = {
      replace: db.prepare(UPSERT.replace),
      later: db.prepare(UPSERT.later),
      absent: db.prepare(UPSERT.absent),
    };
    this.#remove = db.prepare("DELETE FROM timers WHERE kind = ? AND key = ?");
    this.#ready = db.prepare(
      `SELECT kind, key, at, payload_json, attempt FROM timers
       WHERE ready_at <= ? ORDER BY ready_at LIMIT ?`,
    );
    this.#mark = db.prepare(
      "UPDATE timers SET claim_token = ?, attempt = attempt + 1, ready_at = ? WHERE kind = ? AND key = ?",
    );
    this.#confirm = db.prepare("DELETE FROM timers WHERE kind = ? AND key = ? AND claim_token = ?");
    this.#release = db.prepare(
      `UPDATE timers SET claim_token = NULL, ready_at = ?
       WHERE kind = ? AND key = ? AND claim_token = ?`,
    );
    this.#count = db.prepare("SELECT count(*) AS n FROM timers WHERE ready_at <= ?");
    this.#next = db.prepare("SELECT min(ready_at) AS at FROM timers");
    const claim = db.transaction(
      (kinds: readonly string[], now: number, until: number, limit: number) => {
        const claimed: ClaimedTimer[] = [];
        // Ready timers of other kinds are skipped, so read a few more than the batch.
        for (const row of this.#ready.all(now, limit * 4)) {
          if (!kinds.includes(row.kind) || claimed.length >= limit) continue;
          const token = randomUUID();
          this.#mark.run(token, until, row.kind, row.key);
          claimed.push({
            kind: row.kind,
            key: row.key,
            at: row.at,
            payload: JSON.parse(row.payload_json) as TimerPayload,
            attempt: row.attempt + 1,
            token,
          });
        }
        return claimed;
      },
    );
    this.#claim = (kinds, now, until, limit) => claim.immediate(kinds, now, until, limit);
  }

  async put(
    kind: string,
    key: string,
    at: number,
    payload: TimerPayload,
    mode: ScheduleMode,
  ): Promise<void> {
    this.#upsert[mode].run({ kind, key, at, payload: JSON.stringify(payload) });
  }

  async remove(kind: string, key: string): Promise<void> {
    this.#remove.run(kind, key);
  }

  async claim(
    kinds: readonly string[],
    now: number,
    claimUntil: number,
    limit: number,
  ): Promise<ClaimedTimer[]> {
    return this.#claim(kinds, now, claimUntil, limit);
  }

  async confirm(kind: string, key: string, token: string): Promise<void> {
    this.#confirm.run(kind, key, token);
  }

  async release(kind: string, key: string, token: string, retryAt: number): Promise<void> {
    this.#release.run(retryAt, kind, key, token);
  }

  async countReady(now: number): Promise<number> {
    return this.#count.get(now)?.n ?? 0;
  }

  async nextReady(): Promise<number | undefined> {
    return this.#next.get()?.at ?? undefined;
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
