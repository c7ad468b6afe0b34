// The rules agent's face to the rest of src/agents: its definition checks and its constructor.
import type { Agent } from "../../core/ports.js";
import { parseRulesDefinition } from "./definition.js";
import { RulesAgent } from "./rules-agent.js";

export { DEFAULT_REJOIN_TEXT, RULES_MAX } from "./definition.js";
export { exampleRulesDefinition } from "./example.js";
export { REGEX_INPUT_MAX_CHARS } from "./matcher.js";

/** Field-level problems of a `kind: "rules"` definition; empty when valid. */
export function validateRulesDefinition(definition: Record<string, unknown>): string[] {
  const parsed = parseRulesDefinition(definition);
  return parsed.ok ? [] : parsed.problems;
}

/** A rules agent; throws (a bug in the caller) when the definition did not pass validation. */
export function createRulesAgent(definition: Record<string, unknown>): Agent {
  const parsed = parseRulesDefinition(definition);
  if (!parsed.ok) {
    throw new Error(`invalid rules agent definition: ${parsed.problems.join("; ")}`);
  }
  return new RulesAgent(parsed.definition);
}
