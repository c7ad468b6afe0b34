// Finds the desk user a bearer token belongs to (only the token's SHA-256 is stored).
import { hashToken } from "../auth/index.js";
import type { DeskUserRecord, Store } from "../core/index.js";

/** Longest token looked up; longer ones cannot be ours and are not worth hashing. */
const MAX_TOKEN_LENGTH = 256;

/** The token of an `Authorization: Bearer <token>` header, if it has one. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== "string") return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

/** The desk user whose token this is, or undefined for a missing or unknown token. */
export async function deskUserByToken(
  store: Store,
  token: string | null | undefined,
): Promise<DeskUserRecord | undefined> {
  if (!token || token.length > MAX_TOKEN_LENGTH) return undefined;
  return store.getDeskUserByTokenHash(hashToken(token));
}
