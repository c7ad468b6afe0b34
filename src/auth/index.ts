// The auth part's public face: access tokens, signing keys, host/origin matching, secrets.
export {
  AccessTokens,
  type AccessTokensOptions,
  type VerifyFailure,
  type VerifyOptions,
  type VerifyResult,
} from "./access-tokens.js";
export type { AccessTokenClaims } from "./compact-jws.js";
export {
  CONTEXT_KID_PATTERN,
  type ContextKeyStorage,
  type ContextKeySummary,
  ContextKeys,
  DEFAULT_ROTATION_OVERLAP_SECONDS,
  type StoredContextKey,
} from "./context-keys.js";
export {
  CONTEXT_REJECTIONS,
  type ContextRejection,
  type ContextSecret,
  type ContextVerdict,
  MAX_CONTEXT_BYTES,
  MAX_CONTEXT_TOKEN_BYTES,
  MAX_CONTEXT_TOKEN_LIFETIME_SECONDS,
  verifyContextToken,
} from "./context-token.js";
export { hostMatches, normalizeHostIdentifier, originMatches } from "./host-identifier.js";
export {
  KeyRing,
  type KeyRingOptions,
  type SigningKeyStore,
  type StoredSigningKey,
} from "./key-ring.js";
export {
  hashPassword,
  MAX_PASSWORD_BYTES,
  MIN_PASSWORD_CHARS,
  passwordProblem,
  verifyPassword,
} from "./passwords.js";
export { SecretSealer } from "./sealed-secrets.js";
export {
  bearerToken,
  constantTimeEqual,
  generateSecretToken,
  hashToken,
  MAX_BEARER_TOKEN_LENGTH,
} from "./secrets.js";
