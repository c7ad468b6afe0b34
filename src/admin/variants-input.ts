// The connector setting `variants`: `{ "<variant id>": "<agent id>" }` checked for the admin API and files.
import { isPlainObject } from "../protocol/index.js";
import type { Checked } from "./connector-input.js";

/** A variant id travels in Chat API bodies and admin URLs: short and plain. */
const VARIANT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_VARIANTS = 50;

/**
 * `{ "variant id": "agent id", … }` (at most 50); null, absent or `{}` means none. Whether each
 * agent exists is checked by the caller, which knows where agents come from.
 */
export function checkVariants(
  value: unknown,
  path: string,
): Checked<Record<string, string> | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (!isPlainObject(value))
    return { ok: false, problems: [`${path}: must be an object of variant id to agent id`] };
  const entries = Object.entries(value);
  const problems: string[] = [];
  if (entries.length > MAX_VARIANTS) problems.push(`${path}: at most ${MAX_VARIANTS} variants`);
  for (const [id, agent] of entries) {
    if (!VARIANT_ID.test(id))
      problems.push(`${path}.${id}: a variant id is 1 to 64 letters, digits, ".", "_" or "-"`);
    if (typeof agent !== "string" || agent === "")
      problems.push(`${path}.${id}: must be the id of an agent`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: entries.length === 0 ? null : (value as Record<string, string>) };
}
