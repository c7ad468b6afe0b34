// The Chat API's records in SQLite: account API keys and conversations.
import type { ApiKeyRecord, ChatApiStore, ChatConversationRecord } from "../../core/ports.js";
import type { SqliteAccess } from "./sqlite-connection.js";

interface KeyRow {
  id: string;
  account_id: string;
  key_hash: string;
  created_at: number;
  expires_at: number | null;
}

interface ConversationRow {
  session_id: string;
  account_id: string;
  channel: string;
  variant_id: string | null;
  cursor: number;
}

/** The Chat API port over the store's connection. */
export class SqliteChatApiStore implements ChatApiStore {
  readonly #io: SqliteAccess;
  readonly #sql: ReturnType<typeof prepare>;

  constructor(io: SqliteAccess) {
    this.#io = io;
    this.#sql = prepare(io);
  }

  createApiKey(key: ApiKeyRecord): Promise<void> {
    return this.#io.write(() => {
      this.#sql.insertKey.run({
        id: key.id,
        account_id: key.accountId,
        key_hash: key.keyHash,
        created_at: key.createdAt,
        expires_at: key.expiresAt,
      });
    });
  }

  getApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    return this.#io.read(() => {
      const row = this.#sql.keyByHash.get(keyHash);
      return row === undefined ? undefined : toKey(row);
    });
  }

  listApiKeys(accountId: string): Promise<ApiKeyRecord[]> {
    return this.#io.read(() => this.#sql.listKeys.all(accountId).map(toKey));
  }

  expireApiKey(accountId: string, id: string, expiresAt: number): Promise<boolean> {
    return this.#io.write(() => {
      if (!this.#sql.keyById.get(accountId, id)) return false;
      this.#sql.expireKey.run(expiresAt, accountId, id, expiresAt);
      return true;
    });
  }

  deleteApiKey(accountId: string, id: string): Promise<boolean> {
    return this.#io.write(() => this.#sql.deleteKey.run(accountId, id).changes > 0);
  }

  createChatConversation(conversation: ChatConversationRecord): Promise<void> {
    return this.#io.write(() => {
      this.#sql.insertConversation.run({
        session_id: conversation.sessionId,
        account_id: conversation.accountId,
        channel: conversation.channel,
        variant_id: conversation.variantId,
        cursor: conversation.cursor,
      });
    });
  }

  getChatConversation(sessionId: string): Promise<ChatConversationRecord | undefined> {
    return this.#io.read(() => {
      const row = this.#sql.getConversation.get(sessionId);
      return row === undefined ? undefined : toConversation(row);
    });
  }

  advanceChatCursor(sessionId: string, cursor: number): Promise<void> {
    return this.#io.write(() => {
      this.#sql.advanceCursor.run(cursor, sessionId, cursor);
    });
  }
}

function prepare({ db }: SqliteAccess) {
  return {
    insertKey: db.prepare<[KeyRow]>(
      `INSERT INTO api_keys (id, account_id, key_hash, created_at, expires_at)
       VALUES (@id, @account_id, @key_hash, @created_at, @expires_at)`,
    ),
    keyByHash: db.prepare<[string], KeyRow>("SELECT * FROM api_keys WHERE key_hash = ?"),
    listKeys: db.prepare<[string], KeyRow>(
      "SELECT * FROM api_keys WHERE account_id = ? ORDER BY created_at DESC, rowid DESC",
    ),
    keyById: db.prepare<[string, string], KeyRow>(
      "SELECT * FROM api_keys WHERE account_id = ? AND id = ?",
    ),
    expireKey: db.prepare<[number, string, string, number]>(
      `UPDATE api_keys SET expires_at = ?
       WHERE account_id = ? AND id = ? AND (expires_at IS NULL OR expires_at > ?)`,
    ),
    deleteKey: db.prepare<[string, string]>("DELETE FROM api_keys WHERE account_id = ? AND id = ?"),
    insertConversation: db.prepare<[ConversationRow]>(
      `INSERT INTO chat_conversations (session_id, account_id, channel, variant_id, cursor)
       VALUES (@session_id, @account_id, @channel, @variant_id, @cursor)`,
    ),
    getConversation: db.prepare<[string], ConversationRow>(
      "SELECT * FROM chat_conversations WHERE session_id = ?",
    ),
    advanceCursor: db.prepare<[number, string, number]>(
      "UPDATE chat_conversations SET cursor = ? WHERE session_id = ? AND cursor < ?",
    ),
  };
}

function toKey(row: KeyRow): ApiKeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function toConversation(row: ConversationRow): ChatConversationRecord {
  return {
    sessionId: row.session_id,
    accountId: row.account_id,
    channel: row.channel,
    variantId: row.variant_id,
    cursor: row.cursor,
  };
}
