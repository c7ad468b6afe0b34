// The SQLite tables of verified context and the Chat API (migration 9).

/** Context signing keys, sessions' visitor facts, account API keys and Chat API conversations. */
export const VISITOR_AND_CHAT_MIGRATION = {
  version: 9,
  name: "verified context and chat api",
  // Visitor facts and conversations hang off their session so erasing it erases them.
  sql: `
    CREATE TABLE context_keys (
      connector_id  TEXT    NOT NULL,
      kid           TEXT    NOT NULL,
      sealed_secret TEXT    NOT NULL,
      created_at    INTEGER NOT NULL,
      expires_at    INTEGER
    );
    CREATE INDEX context_keys_connector ON context_keys (connector_id, kid);

    CREATE TABLE session_context (
      session_id      TEXT NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
      verified_json   TEXT,
      verified_at     INTEGER,
      attributes_json TEXT
    );

    CREATE TABLE api_keys (
      id         TEXT    NOT NULL PRIMARY KEY,
      account_id TEXT    NOT NULL,
      key_hash   TEXT    NOT NULL UNIQUE,
      created_at INTEGER NOT NULL,
      expires_at INTEGER
    );
    CREATE INDEX api_keys_account ON api_keys (account_id, created_at);

    CREATE TABLE chat_conversations (
      session_id TEXT    NOT NULL PRIMARY KEY REFERENCES sessions (id) ON DELETE CASCADE,
      account_id TEXT    NOT NULL,
      channel    TEXT    NOT NULL,
      variant_id TEXT,
      cursor     INTEGER NOT NULL
    );
  `,
} as const;
