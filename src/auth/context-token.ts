// Verification of verified-context tokens: HS256 JWTs signed by the company's backend (chat-api.md §2).
import { compactVerify, decodeProtectedHeader, errors } from "jose";

/** The whole token, in bytes: a bigger one is refused before any parsing (memory, CPU). */
export const MAX_CONTEXT_TOKEN_BYTES = 16_384;
/** `ctx` as re-serialised JSON, in bytes: bounds what every agent turn carries. */
export const MAX_CONTEXT_BYTES = 8_192;
/** `exp − iat`: a token is good for one submission, not a reusable credential. */
export const MAX_CONTEXT_TOKEN_LIFETIME_SECONDS = 30;

/** Why a token was refused; each is a label of the rejection metric. */
export const CONTEXT_REJECTIONS = [
  "too_large",
  "malformed",
  "algorithm",
  "unknown_kid",
  "bad_signature",
  "wrong_subject",
  "bad_lifetime",
  "expired",
  "not_yet_valid",
  "context_not_flat",
  "context_too_large",
  "session_ended",
] as const;
export type ContextRejection = (typeof CONTEXT_REJECTIONS)[number];

export type ContextFieldValue = string | number | boolean | null;

/** A secret a token of `kid` may be signed with. */
export interface ContextSecret {
  kid: string;
  /** Used as UTF-8 bytes, never decoded. */
  secret: string;
}

export interface ContextCheck {
  /** The session's `context_id`: `sub` must equal it exactly. */
  contextId: string;
  /** Secrets of the session's connector that verify now (current and in overlap). */
  secrets: readonly ContextSecret[];
  /** Seconds since the epoch. */
  nowSeconds: number;
  skewSeconds: number;
}

export type ContextVerdict =
  | { ok: true; ctx: Readonly<Record<string, ContextFieldValue>> }
  | { ok: false; reason: ContextRejection };

const encoder = new TextEncoder();

/** Checks a context token exactly as the spec says; never throws. */
export async function verifyContextToken(
  token: string,
  check: ContextCheck,
): Promise<ContextVerdict> {
  if (Buffer.byteLength(token, "utf8") > MAX_CONTEXT_TOKEN_BYTES) return refuse("too_large");
  const header = protectedHeader(token);
  if (!header) return refuse("malformed");
  if (header.alg !== "HS256") return refuse("algorithm");
  const candidates = check.secrets.filter((s) => s.kid === header.kid);
  if (typeof header.kid !== "string" || candidates.length === 0) return refuse("unknown_kid");
  const payload = await verifiedPayload(token, candidates);
  if (payload === "bad_signature" || payload === "malformed") return refuse(payload);
  return checkClaims(payload, check);
}

function checkClaims(claims: Record<string, unknown>, check: ContextCheck): ContextVerdict {
  if (claims.sub !== check.contextId) return refuse("wrong_subject");
  const { iat, exp } = claims;
  if (typeof iat !== "number" || typeof exp !== "number" || !Number.isFinite(iat + exp))
    return refuse("bad_lifetime");
  if (exp - iat > MAX_CONTEXT_TOKEN_LIFETIME_SECONDS || exp < iat) return refuse("bad_lifetime");
  if (exp + check.skewSeconds < check.nowSeconds) return refuse("expired");
  if (iat - check.skewSeconds > check.nowSeconds) return refuse("not_yet_valid");
  const ctx = flatContext(claims.ctx);
  if (!ctx) return refuse("context_not_flat");
  if (Buffer.byteLength(JSON.stringify(ctx), "utf8") > MAX_CONTEXT_BYTES)
    return refuse("context_too_large");
  return { ok: true, ctx };
}

/** `ctx` copied into a frozen object when it is flat (scalars only), else null. */
function flatContext(value: unknown): Readonly<Record<string, ContextFieldValue>> | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value);
  for (const [, field] of entries) {
    if (field !== null && typeof field === "object") return null;
  }
  // fromEntries defines own properties, so a `__proto__` key stays a plain field.
  return Object.freeze(Object.fromEntries(entries) as Record<string, ContextFieldValue>);
}

function protectedHeader(token: string): { alg?: unknown; kid?: unknown } | null {
  try {
    return decodeProtectedHeader(token) as { alg?: unknown; kid?: unknown };
  } catch {
    return null;
  }
}

async function verifiedPayload(
  token: string,
  candidates: readonly ContextSecret[],
): Promise<Record<string, unknown> | "bad_signature" | "malformed"> {
  for (const candidate of candidates) {
    try {
      const { payload } = await compactVerify(token, encoder.encode(candidate.secret), {
        algorithms: ["HS256"],
      });
      const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
      if (typeof claims !== "object" || claims === null || Array.isArray(claims))
        return "malformed";
      return claims as Record<string, unknown>;
    } catch (error) {
      if (error instanceof errors.JWSSignatureVerificationFailed) continue;
      return "malformed";
    }
  }
  return "bad_signature";
}

function refuse(reason: ContextRejection): ContextVerdict {
  return { ok: false, reason };
}
