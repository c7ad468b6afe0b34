// Write-only fields of agent definitions: any `api_key` or `secret` is stored but never shown.
import { isPlainObject } from "../protocol/index.js";

/** Field names whose values are secrets, wherever they sit in a definition. */
export const SECRET_FIELD_NAMES: readonly string[] = ["api_key", "secret"];
/** What the admin API, the CLI and exports show instead of a secret; sent back, it keeps the stored one. */
export const REDACTED = "********";

/** A copy of `definition` with every secret replaced by `REDACTED`. */
export function redactSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item)) as T;
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] =
      SECRET_FIELD_NAMES.includes(key) && typeof item === "string" ? REDACTED : redactSecrets(item);
  }
  return copy as T;
}

/**
 * `incoming` with each secret given as `REDACTED` replaced by the stored value at the same path
 * (so a definition read, edited and sent back keeps its keys); a `REDACTED` with nothing stored
 * there is a problem.
 */
export function keepStoredSecrets(
  incoming: Record<string, unknown>,
  stored: Record<string, unknown> | undefined,
): { definition: Record<string, unknown>; problems: string[] } {
  const problems: string[] = [];
  const merge = (value: unknown, old: unknown, path: string): unknown => {
    if (Array.isArray(value)) {
      return value.map((item, i) =>
        merge(item, Array.isArray(old) ? old[i] : undefined, `${path}[${i}]`),
      );
    }
    if (!isPlainObject(value)) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const at = path === "" ? key : `${path}.${key}`;
      const previous = isPlainObject(old) ? old[key] : undefined;
      if (SECRET_FIELD_NAMES.includes(key) && item === REDACTED) {
        if (typeof previous === "string") copy[key] = previous;
        else problems.push(`${at}: no stored secret to keep; give the value`);
      } else {
        copy[key] = merge(item, previous, at);
      }
    }
    return copy;
  };
  return { definition: merge(incoming, stored, "") as Record<string, unknown>, problems };
}
