// The table from a definition's `kind` to how that kind is validated and built.
import type { Agent, AgentFactory, Clock } from "../core/ports.js";
import { isPlainObject } from "../protocol/index.js";
import {
  createLlmAgent,
  type LlmObserver,
  quietLlmObserver,
  validateLlmDefinition,
} from "./llm/index.js";
import { createRulesAgent, validateRulesDefinition } from "./rules/index.js";
import {
  createWebhookAgent,
  quietWebhookObserver,
  validateWebhookDefinition,
  type WebhookObserver,
} from "./webhook/index.js";

/** What agents that call out need; the composition root gives it. */
export interface AgentDeps {
  /** Timers for retries and tool time-outs (required by agents that call out). */
  clock?: Clock;
  /** Where `*_env` fields are looked up (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  llmObserver?: LlmObserver;
  webhookObserver?: WebhookObserver;
  /** Reports a problem an agent handled (a bot down, a bad answer); never secrets or message text. */
  warn?(fields: Record<string, unknown>, message: string): void;
}

/** How one kind of agent is checked and built; each kind is one row. */
export interface AgentKind {
  /** Field-level problems of a definition whose `kind` names this row. */
  validate(definition: Record<string, unknown>): string[];
  /** An agent for a definition that passed `validate`; `label` names it in metrics. */
  create(definition: Record<string, unknown>, deps: AgentDeps, label: string): Agent;
  /** Whether agents of this kind answer through the agent API (and so get an agent key). */
  agentApi?: boolean;
}

const AGENT_KINDS: ReadonlyMap<string, AgentKind> = new Map<string, AgentKind>([
  [
    "rules",
    { validate: validateRulesDefinition, create: (definition) => createRulesAgent(definition) },
  ],
  [
    "llm",
    {
      validate: validateLlmDefinition,
      create: (definition, deps, label) => {
        if (!deps.clock) throw new Error("llm agents need a clock");
        return createLlmAgent(definition, {
          clock: deps.clock,
          env: deps.env ?? process.env,
          observer: deps.llmObserver ?? quietLlmObserver,
          label,
        });
      },
    },
  ],
  [
    "webhook",
    {
      validate: validateWebhookDefinition,
      create: (definition, deps, label) => {
        if (!deps.clock) throw new Error("webhook agents need a clock");
        return createWebhookAgent(definition, {
          clock: deps.clock,
          env: deps.env ?? process.env,
          warn: deps.warn ?? (() => undefined),
          observer: deps.webhookObserver ?? quietWebhookObserver,
          label,
        });
      },
      agentApi: true,
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
export function createAgentFactory(deps: AgentDeps = {}): AgentFactory {
  return {
    validate: validateAgentDefinition,
    create(definition, agentId) {
      const kind = kindOf(definition);
      if (kind === undefined) throw new Error(`unknown agent kind: ${String(definition.kind)}`);
      return kind.create(definition, deps, agentId ?? String(definition.name ?? "agent"));
    },
    usesAgentApi: (definition) => kindOf(definition)?.agentApi === true,
  };
}

function kindOf(definition: Record<string, unknown>): AgentKind | undefined {
  return typeof definition.kind === "string" ? AGENT_KINDS.get(definition.kind) : undefined;
}
