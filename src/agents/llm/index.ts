// The LLM agent's face to the rest of src/agents: its definition checks and its constructor.
import type { Agent } from "../../core/ports.js";
import { parseLlmDefinition } from "./definition.js";
import { LlmAgent, type LlmAgentDeps } from "./llm-agent.js";

export { BUILTIN_TOOL_NAMES, DEFAULT_REFUSAL_TEXT } from "./definition.js";
export { cutPassages, KnowledgeIndex } from "./knowledge.js";
export { type LlmObserver, quietLlmObserver } from "./llm-observer.js";
export type { UpstreamErrorKind } from "./upstream.js";

/** Field-level problems of a `kind: "llm"` definition; empty when valid. */
export function validateLlmDefinition(definition: Record<string, unknown>): string[] {
  const parsed = parseLlmDefinition(definition);
  return parsed.ok ? [] : parsed.problems;
}

/** An LLM agent; throws (a bug in the caller) when the definition did not pass validation. */
export function createLlmAgent(definition: Record<string, unknown>, deps: LlmAgentDeps): Agent {
  const parsed = parseLlmDefinition(definition);
  if (!parsed.ok) throw new Error(`invalid llm agent definition: ${parsed.problems.join("; ")}`);
  return new LlmAgent(parsed.definition, deps);
}
