// Access tokens signed with the server's own key but with claims a test chooses (expired, other connector).
import { decodeJwt, decodeProtectedHeader, SignJWT } from "jose";
import type { TestServer } from "./server.js";

/** Claims to replace in a copy of a real token; `exp`/`iat` in seconds since the epoch. */
export interface ClaimChanges {
  sub?: string;
  cid?: string;
  exp?: number;
  iat?: number;
}

/** Re-signs `token`'s claims, with `changes` applied, using the signing key the server minted it with. */
export async function forgeToken(
  t: TestServer,
  token: string,
  changes: ClaimChanges = {},
): Promise<string> {
  const header = decodeProtectedHeader(token);
  const keys = await t.server.store.listSigningKeys();
  const key = keys.find((k) => k.kid === header.kid);
  if (!key) throw new Error(`no signing key ${String(header.kid)}`);
  const claims = { ...decodeJwt(token), ...changes };
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", kid: key.kid, typ: "JWT" })
    .sign(Buffer.from(key.secret, "base64url"));
}
