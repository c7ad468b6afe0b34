// Small checks shared by the admin routes and provisioning: objects, unknown keys, ids, times.
import { isPlainObject } from "../protocol/index.js";

/** Ids given by callers (agents, provisioned connectors): safe in paths and logs. */
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

/** True when `value` may be used as a caller-chosen id. */
export function isValidId(value: unknown): value is string {
  return typeof value === "string" && ID_PATTERN.test(value);
}

/** The problem with a caller-chosen id at `path`, or null. */
export function idProblem(value: unknown, path: string): string | null {
  if (isValidId(value)) return null;
  return `${path}: must be 1-128 letters, digits, '.', '_', ':' or '-', starting with a letter or digit`;
}

/** One problem per key of `object` outside `allowed`, named with its path. */
export function unknownFields(
  object: Record<string, unknown>,
  allowed: readonly string[],
  prefix = "",
): string[] {
  return Object.keys(object)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${prefix}${key}: unknown field`);
}

/** Narrows a request body to a JSON object, or says what is wrong. */
export function bodyObject(
  body: unknown,
): { ok: true; object: Record<string, unknown> } | { ok: false; problem: string } {
  if (isPlainObject(body)) return { ok: true, object: body };
  return { ok: false, problem: "body: must be a JSON object" };
}

/** The problem with a whole number at `path` that must lie in `min..max`, or null. */
export function wholeNumberProblem(
  value: unknown,
  path: string,
  min: number,
  max: number,
): string | null {
  if (typeof value === "number" && Number.isInteger(value) && value >= min && value <= max) {
    return null;
  }
  return `${path}: must be a whole number from ${min} to ${max}`;
}

/** True when `value` is an absolute http(s) URL. */
export function isHttpUrl(value: unknown): value is string {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** Parses an ISO 8601 date-time or epoch milliseconds; null when it is neither. */
export function parseTime(raw: string): number | null {
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw)) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}

/** ISO 8601 UTC with milliseconds, or null. */
export function isoTime(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

/** JSON text with object keys sorted, so equal values give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys(value[key]);
  return sorted;
}
