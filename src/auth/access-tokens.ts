// Access tokens: HS256 JWTs minted from a connector token and verified on every session and connect.
import { createSecretKey, type KeyObject, randomUUID } from "node:crypto";
import { SignJWT } from "jose";
import {
  type AccessTokenClaims,
  hs256SignatureMatches,
  parseTokenPayload,
  readTokenHeader,
} from "./compact-jws.js";
import type { KeyRing, StoredSigningKey } from "./key-ring.js";

export type VerifyFailure =
  | "malformed"
  | "expired"
  | "bad_signature"
  | "unknown_key"
  | "wrong_cluster"
  | "wrong_algorithm"
  | "issued_in_future";

export type VerifyResult =
  | { ok: true; claims: AccessTokenClaims }
  | { ok: false; reason: VerifyFailure };

export interface AccessTokensOptions {
  /** Cluster name written into and required of every token. */
  cluster: string;
  /** `iss` claim; default "switchboard". */
  issuer?: string;
  expiresInSeconds: number;
  /** How far in the future `iat` may lie (clocks of minting machines drift); default 60. */
  maxClockSkewSeconds?: number;
  /** Milliseconds since the epoch (the core's `Clock.now`). */
  now?: () => number;
}

export interface VerifyOptions {
  /** Accept a token expired at most this long ago, with `expired: true` (token refresh). */
  maxExpiredSeconds?: number;
}

const DEFAULT_ISSUER = "switchboard";
const DEFAULT_CLOCK_SKEW_SECONDS = 60;

/** Mints and verifies the access tokens of one cluster. */
export class AccessTokens {
  readonly #keys: KeyRing;
  readonly #cluster: string;
  readonly #issuer: string;
  readonly #expiresInSeconds: number;
  readonly #maxClockSkewSeconds: number;
  readonly #now: () => number;
  /** Decoding and importing a key costs more than verifying with it; verify runs on every connect. */
  readonly #imported = new Map<string, { secret: string; key: KeyObject }>();

  constructor(keys: KeyRing, options: AccessTokensOptions) {
    if (!Number.isSafeInteger(options.expiresInSeconds) || options.expiresInSeconds <= 0) {
      throw new RangeError(
        `expiresInSeconds must be a positive integer: ${options.expiresInSeconds}`,
      );
    }
    this.#keys = keys;
    this.#cluster = options.cluster;
    this.#issuer = options.issuer ?? DEFAULT_ISSUER;
    this.#expiresInSeconds = options.expiresInSeconds;
    this.#maxClockSkewSeconds = options.maxClockSkewSeconds ?? DEFAULT_CLOCK_SKEW_SECONDS;
    this.#now = options.now ?? Date.now;
  }

  /** A signed token for `subject` of `connectorId`, valid for `expiresIn` seconds. */
  async mint(claims: {
    connectorId: string;
    subject: string;
  }): Promise<{ token: string; expiresIn: number }> {
    // verify refuses empty claims, so minting one would hand out a dead token: a caller bug.
    if (claims.connectorId === "" || claims.subject === "") {
      throw new TypeError("mint needs a non-empty connectorId and subject");
    }
    const signing = await this.#keys.signingKey();
    const issuedAt = Math.floor(this.#now() / 1000);
    const token = await new SignJWT({ cid: claims.connectorId, cluster: this.#cluster })
      .setProtectedHeader({ alg: "HS256", kid: signing.kid, typ: "JWT" })
      .setSubject(claims.subject)
      .setIssuer(this.#issuer)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + this.#expiresInSeconds)
      .setJti(randomUUID())
      .sign(this.#secretKey(signing));
    return { token, expiresIn: this.#expiresInSeconds };
  }

  /**
   * Checks signature, key, algorithm, claims, cluster, issue time and expiry. Bad tokens give a reason,
   * never an exception; only a failing store rejects.
   */
  async verify(token: string, options: VerifyOptions = {}): Promise<VerifyResult> {
    const unverified = readTokenHeader(token);
    if (!unverified.ok) return unverified;
    const signing = await this.#keys.find(unverified.kid);
    if (signing === undefined) return fail("unknown_key");
    if (!hs256SignatureMatches(this.#secretKey(signing), unverified)) return fail("bad_signature");
    const claims = parseTokenPayload(unverified.encodedPayload);
    if (claims === null) return fail("malformed");
    // Another issuer sharing our keys is another deployment: the same as another cluster.
    if (claims.cluster !== this.#cluster || claims.issuer !== this.#issuer) {
      return fail("wrong_cluster");
    }
    const nowSeconds = this.#now() / 1000;
    // A token from the future would outlive its lifetime by as much: refused beyond the skew.
    if (claims.iat > nowSeconds + this.#maxClockSkewSeconds) return fail("issued_in_future");
    const expired = nowSeconds >= claims.exp;
    const graceSeconds = Math.max(0, options.maxExpiredSeconds ?? 0);
    const withinGrace = graceSeconds > 0 && nowSeconds - claims.exp <= graceSeconds;
    if (expired && !withinGrace) return fail("expired");
    return {
      ok: true,
      claims: {
        subject: claims.subject,
        connectorId: claims.connectorId,
        cluster: claims.cluster,
        expiresAt: claims.exp * 1000,
        expired,
      },
    };
  }

  #secretKey(signing: StoredSigningKey): KeyObject {
    const cached = this.#imported.get(signing.kid);
    if (cached !== undefined && cached.secret === signing.secret) return cached.key;
    const key = createSecretKey(Buffer.from(signing.secret, "base64url"));
    this.#imported.set(signing.kid, { secret: signing.secret, key });
    return key;
  }
}

function fail(reason: VerifyFailure): { ok: false; reason: VerifyFailure } {
  return { ok: false, reason };
}
