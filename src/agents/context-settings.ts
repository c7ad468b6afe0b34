// The `context` field every agent definition may carry: which visitor facts the prompt and the desk may see.
import type { ContextValue } from "../core/ports.js";
import { fieldPath, type Problems, readArray, readObject } from "./definition-checks.js";

/** Which verified-context (or integration-attribute) fields leave the agent, and to where. */
export interface ContextSettings {
  /** Fields an LLM agent's prompt states (verified ones marked so); none by default. */
  promptFields: readonly string[];
  /** Fields the desk's visitor panel shows the live agent; none by default. */
  deskFields: readonly string[];
}

/** Most fields one list may name. */
const FIELDS_MAX = 50;
const FIELD_NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** Reads `context: { prompt_fields?, desk_fields? }` (absent: nothing leaves the agent). */
export function readContextSettings(
  value: unknown,
  problems: Problems,
  allowPrompt: boolean,
): ContextSettings {
  if (value === undefined) return { promptFields: [], deskFields: [] };
  const allowed = allowPrompt ? ["prompt_fields", "desk_fields"] : ["desk_fields"];
  const raw = readObject(value, "context", problems, allowed);
  if (raw === undefined) return { promptFields: [], deskFields: [] };
  return {
    promptFields: readFields(raw, "prompt_fields", problems),
    deskFields: readFields(raw, "desk_fields", problems),
  };
}

/** `fields` of `facts` that are present, in the listed order. */
export function pickFields(
  facts: Readonly<Record<string, ContextValue>> | null,
  fields: readonly string[],
): [string, ContextValue][] {
  if (!facts) return [];
  return fields.filter((f) => Object.hasOwn(facts, f)).map((f) => [f, facts[f] as ContextValue]);
}

function readFields(raw: Record<string, unknown>, key: string, problems: Problems): string[] {
  const items =
    readArray(raw, key, "context", problems, { max: FIELDS_MAX, nonEmpty: false }) ?? [];
  const path = fieldPath("context", key);
  return items.filter((item, index): item is string => {
    if (typeof item === "string" && FIELD_NAME.test(item)) return true;
    problems.add(fieldPath(path, index), "a field name of 1 to 64 letters, digits, _, . or -");
    return false;
  });
}
