// Turn leases in the SQLite file (table `turn_claims`): a restarted process takes over the turns its predecessor left.
import { randomUUID } from "node:crypto";
import type { Database, Statement } from "better-sqlite3";
import type { Takeover, TurnClaims, TurnLease } from "../core/index.js";

interface Row {
  token: string;
  lease_until: number;
  state: string;
  begun: string | null;
}

/** `TurnClaims` on its own connection to the store's file; every change is one statement or one IMMEDIATE transaction. */
export class SqliteTurnClaims implements TurnClaims {
  readonly #db: Database;
  readonly #insert: Statement;
  readonly #get: Statement<[string, string], Row>;
  readonly #retoken: Statement;
  readonly #renew: Statement;
  readonly #begin: Statement;
  readonly #finish: Statement;
  readonly #forget: Statement;
  readonly #takeOver: (sessionId: string, key: string, now: number, leaseMs: number) => Takeover;

  constructor(db: Database) {
    this.#db = db;
    this.#insert = db.prepare(
      `INSERT INTO turn_claims (session_id, key, token, lease_until, lease_ms, state)
       VALUES (?, ?, ?, ?, ?, 'running') ON CONFLICT DO NOTHING`,
    );
    this.#get = db.prepare(
      "SELECT token, lease_until, state, begun FROM turn_claims WHERE session_id = ? AND key = ?",
    );
    this.#retoken = db.prepare(
      `UPDATE turn_claims SET token = ?, lease_until = ?, lease_ms = ?
       WHERE session_id = ? AND key = ?`,
    );
    this.#renew = db.prepare(
      `UPDATE turn_claims SET lease_until = ? + lease_ms
       WHERE session_id = ? AND key = ? AND token = ? AND state = 'running'`,
    );
    this.#begin = db.prepare(
      `UPDATE turn_claims SET begun = ?
       WHERE session_id = ? AND key = ? AND token = ? AND state = 'running'`,
    );
    this.#finish = db.prepare(
      `UPDATE turn_claims SET state = 'done'
       WHERE session_id = ? AND key = ? AND token = ? AND state = 'running'`,
    );
    this.#forget = db.prepare("DELETE FROM turn_claims WHERE session_id = ?");
    const takeOver = db.transaction(
      (sessionId: string, key: string, now: number, leaseMs: number): Takeover => {
        const row = this.#get.get(sessionId, key);
        if (!row) return { state: "none" };
        if (row.state === "done") return { state: "done" };
        if (row.lease_until > now) return { state: "held", until: row.lease_until };
        const token = randomUUID();
        this.#retoken.run(token, now + leaseMs, leaseMs, sessionId, key);
        return { state: "taken", lease: this.#lease(sessionId, key, token), begun: row.begun };
      },
    );
    this.#takeOver = (...args) => takeOver.immediate(...args);
  }

  async claim(
    sessionId: string,
    key: string,
    now: number,
    leaseMs: number,
  ): Promise<TurnLease | null> {
    const token = randomUUID();
    const { changes } = this.#insert.run(sessionId, key, token, now + leaseMs, leaseMs);
    return changes === 1 ? this.#lease(sessionId, key, token) : null;
  }

  async takeOver(sessionId: string, key: string, now: number, leaseMs: number): Promise<Takeover> {
    return this.#takeOver(sessionId, key, now, leaseMs);
  }

  forget(sessionId: string): void {
    this.#forget.run(sessionId);
  }

  /** Closes this connection. */
  close(): void {
    if (this.#db.open) this.#db.close();
  }

  #lease(sessionId: string, key: string, token: string): TurnLease {
    return {
      renew: async (now) => this.#renew.run(now, sessionId, key, token).changes === 1,
      begin: async (messageId) => void this.#begin.run(messageId, sessionId, key, token),
      finish: async () => void this.#finish.run(sessionId, key, token),
    };
  }
}
