// The connector setting `rating`: `{ scale, comment? }` or null (off), checked for the admin API and files.
import type { RatingSetting } from "../core/index.js";
import { isPlainObject } from "../protocol/index.js";
import type { Checked } from "./connector-input.js";

/** `{ "scale": "five" | "thumbs", "comment"?: bool }`; null or absent means no question is asked. */
export function checkRatingSetting(value: unknown, path: string): Checked<RatingSetting | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (!isPlainObject(value)) return { ok: false, problems: [`${path}: must be an object or null`] };
  const problems = Object.keys(value)
    .filter((key) => key !== "scale" && key !== "comment")
    .map((key) => `${path}.${key}: unknown field (expected one of: scale, comment)`);
  if (value.scale !== "five" && value.scale !== "thumbs")
    problems.push(`${path}.scale: required; must be "five" (1 to 5) or "thumbs" (up or down)`);
  const comment = value.comment ?? false;
  if (typeof comment !== "boolean") problems.push(`${path}.comment: must be true or false`);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { scale: value.scale as RatingSetting["scale"], comment: comment as boolean },
  };
}
