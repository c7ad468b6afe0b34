// Field checks shared by every agent kind's definition validator: paths, objects, strings, URLs.
import { isPlainObject } from "../protocol/index.js";

/** Longest agent name; it is shown in every agent message header. */
export const NAME_MAX_CHARS = 100;

/** The path of a field below `parent`: `rules[2].match.regex`, `greeting.text`. */
export function fieldPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return parent === "" ? key : `${parent}.${key}`;
}

/** Collects every problem of a definition as a `path: message` line. */
export class Problems {
  readonly #lines: string[] = [];

  add(path: string, message: string): void {
    this.#lines.push(`${path}: ${message}`);
  }

  get isEmpty(): boolean {
    return this.#lines.length === 0;
  }

  list(): string[] {
    return [...this.#lines];
  }
}

/** `value` as an object whose keys are all in `allowed`; unknown keys are named (they are typos). */
export function readObject(
  value: unknown,
  path: string,
  problems: Problems,
  allowed: readonly string[],
): Record<string, unknown> | undefined {
  if (!isPlainObject(value)) {
    problems.add(path, "must be an object");
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      problems.add(fieldPath(path, key), `unknown field (expected one of: ${allowed.join(", ")})`);
    }
  }
  return value;
}

/** A required, non-blank string of at most `maxChars` characters. */
export function readRequiredText(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  maxChars: number,
): string | undefined {
  if (owner[key] === undefined) {
    problems.add(fieldPath(path, key), "required");
    return undefined;
  }
  return readOptionalText(owner, key, path, problems, maxChars);
}

/** An optional non-blank string of at most `maxChars` characters; undefined when absent. */
export function readOptionalText(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  maxChars: number,
): string | undefined {
  const value = owner[key];
  if (value === undefined) return undefined;
  return checkText(value, fieldPath(path, key), problems, maxChars);
}

/** `value` when it is a non-blank string of at most `maxChars` characters. */
export function checkText(
  value: unknown,
  at: string,
  problems: Problems,
  maxChars: number,
): string | undefined {
  if (typeof value !== "string") {
    problems.add(at, "must be a string");
  } else if (value.trim() === "") {
    problems.add(at, "must not be empty");
  } else if (value.length > maxChars) {
    problems.add(at, `must be at most ${maxChars} characters`);
  } else {
    return value;
  }
  return undefined;
}

/** One of a fixed list of strings; `required` decides whether absence is a problem. */
export function readChoice<T extends string>(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  choices: readonly T[],
  required: boolean,
): T | undefined {
  const value = owner[key];
  const at = fieldPath(path, key);
  if (value === undefined) {
    if (required) problems.add(at, `required; must be one of: ${choices.join(", ")}`);
    return undefined;
  }
  const found = choices.find((choice) => choice === value);
  if (found === undefined) problems.add(at, `must be one of: ${choices.join(", ")}`);
  return found;
}

/** An optional absolute URL whose scheme is in `schemes` (e.g. `["http:", "https:"]`). */
export function readUrl(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  schemes: readonly string[],
): string | undefined {
  const value = owner[key];
  if (value === undefined) return undefined;
  if (typeof value === "string" && isUrlWithScheme(value, schemes)) return value;
  problems.add(fieldPath(path, key), `must be ${describeSchemes(schemes)} URL`);
  return undefined;
}

function isUrlWithScheme(text: string, schemes: readonly string[]): boolean {
  if (!URL.canParse(text)) return false;
  const url = new URL(text);
  const needsHost = url.protocol === "http:" || url.protocol === "https:";
  return schemes.includes(url.protocol) && (!needsHost || url.hostname !== "");
}

function describeSchemes(schemes: readonly string[]): string {
  const names = schemes.map((scheme) => scheme.replace(/:$/, ""));
  if (names.length === 2 && names[0] === "http" && names[1] === "https") return "an http(s)";
  return `a ${names.join(", ")}`;
}

/** An optional array of at most `max` items; undefined (with a problem) when it is not one. */
export function readArray(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  limits: { max: number; nonEmpty: boolean },
): unknown[] | undefined {
  const value = owner[key];
  const at = fieldPath(path, key);
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) {
    problems.add(at, "must be an array");
  } else if (limits.nonEmpty && value.length === 0) {
    problems.add(at, "must not be empty");
  } else if (value.length > limits.max) {
    problems.add(at, `must have at most ${limits.max} items`);
  } else {
    return value;
  }
  return undefined;
}

// Language, optional script/region/variant subtags: "fr", "fr-FR", "zh-Hant-TW", "es-419".
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/;

/** True for a BCP-47 language tag of the common shape (`fr`, `fr-FR`, `zh-Hant-TW`). */
export function isLanguageTag(value: unknown): value is string {
  return typeof value === "string" && value.length <= 35 && LANGUAGE_TAG.test(value);
}

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

/** An optional boolean; undefined when absent. */
export function readBoolean(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
): boolean | undefined {
  const value = owner[key];
  if (value === undefined || typeof value === "boolean") return value;
  problems.add(fieldPath(path, key), "must be true or false");
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

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** Where a secret comes from: an environment variable read when the agent is built, or stored. */
export type SecretSource = { env: string } | { secret: string };

/**
 * A secret given as `<key>` (stored, write-only: never shown back) or `<key>_env` (the name of an
 * environment variable read when the agent is built), not both. Absent: undefined, a problem when
 * `required`. Problems never echo the value.
 */
export function readSecretSource(
  owner: Record<string, unknown>,
  key: string,
  path: string,
  problems: Problems,
  options: { required: boolean; minChars: number },
): SecretSource | undefined {
  const envKey = `${key}_env`;
  const secret = owner[key];
  const env = owner[envKey];
  const at = path === "" ? key : path;
  if (secret !== undefined && env !== undefined) {
    problems.add(at, `give ${envKey} or ${key}, not both`);
    return undefined;
  }
  if (env !== undefined) {
    if (typeof env === "string" && ENV_NAME.test(env)) return { env };
    problems.add(fieldPath(path, envKey), "must be an environment variable name");
    return undefined;
  }
  if (secret === undefined) {
    if (options.required) problems.add(at, `needs ${envKey} or ${key}`);
    return undefined;
  }
  const { minChars } = options;
  if (typeof secret === "string" && secret.trim().length >= minChars && secret.length <= 1000) {
    return { secret };
  }
  const size =
    minChars <= 1 ? "a non-empty string of at most 1000" : `a string of ${minChars} to 1000`;
  problems.add(fieldPath(path, key), `must be ${size} characters`);
  return undefined;
}
