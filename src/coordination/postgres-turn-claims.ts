// Turn leases in PostgreSQL (table `switchboard_turn_claims`): every process of a deployment without Redis shares them.
import { randomUUID } from "node:crypto";
import type { Takeover, TurnClaims, TurnLease } from "../core/index.js";
import type { PgQueryable } from "./postgres-timer-table.js";

/** Creates the table if missing (idempotent). */
export const TURN_CLAIMS_DDL = `
  CREATE TABLE IF NOT EXISTS switchboard_turn_claims (
    session_id  TEXT   NOT NULL,
    key         TEXT   NOT NULL,
    token       TEXT   NOT NULL,
    lease_until BIGINT NOT NULL,
    lease_ms    BIGINT NOT NULL,
    state       TEXT   NOT NULL,
    begun       TEXT,
    PRIMARY KEY (session_id, key)
  );`;

const CLAIM = `INSERT INTO switchboard_turn_claims (session_id, key, token, lease_until, lease_ms, state)
  VALUES ($1, $2, $3, $4, $5, 'running') ON CONFLICT DO NOTHING`;

// Under READ COMMITTED a concurrent taker waits on the row lock, then re-checks the WHERE on the
// row the winner wrote (its lease now in the future), so exactly one taker gets the row.
const TAKE_OVER = `UPDATE switchboard_turn_claims SET token = $3, lease_until = $4 + $5, lease_ms = $5
  WHERE session_id = $1 AND key = $2 AND state = 'running' AND lease_until <= $4
  RETURNING begun`;

const LOOK = `SELECT state, lease_until FROM switchboard_turn_claims WHERE session_id = $1 AND key = $2`;

const RENEW = `UPDATE switchboard_turn_claims SET lease_until = $1 + lease_ms
  WHERE session_id = $2 AND key = $3 AND token = $4 AND state = 'running'`;
const BEGIN = `UPDATE switchboard_turn_claims SET begun = $1
  WHERE session_id = $2 AND key = $3 AND token = $4 AND state = 'running'`;
const FINISH = `UPDATE switchboard_turn_claims SET state = 'done'
  WHERE session_id = $1 AND key = $2 AND token = $3 AND state = 'running'`;
const FORGET = "DELETE FROM switchboard_turn_claims WHERE session_id = $1";

/** `TurnClaims` in the store's PostgreSQL schema; each step is one statement. */
export class PostgresTurnClaims implements TurnClaims {
  readonly #db: PgQueryable;
  readonly #onError: (error: unknown, context: string) => void;

  constructor(db: PgQueryable, onError: (error: unknown, context: string) => void) {
    this.#db = db;
    this.#onError = onError;
  }

  async claim(
    sessionId: string,
    key: string,
    now: number,
    leaseMs: number,
  ): Promise<TurnLease | null> {
    const token = randomUUID();
    const { rowCount } = await this.#db.query(CLAIM, [
      sessionId,
      key,
      token,
      now + leaseMs,
      leaseMs,
    ]);
    return rowCount === 1 ? this.#lease(sessionId, key, token) : null;
  }

  async takeOver(sessionId: string, key: string, now: number, leaseMs: number): Promise<Takeover> {
    const token = randomUUID();
    // A lease renewed between the two statements reads as held; one that expired between them
    // (a later `now` elsewhere cannot make it expire: `now` is ours) is retried once.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const taken = await this.#db.query<{ begun: string | null }>(TAKE_OVER, [
        sessionId,
        key,
        token,
        now,
        leaseMs,
      ]);
      const row = taken.rows[0];
      if (row)
        return { state: "taken", lease: this.#lease(sessionId, key, token), begun: row.begun };
      const found = await this.#db.query<{ state: string; lease_until: number }>(LOOK, [
        sessionId,
        key,
      ]);
      const current = found.rows[0];
      if (!current) return { state: "none" };
      if (current.state === "done") return { state: "done" };
      const until = Number(current.lease_until);
      if (until > now) return { state: "held", until };
    }
    return { state: "held", until: now + leaseMs };
  }

  forget(sessionId: string): void {
    this.#db
      .query(FORGET, [sessionId])
      .catch((error) => this.#onError(error, "forget turn claims"));
  }

  #lease(sessionId: string, key: string, token: string): TurnLease {
    return {
      renew: async (now) =>
        (await this.#db.query(RENEW, [now, sessionId, key, token])).rowCount === 1,
      begin: async (messageId) => {
        await this.#db.query(BEGIN, [messageId, sessionId, key, token]);
      },
      finish: async () => {
        await this.#db.query(FINISH, [sessionId, key, token]);
      },
    };
  }
}
