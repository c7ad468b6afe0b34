// Checks of a connector's file limits, shared by the admin API and provisioning files.
import { type FileLimits, MAX_FILE_BYTES_LIMIT } from "../core/index.js";
import { isPlainObject } from "../protocol/index.js";
import type { Checked } from "./connector-input.js";

const FIELDS = ["enabled", "max_bytes", "types"];
const TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]{0,127})$/;
const MAX_TYPES = 50;
// Types a browser would run as a page or script from our origin: never served, never accepted.
const ACTIVE = ["text/html", "application/xhtml+xml", "image/svg+xml", "text/javascript"];

/**
 * `{enabled, max_bytes, types}` as limits. Problems name their path under `path` (`""` for a
 * request body).
 */
export function checkFileLimits(value: unknown, path: string): Checked<FileLimits> {
  const at = (key: string) => (path === "" ? key : `${path}.${key}`);
  if (!isPlainObject(value))
    return { ok: false, problems: [`${path || "(body)"}: must be an object`] };
  const problems: string[] = [];
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key))
      problems.push(`${at(key)}: unknown field (expected one of: ${FIELDS.join(", ")})`);
  }
  if (typeof value.enabled !== "boolean")
    problems.push(`${at("enabled")}: required, true or false`);
  const max = value.max_bytes;
  if (!Number.isInteger(max) || (max as number) < 1 || (max as number) > MAX_FILE_BYTES_LIMIT)
    problems.push(`${at("max_bytes")}: required, an integer from 1 to ${MAX_FILE_BYTES_LIMIT}`);
  const types = value.types;
  if (!Array.isArray(types) || types.length === 0 || types.length > MAX_TYPES) {
    problems.push(`${at("types")}: required, a list of 1 to ${MAX_TYPES} content types`);
  } else {
    types.forEach((t, i) => {
      if (typeof t !== "string" || !TYPE.test(t))
        problems.push(`${at("types")}[${i}]: must be a content type such as image/png or image/*`);
      else if (ACTIVE.includes(t) || t === "*/*" || t === "text/*")
        problems.push(`${at("types")}[${i}]: ${t} could run as a page; not accepted`);
    });
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      enabled: value.enabled as boolean,
      maxBytes: max as number,
      types: [...new Set(types as string[])],
    },
  };
}
