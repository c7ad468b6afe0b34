// The table from a definition's `kind` to how that kind is validated and built.
import type { Agent, AgentFactory } from "../core/ports.js";
import { isPlainObject } from "../protocol/index.js";
import { createRulesAgent, validateRulesDefinition } from "./rules/index.js";

/** How one kind of agent is checked and built; LLM and webhook agents add rows here. */
export interface AgentKind {
  /** Field-level problems of a definition whose `kind` names this row. */
  validate(definition: Record<string, unknown>): string[];
  /** An agent for a definition that passed `validate`. */
  create(definition: Record<string, unknown>): Agent;
}

const AGENT_KINDS: ReadonlyMap<string, AgentKind> = new Map<string, AgentKind>([
  ["rules", { validate: validateRulesDefinition, create: createRulesAgent }],
]);

/** The kinds a definition may name, in table order. */
export const AGENT_KIND_NAMES: readonly string[] = [...AGENT_KINDS.keys()];

/** Every problem of an agent definition as `path: message` lines; empty when valid. */
export function validateAgentDefinition(definition: unknown): string[] {
  if (!isPlainObject(definition)) return ["definition: must be a JSON object"];
  const kind = kindOf(definition);
  if (kind === undefined) {
    const required = definition.kind === undefined ? "required; " : "";
    return [`kind: ${required}must be one of: ${AGENT_KIND_NAMES.join(", ")}`];
  }
  return kind.validate(definition);
}

/** The agent factory the core uses: dispatches on `definition.kind`. */
export function createAgentFactory(): AgentFactory {
  return {
    validate: validateAgentDefinition,
    create(definition) {
      const kind = kindOf(definition);
      if (kind === undefined) throw new Error(`unknown agent kind: ${String(definition.kind)}`);
      return kind.create(definition);
    },
  };
}

function kindOf(definition: Record<string, unknown>): AgentKind | undefined {
  return typeof definition.kind === "string" ? AGENT_KINDS.get(definition.kind) : undefined;
}
