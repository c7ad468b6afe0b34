// Desk passwords: argon2id hashes (OWASP's parameters), length rules, and verification that takes as long for unknown users.
import { hash, verify } from "@node-rs/argon2";

/** Shortest password accepted: long enough that the rate limits make guessing hopeless. */
export const MIN_PASSWORD_CHARS = 10;
/** Longest accepted, in UTF-8 bytes: hashing costs grow with input, so huge bodies cannot burn CPU. */
export const MAX_PASSWORD_BYTES = 256;

// argon2id, 19 MiB, 2 passes, 1 lane: OWASP's minimum (~60 ms here), fine for sign-ins that are rate-limited.
const OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Why a password cannot be used, or null when it can. */
export function passwordProblem(password: unknown): string | null {
  if (typeof password !== "string") return "must be a string";
  if ([...password].length < MIN_PASSWORD_CHARS)
    return `must be at least ${MIN_PASSWORD_CHARS} characters`;
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES)
    return `must be at most ${MAX_PASSWORD_BYTES} bytes`;
  return null;
}

/** The PHC string of an argon2id hash of `password` (salted). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let dummy: Promise<string> | undefined;

/**
 * Whether `password` matches `passwordHash`. With no hash (unknown email, no password set) a
 * dummy hash is checked instead, so the answer takes as long and reveals nothing.
 */
export async function verifyPassword(
  passwordHash: string | null,
  password: string,
): Promise<boolean> {
  if (Buffer.byteLength(password, "utf8") > MAX_PASSWORD_BYTES) return false;
  if (passwordHash === null) {
    dummy ??= hashPassword("switchboard-dummy-password");
    await verify(await dummy, password).catch(() => false);
    return false;
  }
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
