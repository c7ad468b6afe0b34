// The webhook agent's face to the rest of src/agents: its definition checks, constructor and wire.
import type { Agent } from "../../core/ports.js";
import { parseWebhookDefinition } from "./definition.js";
import { WebhookAgent, type WebhookRuntime } from "./webhook-agent.js";

export { exampleWebhookDefinition } from "./example.js";
export type { WebhookRuntime } from "./webhook-agent.js";
export {
  quietWebhookObserver,
  type WebhookFallbackAction,
  type WebhookFallbackReason,
  type WebhookObserver,
  type WebhookRequestOutcome,
} from "./webhook-observer.js";
export {
  type PushBody,
  readChunkBody,
  readEndBody,
  readHandoffBody,
  readInlineAnswer,
  readMessageBody,
  readStreamLine,
  type WireResult,
} from "./wire.js";

/** Field-level problems of a `kind: "webhook"` definition; empty when valid. */
export function validateWebhookDefinition(definition: Record<string, unknown>): string[] {
  const parsed = parseWebhookDefinition(definition);
  return parsed.ok ? [] : parsed.problems;
}

/** A webhook agent; throws (a bug in the caller) for a definition that did not pass validation. */
export function createWebhookAgent(
  definition: Record<string, unknown>,
  runtime: WebhookRuntime,
): Agent {
  const parsed = parseWebhookDefinition(definition);
  if (!parsed.ok) {
    throw new Error(`invalid webhook agent definition: ${parsed.problems.join("; ")}`);
  }
  return new WebhookAgent(parsed.definition, runtime);
}
