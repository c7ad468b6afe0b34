// The auth part's public face: access tokens, signing keys, host/origin matching, secrets.
export {
  AccessTokens,
  type AccessTokensOptions,
  type VerifyFailure,
  type VerifyOptions,
  type VerifyResult,
} from "./access-tokens.js";
export type { AccessTokenClaims } from "./compact-jws.js";
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
export {
  bearerToken,
  constantTimeEqual,
  generateSecretToken,
  hashToken,
  MAX_BEARER_TOKEN_LENGTH,
} from "./secrets.js";
