// The port for the Chat API's own records: account API keys and per-conversation state.

/** An API key of an account (the Chat API's `X-API-KEY`); only its hash is kept. */
export interface ApiKeyRecord {
  id: string;
  accountId: string;
  /** SHA-256 hex of the key. */
  keyHash: string;
  createdAt: number;
  /** When it stops working (set by a rotation's overlap), or null. */
  expiresAt: number | null;
}

/** A session that is a Chat API conversation (its turn hold is kept apart, see `holdChatConversation`). */
export interface ChatConversationRecord {
  sessionId: string;
  accountId: string;
  channel: string;
  variantId: string | null;
  /** The highest sequence whose agent or live-agent messages were already returned. */
  cursor: number;
}

/**
 * Durable storage of the Chat API. Contract (the suite in
 * `test/support/context-store-contract.ts` checks it):
 * - Writes resolve only once committed.
 * - `advanceChatCursor` only moves a cursor forward (a smaller value changes nothing).
 * - A conversation is erased with its session.
 * - Methods reject only on infrastructure failure; "not found" is `undefined`/`false`.
 */
export interface ChatApiStore {
  createApiKey(key: ApiKeyRecord): Promise<void>;
  getApiKeyByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  /** The account's keys, newest first. */
  listApiKeys(accountId: string): Promise<ApiKeyRecord[]>;
  /** Sets a key's expiry unless it already expires sooner; false when the account has no such key. */
  expireApiKey(accountId: string, id: string, expiresAt: number): Promise<boolean>;
  deleteApiKey(accountId: string, id: string): Promise<boolean>;

  createChatConversation(conversation: ChatConversationRecord): Promise<void>;
  getChatConversation(sessionId: string): Promise<ChatConversationRecord | undefined>;
  advanceChatCursor(sessionId: string, cursor: number): Promise<void>;
  /**
   * Takes the conversation's turn for `holder` until `until` when nobody holds it or the hold
   * expired at `now`; false when another holds it (or the conversation does not exist). Of
   * concurrent calls from any processes, exactly one gets it. Holding it again extends it.
   */
  holdChatConversation(
    sessionId: string,
    holder: string,
    now: number,
    until: number,
  ): Promise<boolean>;
  /** Gives up `holder`'s hold; nothing when it was lost to another. */
  releaseChatConversation(sessionId: string, holder: string): Promise<void>;
}
