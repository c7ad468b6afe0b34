// Number fields of LLM definitions: bounds and whole-number checks with named problems.
import { fieldPath, type Problems } from "../definition-checks.js";

/** An optional number within `min`..`max` (a whole one when `integer`); undefined when absent. */
export function readNumber(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  limits: { min: number; max: number; integer: boolean },
): number | undefined {
  const value = owner[key];
  if (value === undefined) return undefined;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    value >= limits.min &&
    value <= limits.max &&
    (!limits.integer || Number.isInteger(value));
  if (ok) return value;
  const kind = limits.integer ? "a whole number" : "a number";
  problems.add(fieldPath(path, key), `must be ${kind} from ${limits.min} to ${limits.max}`);
  return undefined;
}

/** An optional object whose values are all strings (headers, query parameters). */
export function readStringMap(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  max: number,
): Record<string, string> {
  const value = owner[key];
  const at = fieldPath(path, key);
  if (value === undefined) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    problems.add(at, "must be an object of strings");
    return {};
  }
  const entries = Object.entries(value);
  if (entries.length > max) problems.add(at, `must have at most ${max} entries`);
  const map: Record<string, string> = {};
  for (const [name, text] of entries) {
    if (typeof text !== "string") problems.add(fieldPath(at, name), "must be a string");
    else map[name] = text;
  }
  return map;
}
