// The port for connectors' verified-context signing keys: key ids and their (sealed) secrets.

/**
 * One secret of a connector's context signing key. A key id (`kid`) is stable across rotation:
 * rotating adds a new secret under the same `kid` and gives the previous ones an expiry, so
 * tokens signed with either verify during the overlap.
 */
export interface ContextKeyRecord {
  connectorId: string;
  kid: string;
  /** The secret sealed by the server (`auth/sealed-secrets.ts`); never the plain secret. */
  sealedSecret: string;
  createdAt: number;
  /** When it stops verifying (ms since the epoch); null while it is the current secret. */
  expiresAt: number | null;
}

/**
 * Durable storage of context signing keys. Contract (the suite in
 * `test/support/context-store-contract.ts` checks it):
 * - Writes resolve only once committed.
 * - `rotateContextKey` is atomic: the new secret is added and every other secret of the same
 *   key that had no expiry, or a later one, gets `previousExpiresAt`.
 * - Secrets are returned exactly as stored, newest first.
 * - Methods reject only on infrastructure failure; "not found" is an empty list or `false`.
 */
export interface ContextKeyStore {
  /** Every secret of the connector's keys, expired ones included, newest first. */
  listContextKeys(connectorId: string): Promise<ContextKeyRecord[]>;
  /** Adds a secret (a new key, or a provisioned one); false when the connector already has this kid. */
  addContextKey(key: ContextKeyRecord): Promise<boolean>;
  /** Adds `key` as the current secret of its kid; earlier secrets expire at `previousExpiresAt`. */
  rotateContextKey(key: ContextKeyRecord, previousExpiresAt: number): Promise<void>;
  /** Removes every secret of the key; false when there was none. */
  deleteContextKey(connectorId: string, kid: string): Promise<boolean>;
  /** Removes secrets whose expiry is before `cutoff`; returns how many. */
  purgeExpiredContextKeys(cutoff: number): Promise<number>;
}
