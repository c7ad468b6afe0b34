// Provisioned verified-context signing keys: `context_keys: [{kid, secret}]` on a connector entry.
import { CONTEXT_KID_PATTERN, DEFAULT_ROTATION_OVERLAP_SECONDS } from "../../auth/index.js";
import { isPlainObject } from "../../protocol/index.js";
import { unknownFields } from "../fields.js";
import type { ServiceDeps } from "../service-deps.js";

/** A key the file names, with the secret the company's backend signs with. */
export interface FileContextKey {
  kid: string;
  secret: string;
}

/** Shortest provisioned secret: HS256 wants 256 bits, so at least 32 characters. */
const SECRET_MIN_CHARS = 32;

/** The `context_keys` of a connector entry, checked (problems added); [] when absent. */
export function checkFileContextKeys(
  value: unknown,
  path: string,
  problems: string[],
): FileContextKey[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    problems.push(`${path}: must be a list of {kid, secret}`);
    return [];
  }
  const keys: FileContextKey[] = [];
  value.forEach((item, index) => {
    const problem = contextKeyProblem(item, keys);
    if (problem) problems.push(`${path}[${index}]${problem}`);
    else keys.push({ kid: (item as FileContextKey).kid, secret: (item as FileContextKey).secret });
  });
  return keys;
}

/**
 * Brings the connector's keys in line with the file: a missing kid is added, a kid whose current
 * secret differs is rotated (the previous secret verifies for a day). Keys the file does not name
 * are left alone (they may have been made through the API). Returns how many keys changed.
 */
export async function applyFileContextKeys(
  deps: ServiceDeps,
  connectorId: string,
  keys: readonly FileContextKey[],
): Promise<number> {
  const ring = deps.contextKeys;
  if (!ring || keys.length === 0) return 0;
  const current = await ring.currentSecrets(connectorId);
  let changed = 0;
  for (const key of keys) {
    const secret = current.get(key.kid);
    if (secret === key.secret) continue;
    if (secret === undefined) await ring.add(connectorId, key.kid, key.secret);
    else await ring.rotate(connectorId, key.kid, DEFAULT_ROTATION_OVERLAP_SECONDS, key.secret);
    changed += 1;
  }
  return changed;
}

/** What is wrong with one entry (as a path suffix and text), or null. */
function contextKeyProblem(item: unknown, earlier: readonly FileContextKey[]): string | null {
  if (!isPlainObject(item)) return ": must be a mapping with kid and secret";
  const unknown = unknownFields(item, ["kid", "secret"], ".");
  if (unknown.length > 0) return unknown.join("; ");
  if (typeof item.kid !== "string" || !CONTEXT_KID_PATTERN.test(item.kid))
    return ".kid: 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'";
  if (typeof item.secret !== "string" || item.secret.length < SECRET_MIN_CHARS)
    return `.secret: at least ${SECRET_MIN_CHARS} characters`;
  if (earlier.some((k) => k.kid === item.kid)) return `.kid: "${item.kid}" is listed twice`;
  return null;
}
