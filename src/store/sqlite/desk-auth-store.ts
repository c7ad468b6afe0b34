// The desk's sign-in tables in SQLite: logins, web sessions and chosen statuses.

import type { Database } from "better-sqlite3";
import type {
  DeskAuthStore,
  DeskLoginRecord,
  DeskStatusStore,
  DeskWebSessionRecord,
} from "../../core/ports.js";
import type { DeskStatus } from "../../protocol/index.js";
import type { Checkpointer } from "./checkpointer.js";
import { SqliteConnection } from "./sqlite-connection.js";

interface LoginRow {
  desk_user_id: string;
  email: string;
  password_hash: string | null;
  generation: number;
  updated_at: number;
}
interface WebSessionRow {
  id_hash: string;
  desk_user_id: string;
  generation: number;
  csrf_token: string;
  created_at: number;
  expires_at: number;
}

function prepare(db: Database) {
  return {
    userExists: db.prepare<[string], { n: number }>("SELECT 1 AS n FROM desk_users WHERE id = ?"),
    emailOwner: db.prepare<[string], { desk_user_id: string }>(
      "SELECT desk_user_id FROM desk_logins WHERE email = ?",
    ),
    putLogin: db.prepare<[LoginRow]>(
      `INSERT INTO desk_logins (desk_user_id, email, password_hash, generation, updated_at)
       VALUES (@desk_user_id, @email, @password_hash, @generation, @updated_at)
       ON CONFLICT (desk_user_id) DO UPDATE SET email = excluded.email,
         password_hash = excluded.password_hash, generation = excluded.generation,
         updated_at = excluded.updated_at`,
    ),
    getLogin: db.prepare<[string], LoginRow>("SELECT * FROM desk_logins WHERE desk_user_id = ?"),
    getLoginByEmail: db.prepare<[string], LoginRow>("SELECT * FROM desk_logins WHERE email = ?"),
    raise: db.prepare<[number, string], { generation: number }>(
      `UPDATE desk_logins SET generation = generation + 1, updated_at = ?
       WHERE desk_user_id = ? RETURNING generation`,
    ),
    createSession: db.prepare<[WebSessionRow]>(
      `INSERT INTO desk_web_sessions (id_hash, desk_user_id, generation, csrf_token, created_at, expires_at)
       VALUES (@id_hash, @desk_user_id, @generation, @csrf_token, @created_at, @expires_at)`,
    ),
    getSession: db.prepare<[string], WebSessionRow>(
      "SELECT * FROM desk_web_sessions WHERE id_hash = ?",
    ),
    deleteSession: db.prepare<[string]>("DELETE FROM desk_web_sessions WHERE id_hash = ?"),
    purge: db.prepare<[number]>(
      `DELETE FROM desk_web_sessions WHERE expires_at <= ?
         OR generation < COALESCE((SELECT generation FROM desk_logins l
                                   WHERE l.desk_user_id = desk_web_sessions.desk_user_id), 0)`,
    ),
    setStatus: db.prepare<[string, string, number]>(
      `INSERT INTO desk_statuses (desk_user_id, status, changed_at) VALUES (?, ?, ?)
       ON CONFLICT (desk_user_id) DO UPDATE SET status = excluded.status, changed_at = excluded.changed_at`,
    ),
    listStatuses: db.prepare<[], { desk_user_id: string; status: DeskStatus }>(
      "SELECT desk_user_id, status FROM desk_statuses",
    ),
  };
}

const toLogin = (row: LoginRow): DeskLoginRecord => ({
  deskUserId: row.desk_user_id,
  email: row.email,
  passwordHash: row.password_hash,
  generation: row.generation,
  updatedAt: row.updated_at,
});

const toWebSession = (row: WebSessionRow): DeskWebSessionRecord => ({
  idHash: row.id_hash,
  deskUserId: row.desk_user_id,
  generation: row.generation,
  csrfToken: row.csrf_token,
  createdAt: row.created_at,
  expiresAt: row.expires_at,
});

/** Desk logins, web sessions and statuses over the shared connection and its group commit. */
export abstract class SqliteDeskAuthStore
  extends SqliteConnection
  implements DeskAuthStore, DeskStatusStore
{
  readonly #auth: ReturnType<typeof prepare>;

  constructor(db: Database, checkpointer?: Checkpointer) {
    super(db, checkpointer);
    this.#auth = prepare(db);
  }

  putDeskLogin(login: DeskLoginRecord): Promise<boolean> {
    const email = login.email.trim().toLowerCase();
    return this.write(() => {
      if (!this.#auth.userExists.get(login.deskUserId)) return false;
      const owner = this.#auth.emailOwner.get(email);
      if (owner && owner.desk_user_id !== login.deskUserId) return false;
      this.#auth.putLogin.run({
        desk_user_id: login.deskUserId,
        email,
        password_hash: login.passwordHash,
        generation: login.generation,
        updated_at: login.updatedAt,
      });
      return true;
    });
  }

  getDeskLogin(deskUserId: string): Promise<DeskLoginRecord | undefined> {
    return this.read(() => {
      const row = this.#auth.getLogin.get(deskUserId);
      return row && toLogin(row);
    });
  }

  getDeskLoginByEmail(email: string): Promise<DeskLoginRecord | undefined> {
    return this.read(() => {
      const row = this.#auth.getLoginByEmail.get(email.trim().toLowerCase());
      return row && toLogin(row);
    });
  }

  raiseDeskLoginGeneration(deskUserId: string, at: number): Promise<number | undefined> {
    return this.write(() => this.#auth.raise.get(at, deskUserId)?.generation);
  }

  createDeskWebSession(session: DeskWebSessionRecord): Promise<void> {
    return this.write(() => {
      this.#auth.createSession.run({
        id_hash: session.idHash,
        desk_user_id: session.deskUserId,
        generation: session.generation,
        csrf_token: session.csrfToken,
        created_at: session.createdAt,
        expires_at: session.expiresAt,
      });
    });
  }

  getDeskWebSession(idHash: string): Promise<DeskWebSessionRecord | undefined> {
    return this.read(() => {
      const row = this.#auth.getSession.get(idHash);
      return row && toWebSession(row);
    });
  }

  deleteDeskWebSession(idHash: string): Promise<boolean> {
    return this.write(() => this.#auth.deleteSession.run(idHash).changes > 0);
  }

  purgeDeskWebSessions(now: number): Promise<number> {
    return this.write(() => this.#auth.purge.run(now).changes);
  }

  setDeskStatus(deskUserId: string, status: DeskStatus, at: number): Promise<void> {
    return this.write(() => {
      if (this.#auth.userExists.get(deskUserId)) this.#auth.setStatus.run(deskUserId, status, at);
    });
  }

  listDeskStatuses(): Promise<Map<string, DeskStatus>> {
    return this.read(
      () => new Map(this.#auth.listStatuses.all().map((r) => [r.desk_user_id, r.status])),
    );
  }
}
