// Verified context and the Chat API's records: one query layer for both SQL dialects.
import { sql } from "kysely";
import type {
  ApiKeyRecord,
  ChatApiStore,
  ChatConversationRecord,
  ContextFields,
  ContextKeyRecord,
  ContextKeyStore,
  SessionContextRecord,
  SessionContextStore,
} from "../../core/ports.js";
import { serialised } from "./executor.js";
import { PortQueries } from "./port-queries.js";

/**
 * Context signing keys, sessions' visitor facts, account API keys and Chat API conversations,
 * over a store's executor (its connection or pool, its group commit). Facts and conversations
 * reference their session (`ON DELETE CASCADE`), so erasing a session erases them.
 */
export class VisitorRecords
  extends PortQueries
  implements ContextKeyStore, SessionContextStore, ChatApiStore
{
  async listContextKeys(connectorId: string): Promise<ContextKeyRecord[]> {
    const query = this.q
      .selectFrom("context_keys")
      .select(["connector_id", "kid", "sealed_secret", "created_at", "expires_at"])
      .where("connector_id", "=", connectorId)
      .orderBy("created_at", "desc")
      .orderBy("rowid", "desc");
    return (await this.records.read(query.compile())).map((row) => ({
      connectorId: row.connector_id,
      kid: row.kid,
      sealedSecret: row.sealed_secret,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    }));
  }

  async addContextKey(key: ContextKeyRecord): Promise<boolean> {
    // One statement inserting only when the kid is new; serialised per kid across processes.
    const insert = this.q
      .insertInto("context_keys")
      .columns(["connector_id", "kid", "sealed_secret", "created_at", "expires_at"])
      .expression(
        this.q
          .selectNoFrom([
            sql<string>`cast(${key.connectorId} as text)`.as("connector_id"),
            sql<string>`cast(${key.kid} as text)`.as("kid"),
            sql<string>`cast(${key.sealedSecret} as text)`.as("sealed_secret"),
            sql<number>`cast(${key.createdAt} as bigint)`.as("created_at"),
            sql<number | null>`cast(${key.expiresAt} as bigint)`.as("expires_at"),
          ])
          .where(({ not, exists, selectFrom }) =>
            not(
              exists(
                selectFrom("context_keys")
                  .select("kid")
                  .where("connector_id", "=", key.connectorId)
                  .where("kid", "=", key.kid),
              ),
            ),
          ),
      );
    const changed = await this.records.write([
      ...this.#kidLock(key.connectorId, key.kid),
      insert.compile(),
    ]);
    return changed.at(-1) === 1;
  }

  async rotateContextKey(key: ContextKeyRecord, previousExpiresAt: number): Promise<void> {
    const expire = this.q
      .updateTable("context_keys")
      .set({ expires_at: previousExpiresAt })
      .where("connector_id", "=", key.connectorId)
      .where("kid", "=", key.kid)
      .where((eb) =>
        eb.or([eb("expires_at", "is", null), eb("expires_at", ">", previousExpiresAt)]),
      );
    const insert = this.q.insertInto("context_keys").values({
      connector_id: key.connectorId,
      kid: key.kid,
      sealed_secret: key.sealedSecret,
      created_at: key.createdAt,
      expires_at: key.expiresAt,
    });
    await this.records.write([
      ...this.#kidLock(key.connectorId, key.kid),
      expire.compile(),
      insert.compile(),
    ]);
  }

  async deleteContextKey(connectorId: string, kid: string): Promise<boolean> {
    const query = this.q
      .deleteFrom("context_keys")
      .where("connector_id", "=", connectorId)
      .where("kid", "=", kid);
    return (await this.change(query.compile())) > 0;
  }

  purgeExpiredContextKeys(cutoff: number): Promise<number> {
    const query = this.q
      .deleteFrom("context_keys")
      .where("expires_at", "is not", null)
      .where("expires_at", "<", cutoff);
    return this.change(query.compile());
  }

  async getSessionContext(sessionId: string): Promise<SessionContextRecord | undefined> {
    const query = this.q
      .selectFrom("session_context")
      .selectAll()
      .where("session_id", "=", sessionId);
    const row = (await this.records.read(query.compile()))[0];
    if (row === undefined) return undefined;
    return {
      sessionId: row.session_id,
      verified: parse(row.verified_json),
      verifiedAt: row.verified_at,
      attributes: parse(row.attributes_json),
    };
  }

  async setVerifiedContext(
    sessionId: string,
    verified: ContextFields | null,
    at: number,
  ): Promise<void> {
    const columns = { verified_json: json(verified), verified_at: at };
    const query = this.q
      .insertInto("session_context")
      .values({ session_id: sessionId, ...columns })
      .onConflict((conflict) => conflict.column("session_id").doUpdateSet(columns));
    await this.change(query.compile());
  }

  async setIntegrationAttributes(
    sessionId: string,
    attributes: ContextFields | null,
  ): Promise<void> {
    const columns = { attributes_json: json(attributes) };
    const query = this.q
      .insertInto("session_context")
      .values({ session_id: sessionId, ...columns })
      .onConflict((conflict) => conflict.column("session_id").doUpdateSet(columns));
    await this.change(query.compile());
  }

  async createApiKey(key: ApiKeyRecord): Promise<void> {
    const query = this.q.insertInto("api_keys").values({
      id: key.id,
      account_id: key.accountId,
      key_hash: key.keyHash,
      created_at: key.createdAt,
      expires_at: key.expiresAt,
    });
    await this.change(query.compile());
  }

  async getApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined> {
    const query = this.#apiKeys().where("key_hash", "=", keyHash);
    const row = (await this.records.read(query.compile()))[0];
    return row === undefined ? undefined : toApiKey(row);
  }

  async listApiKeys(accountId: string): Promise<ApiKeyRecord[]> {
    const query = this.#apiKeys()
      .where("account_id", "=", accountId)
      .orderBy("created_at", "desc")
      .orderBy("rowid", "desc");
    return (await this.records.read(query.compile())).map(toApiKey);
  }

  async expireApiKey(accountId: string, id: string, expiresAt: number): Promise<boolean> {
    // Matches the key whether or not it changes, so the count says whether it exists.
    const query = this.q
      .updateTable("api_keys")
      .set({
        expires_at: sql<number>`case when expires_at is null or expires_at > ${expiresAt}
          then ${expiresAt} else expires_at end`,
      })
      .where("account_id", "=", accountId)
      .where("id", "=", id);
    return (await this.change(query.compile())) > 0;
  }

  async deleteApiKey(accountId: string, id: string): Promise<boolean> {
    const query = this.q
      .deleteFrom("api_keys")
      .where("account_id", "=", accountId)
      .where("id", "=", id);
    return (await this.change(query.compile())) > 0;
  }

  async createChatConversation(conversation: ChatConversationRecord): Promise<void> {
    const query = this.q.insertInto("chat_conversations").values({
      session_id: conversation.sessionId,
      account_id: conversation.accountId,
      channel: conversation.channel,
      variant_id: conversation.variantId,
      cursor: conversation.cursor,
    });
    await this.change(query.compile());
  }

  async getChatConversation(sessionId: string): Promise<ChatConversationRecord | undefined> {
    const query = this.q
      .selectFrom("chat_conversations")
      .select(["session_id", "account_id", "channel", "variant_id", "cursor"])
      .where("session_id", "=", sessionId);
    const row = (await this.records.read(query.compile()))[0];
    if (row === undefined) return undefined;
    return {
      sessionId: row.session_id,
      accountId: row.account_id,
      channel: row.channel,
      variantId: row.variant_id,
      cursor: row.cursor,
    };
  }

  async advanceChatCursor(sessionId: string, cursor: number): Promise<void> {
    const query = this.q
      .updateTable("chat_conversations")
      .set({ cursor })
      .where("session_id", "=", sessionId)
      .where("cursor", "<", cursor);
    await this.change(query.compile());
  }

  async holdChatConversation(
    sessionId: string,
    holder: string,
    now: number,
    until: number,
  ): Promise<boolean> {
    // One conditional UPDATE: PostgreSQL re-checks the condition on the row a concurrent
    // winner committed, SQLite runs one write at a time, so only one caller matches.
    const query = this.q
      .updateTable("chat_conversations")
      .set({ hold_by: holder, hold_until: until })
      .where("session_id", "=", sessionId)
      .where((eb) =>
        eb.or([eb("hold_by", "is", null), eb("hold_by", "=", holder), eb("hold_until", "<=", now)]),
      );
    return (await this.change(query.compile())) === 1;
  }

  async releaseChatConversation(sessionId: string, holder: string): Promise<void> {
    const query = this.q
      .updateTable("chat_conversations")
      .set({ hold_by: null, hold_until: null })
      .where("session_id", "=", sessionId)
      .where("hold_by", "=", holder);
    await this.change(query.compile());
  }

  #apiKeys() {
    return this.q
      .selectFrom("api_keys")
      .select(["id", "account_id", "key_hash", "created_at", "expires_at"]);
  }

  #kidLock(connectorId: string, kid: string) {
    return serialised(this.dialect, `context-key:${connectorId}:${kid}`);
  }
}

function toApiKey(row: {
  id: string;
  account_id: string;
  key_hash: string;
  created_at: number;
  expires_at: number | null;
}): ApiKeyRecord {
  return {
    id: row.id,
    accountId: row.account_id,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

function json(fields: ContextFields | null): string | null {
  return fields === null ? null : JSON.stringify(fields);
}

function parse(text: string | null): ContextFields | null {
  return text === null ? null : Object.freeze(JSON.parse(text) as ContextFields);
}
