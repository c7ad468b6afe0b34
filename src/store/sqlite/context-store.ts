// Verified context in SQLite: connectors' signing keys and sessions' visitor facts.
import type {
  ContextFields,
  ContextKeyRecord,
  ContextKeyStore,
  SessionContextRecord,
  SessionContextStore,
} from "../../core/ports.js";
import type { SqliteAccess } from "./sqlite-connection.js";

interface KeyRow {
  connector_id: string;
  kid: string;
  sealed_secret: string;
  created_at: number;
  expires_at: number | null;
}

interface ContextRow {
  session_id: string;
  verified_json: string | null;
  verified_at: number | null;
  attributes_json: string | null;
}

/** Both context ports over the store's connection. */
export class SqliteContextStore implements ContextKeyStore, SessionContextStore {
  readonly #io: SqliteAccess;
  readonly #sql: ReturnType<typeof prepare>;

  constructor(io: SqliteAccess) {
    this.#io = io;
    this.#sql = prepare(io);
  }

  listContextKeys(connectorId: string): Promise<ContextKeyRecord[]> {
    return this.#io.read(() => this.#sql.listKeys.all(connectorId).map(toKey));
  }

  addContextKey(key: ContextKeyRecord): Promise<boolean> {
    return this.#io.write(() => {
      if (this.#sql.hasKid.get(key.connectorId, key.kid)) return false;
      this.#sql.insertKey.run(keyParams(key));
      return true;
    });
  }

  rotateContextKey(key: ContextKeyRecord, previousExpiresAt: number): Promise<void> {
    return this.#io.write(() => {
      this.#sql.expireKid.run(previousExpiresAt, key.connectorId, key.kid, previousExpiresAt);
      this.#sql.insertKey.run(keyParams(key));
    });
  }

  deleteContextKey(connectorId: string, kid: string): Promise<boolean> {
    return this.#io.write(() => this.#sql.deleteKid.run(connectorId, kid).changes > 0);
  }

  purgeExpiredContextKeys(cutoff: number): Promise<number> {
    return this.#io.write(() => this.#sql.purgeKeys.run(cutoff).changes);
  }

  getSessionContext(sessionId: string): Promise<SessionContextRecord | undefined> {
    return this.#io.read(() => {
      const row = this.#sql.getContext.get(sessionId);
      return row === undefined ? undefined : toContext(row);
    });
  }

  setVerifiedContext(sessionId: string, verified: ContextFields | null, at: number): Promise<void> {
    return this.#io.write(() => {
      this.#sql.upsertVerified.run(sessionId, json(verified), at);
    });
  }

  setIntegrationAttributes(sessionId: string, attributes: ContextFields | null): Promise<void> {
    return this.#io.write(() => {
      this.#sql.upsertAttributes.run(sessionId, json(attributes));
    });
  }
}

function prepare({ db }: SqliteAccess) {
  return {
    listKeys: db.prepare<[string], KeyRow>(
      "SELECT * FROM context_keys WHERE connector_id = ? ORDER BY created_at DESC, rowid DESC",
    ),
    hasKid: db.prepare<[string, string], { one: number }>(
      "SELECT 1 AS one FROM context_keys WHERE connector_id = ? AND kid = ? LIMIT 1",
    ),
    insertKey: db.prepare<[KeyRow]>(
      `INSERT INTO context_keys (connector_id, kid, sealed_secret, created_at, expires_at)
       VALUES (@connector_id, @kid, @sealed_secret, @created_at, @expires_at)`,
    ),
    expireKid: db.prepare<[number, string, string, number]>(
      `UPDATE context_keys SET expires_at = ?
       WHERE connector_id = ? AND kid = ? AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    deleteKid: db.prepare<[string, string]>(
      "DELETE FROM context_keys WHERE connector_id = ? AND kid = ?",
    ),
    purgeKeys: db.prepare<[number]>(
      "DELETE FROM context_keys WHERE expires_at IS NOT NULL AND expires_at < ?",
    ),
    getContext: db.prepare<[string], ContextRow>(
      "SELECT * FROM session_context WHERE session_id = ?",
    ),
    upsertVerified: db.prepare<[string, string | null, number]>(
      `INSERT INTO session_context (session_id, verified_json, verified_at) VALUES (?, ?, ?)
       ON CONFLICT (session_id) DO UPDATE
       SET verified_json = excluded.verified_json, verified_at = excluded.verified_at`,
    ),
    upsertAttributes: db.prepare<[string, string | null]>(
      `INSERT INTO session_context (session_id, attributes_json) VALUES (?, ?)
       ON CONFLICT (session_id) DO UPDATE SET attributes_json = excluded.attributes_json`,
    ),
  };
}

function keyParams(key: ContextKeyRecord): KeyRow {
  return {
    connector_id: key.connectorId,
    kid: key.kid,
    sealed_secret: key.sealedSecret,
    created_at: key.createdAt,
    expires_at: key.expiresAt,
  };
}

function toKey(row: KeyRow): ContextKeyRecord {
  return {
    connectorId: row.connector_id,
    kid: row.kid,
    sealedSecret: row.sealed_secret,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function toContext(row: ContextRow): SessionContextRecord {
  return {
    sessionId: row.session_id,
    verified: parse(row.verified_json),
    verifiedAt: row.verified_at,
    attributes: parse(row.attributes_json),
  };
}

function json(fields: ContextFields | null): string | null {
  return fields === null ? null : JSON.stringify(fields);
}

function parse(text: string | null): ContextFields | null {
  return text === null ? null : Object.freeze(JSON.parse(text) as ContextFields);
}
