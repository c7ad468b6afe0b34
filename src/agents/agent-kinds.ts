// The table from a definition's `kind` to how that kind is validated and built.
import type { Agent, AgentFactory, AgentKindTraits, Clock } from "../core/ports.js";
import { isPlainObject } from "../protocol/index.js";
import { createRulesAgent, validateRulesDefinition } from "./rules/index.js";
import {
  createWebhookAgent,
  validateWebhookDefinition,
  WEBHOOK_SECRET_FIELDS,
} from "./webhook/index.js";

/** What agents that do I/O need from the process: time, the environment, a place for warnings. */
export interface AgentRuntime {
  clock: Clock;
  /** Environment variables (`*_env` fields name them). */
  env: Readonly<Record<string, string | undefined>>;
  /** Reports a problem an agent handled (an upstream down, a bad answer); never secrets or text. */
  warn(fields: Record<string, unknown>, message: string): void;
}

/** How one kind of agent is checked and built; LLM and webhook agents add rows here. */
export interface AgentKind {
  /** Field-level problems of a definition whose `kind` names this row. */
  validate(definition: Record<string, unknown>): string[];
  /** An agent for a definition that passed `validate`; `runtime` is absent where none runs (the CLI). */
  create(definition: Record<string, unknown>, runtime: AgentRuntime | undefined): Agent;
  /** Names of fields holding secrets, at any depth: stored, never shown back. */
  secretFields?: readonly string[];
  /** Whether agents of this kind answer through the agent API (and so get an agent key). */
  agentKey?: boolean;
}

const AGENT_KINDS: ReadonlyMap<string, AgentKind> = new Map<string, AgentKind>([
  ["rules", { validate: validateRulesDefinition, create: createRulesAgent }],
  [
    "webhook",
    {
      validate: validateWebhookDefinition,
      create: (definition, runtime) => createWebhookAgent(definition, needRuntime(runtime)),
      secretFields: WEBHOOK_SECRET_FIELDS,
      agentKey: true,
    },
  ],
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
export function createAgentFactory(runtime?: AgentRuntime): AgentFactory {
  return {
    validate: validateAgentDefinition,
    create(definition) {
      const kind = kindOf(definition);
      if (kind === undefined) throw new Error(`unknown agent kind: ${String(definition.kind)}`);
      return kind.create(definition, runtime);
    },
    traits(definition): AgentKindTraits {
      const kind = kindOf(definition);
      return { secretFields: kind?.secretFields ?? [], agentKey: kind?.agentKey === true };
    },
  };
}

function kindOf(definition: Record<string, unknown>): AgentKind | undefined {
  return typeof definition.kind === "string" ? AGENT_KINDS.get(definition.kind) : undefined;
}

function needRuntime(runtime: AgentRuntime | undefined): AgentRuntime {
  // Only a server builds agents that do I/O; a missing runtime is a wiring bug.
  if (runtime === undefined) throw new Error("this agent kind needs the agent runtime");
  return runtime;
}
