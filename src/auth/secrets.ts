// Secret tokens (connector, desk, agent and admin): generation, hashing, bearer headers, constant-time compare.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

/** 256 bits: guessing is hopeless, so a fast hash is enough to store the token. */
const SECRET_TOKEN_BYTES = 32;
const PREFIX = /^[a-z0-9]*_?$/i;

/**
 * A fresh random token with a readable prefix, e.g. `generateSecretToken("sbc")` →
 * `sbc_<43 base64url chars>`. An underscore is added after the prefix unless it ends in one.
 */
export function generateSecretToken(prefix: string): string {
  // A prefix outside [A-Za-z0-9] would make tokens awkward in headers and shells: a caller bug.
  if (!PREFIX.test(prefix)) throw new TypeError(`invalid secret token prefix: ${prefix}`);
  const separator = prefix === "" || prefix.endsWith("_") ? "" : "_";
  return `${prefix}${separator}${randomBytes(SECRET_TOKEN_BYTES).toString("base64url")}`;
}

/**
 * SHA-256 hex of a token, the form in which tokens are stored. Our tokens carry 256 bits of
 * randomness, so no slow KDF (bcrypt, scrypt) is needed: there is no dictionary to try, and a
 * fast hash keeps the lookup by hash on every request cheap.
 */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/**
 * Whether two strings are equal, in time that does not depend on where they differ. Both
 * sides are hashed first, so unequal lengths neither leak through timing nor throw.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  if (typeof a !== "string" || typeof b !== "string") return false;
  const left = createHash("sha256").update(a, "utf8").digest();
  const right = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(left, right);
}

/** Longest bearer token worth hashing for a lookup: ours are far shorter. */
export const MAX_BEARER_TOKEN_LENGTH = 256;

/** The token of an `Authorization: Bearer <token>` header, if it has one. */
export function bearerToken(header: string | string[] | undefined): string | undefined {
  if (typeof header !== "string") return undefined;
  return /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1];
}
