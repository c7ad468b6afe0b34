// Rules that depend on the visitor: `match.context` / `match.attributes` conditions and `{{ctx.x}}` placeholders.
import type { ContextValue } from "../../core/ports.js";
import { isPlainObject } from "../../protocol/index.js";
import { fieldPath, type Problems } from "../definition-checks.js";

/** The facts a turn knows about its visitor: verified context and unverified attributes. */
export interface VisitorFacts {
  context: Readonly<Record<string, ContextValue>> | null;
  attributes: Readonly<Record<string, ContextValue>> | null;
}

/** True when the visitor's facts satisfy a rule's conditions. */
export type FactsTest = (facts: VisitorFacts) => boolean;

/** Most fields one condition may name. */
const CONDITION_FIELDS_MAX = 20;
/** Most accepted values per field. */
const CONDITION_VALUES_MAX = 50;

/**
 * Reads `match.context` or `match.attributes`: `{field: value | [values]}`, every field must hold
 * one of its values (compared as JSON scalars; `null` matches a missing field too).
 */
export function readFactsCondition(
  value: unknown,
  source: keyof VisitorFacts,
  path: string,
  problems: Problems,
): FactsTest | undefined {
  if (!isPlainObject(value)) {
    problems.add(path, "must be an object");
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length === 0 || entries.length > CONDITION_FIELDS_MAX) {
    problems.add(path, `names 1 to ${CONDITION_FIELDS_MAX} fields`);
    return undefined;
  }
  const wanted: [string, ContextValue[]][] = [];
  for (const [field, accepted] of entries) {
    const values = Array.isArray(accepted) ? accepted : [accepted];
    if (values.length === 0 || values.length > CONDITION_VALUES_MAX || !values.every(isScalar)) {
      problems.add(
        fieldPath(path, field),
        `a string, number, boolean or null, or a list of 1 to ${CONDITION_VALUES_MAX} of them`,
      );
      continue;
    }
    wanted.push([field, values as ContextValue[]]);
  }
  return (facts) => {
    const fields = facts[source];
    return wanted.every(([field, values]) => {
      const actual = fields && Object.hasOwn(fields, field) ? fields[field] : null;
      return values.some((v) => v === actual);
    });
  };
}

const PLACEHOLDER = /\{\{\s*(ctx|attr)\.([A-Za-z0-9_.-]{1,64})\s*\}\}/g;

/** Whether `text` holds a `{{ctx.…}}` or `{{attr.…}}` placeholder (so filling it is worth it). */
export function hasPlaceholders(text: string): boolean {
  PLACEHOLDER.lastIndex = 0;
  return PLACEHOLDER.test(text);
}

/**
 * `text` with `{{ctx.name}}` replaced by the verified context's `name` and `{{attr.name}}` by the
 * integration attribute; a missing field or null becomes the empty string.
 */
export function fillPlaceholders(text: string, facts: VisitorFacts): string {
  return text.replace(PLACEHOLDER, (_match, source: string, field: string) => {
    const fields = source === "ctx" ? facts.context : facts.attributes;
    const value = fields && Object.hasOwn(fields, field) ? fields[field] : null;
    return value === null || value === undefined ? "" : String(value);
  });
}

function isScalar(value: unknown): boolean {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}
