// Finds the desk user a bearer token belongs to (only the token's SHA-256 is stored).
import { hashToken, MAX_BEARER_TOKEN_LENGTH } from "../auth/index.js";
import type { DeskUserRecord, Store } from "../core/index.js";

export { bearerToken } from "../auth/index.js";

/** The desk user whose token this is, or undefined for a missing or unknown token. */
export async function deskUserByToken(
  store: Store,
  token: string | null | undefined,
): Promise<DeskUserRecord | undefined> {
  if (!token || token.length > MAX_BEARER_TOKEN_LENGTH) return undefined;
  return store.getDeskUserByTokenHash(hashToken(token));
}
