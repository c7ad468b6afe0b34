// Reading an HS256 compact JWS: its header, its signature check, and the access-token claims.
import { createHmac, type KeyObject, timingSafeEqual } from "node:crypto";

/** What a verified access token says, as callers see it. */
export interface AccessTokenClaims {
  /** `sub`: fresh per access-token call; a session accepts only its own subject. */
  subject: string;
  /** `cid`: the connector the token was minted for. */
  connectorId: string;
  cluster: string;
  /** `exp` in milliseconds since the epoch (like every other time in the records). */
  expiresAt: number;
  /** True only when verify was given a grace period and the token is past `exp`. */
  expired: boolean;
}

/** The payload of a token whose signature checked out, every claim present and typed. */
export interface TokenPayload {
  subject: string;
  connectorId: string;
  cluster: string;
  issuer: string;
  /** Seconds since the epoch. */
  iat: number;
  /** Seconds since the epoch. */
  exp: number;
  tokenId: string;
}

export type HeaderFailure = "malformed" | "wrong_algorithm" | "unknown_key";

/** A compact JWS split into its parts, its header checked (signature not yet). */
export interface UnverifiedToken {
  kid: string;
  /** `header.payload`, the bytes the signature covers. */
  signingInput: string;
  encodedPayload: string;
  encodedSignature: string;
}

/** Our tokens are a few hundred bytes; refusing huge input early bounds the work per request. */
const MAX_TOKEN_LENGTH = 4096;
/** Three base64url parts; the signature may be empty (`alg: none`), which fails as its algorithm. */
const COMPACT_JWS = /^(([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+))\.([A-Za-z0-9_-]*)$/;
/** An HMAC-SHA256 output, 32 bytes, in unpadded base64url. */
const HS256_SIGNATURE_LENGTH = 43;

/**
 * The parts of a compact JWS whose header asks for HS256 and names a kid, or why not. Checked
 * before any key lookup so `alg: none` and foreign algorithms never reach the store.
 */
export function readTokenHeader(
  token: unknown,
): ({ ok: true } & UnverifiedToken) | { ok: false; reason: HeaderFailure } {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return failure("malformed");
  const match = COMPACT_JWS.exec(token);
  const [, signingInput, encodedHeader, encodedPayload, encodedSignature] = match ?? [];
  if (
    signingInput === undefined ||
    encodedHeader === undefined ||
    encodedPayload === undefined ||
    encodedSignature === undefined
  ) {
    return failure("malformed");
  }
  const header = parseJsonObject(Buffer.from(encodedHeader, "base64url").toString("utf8"));
  if (header === null || typeof header.alg !== "string") return failure("malformed");
  if (header.alg !== "HS256") return failure("wrong_algorithm");
  // We define no critical extensions (RFC 7515 §4.1.11: unknown ones must be refused).
  if ("crit" in header) return failure("malformed");
  if (typeof header.kid !== "string" || header.kid === "") return failure("unknown_key");
  return { ok: true, kid: header.kid, signingInput, encodedPayload, encodedSignature };
}

/**
 * Whether the token's HS256 signature was made with `key`. Node's HMAC, not Web Crypto: it is
 * synchronous and about fifteen times faster, and verify runs on every connect. The encoded
 * text is compared, not the decoded bytes: 43 base64url characters carry 258 bits for 256, so
 * the last character has four spellings that decode alike, and only the canonical one is ours.
 */
export function hs256SignatureMatches(key: KeyObject, token: UnverifiedToken): boolean {
  if (token.encodedSignature.length !== HS256_SIGNATURE_LENGTH) return false;
  const expected = createHmac("sha256", key).update(token.signingInput).digest("base64url");
  return timingSafeEqual(Buffer.from(token.encodedSignature), Buffer.from(expected));
}

/** The claims of a verified base64url payload, or null when any is missing or mistyped. */
export function parseTokenPayload(encodedPayload: string): TokenPayload | null {
  const claims = parseJsonObject(Buffer.from(encodedPayload, "base64url").toString("utf8"));
  if (claims === null) return null;
  const { sub, cid, cluster, iss, iat, exp, jti } = claims;
  if (!nonEmptyStrings(sub, cid, cluster, iss, jti)) return null;
  if (!Number.isSafeInteger(iat) || !Number.isSafeInteger(exp)) return null;
  return {
    subject: sub as string,
    connectorId: cid as string,
    cluster: cluster as string,
    issuer: iss as string,
    iat: iat as number,
    exp: exp as number,
    tokenId: jti as string,
  };
}

function nonEmptyStrings(...values: unknown[]): boolean {
  return values.every((value) => typeof value === "string" && value !== "");
}

function parseJsonObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
    return value as Record<string, unknown>;
  } catch {
    return null;
  }
}

function failure(reason: HeaderFailure): { ok: false; reason: HeaderFailure } {
  return { ok: false, reason };
}
