// The connector setting `language_detection`: `{ enabled, languages? }` checked for the admin API and files.
import type { LanguageDetection } from "../core/index.js";
import { isPlainObject } from "../protocol/index.js";
import type { Checked } from "./connector-input.js";

const PRIMARY_TAG = /^[a-z]{2,3}$/;

/** `{ "enabled": bool, "languages"?: ["en", "fr"] | null }`; null or absent means the default (on, any). */
export function checkLanguageDetection(
  value: unknown,
  path: string,
): Checked<LanguageDetection | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (!isPlainObject(value)) return { ok: false, problems: [`${path}: must be an object`] };
  const problems = Object.keys(value)
    .filter((key) => key !== "enabled" && key !== "languages")
    .map((key) => `${path}.${key}: unknown field (expected one of: enabled, languages)`);
  if (typeof value.enabled !== "boolean")
    problems.push(`${path}.enabled: required; must be true or false`);
  const languages = value.languages ?? null;
  if (languages !== null) {
    if (!Array.isArray(languages) || languages.length === 0 || languages.length > 100) {
      problems.push(`${path}.languages: must be a list of 1 to 100 language codes, or null`);
    } else {
      languages.forEach((code, index) => {
        if (typeof code !== "string" || !PRIMARY_TAG.test(code)) {
          problems.push(
            `${path}.languages[${index}]: must be a lower-case ISO 639 code such as en or fr`,
          );
        }
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: { enabled: value.enabled as boolean, languages: languages as string[] | null },
  };
}
