// Applies a provisioning document: plans everything first, writes only when there is no problem.
import type { ServiceDeps } from "../service-deps.js";
import { type ApplyOutcome, planProvisioning } from "./plan.js";

/** What happened to one object of the file. */
export interface AppliedObject {
  kind: "agent" | "connector";
  id: string;
  outcome: ApplyOutcome;
}

/** A connector token generated during apply; it is not stored and is reported only here. */
export interface GeneratedToken {
  connectorId: string;
  token: string;
}

export type ApplyResult =
  | { ok: true; objects: AppliedObject[]; tokens: GeneratedToken[]; notes: string[] }
  | { ok: false; problems: string[] };

/**
 * Brings the store in line with a provisioning document (agents, then connectors).
 * Idempotent: a second apply of the same document reports every object unchanged.
 * When the document has any problem, every problem is returned and nothing is written.
 */
export async function applyProvisioning(
  deps: ServiceDeps,
  document: unknown,
): Promise<ApplyResult> {
  const planned = await planProvisioning(deps, document);
  if (!planned.ok) return { ok: false, problems: planned.problems };
  const { agents, connectors, notes } = planned.value;
  const objects: AppliedObject[] = [];
  const tokens: GeneratedToken[] = [];
  for (const step of agents) {
    if (step.outcome === "created") await deps.store.createAgent(step.record);
    if (step.outcome === "updated") await deps.store.updateAgent(step.record);
    objects.push({ kind: "agent", id: step.record.id, outcome: step.outcome });
  }
  for (const step of connectors) {
    if (step.outcome === "created") await deps.store.createConnector(step.record);
    if (step.outcome === "updated") await deps.store.updateConnector(step.record);
    objects.push({ kind: "connector", id: step.record.id, outcome: step.outcome });
    if (step.generatedToken)
      tokens.push({ connectorId: step.record.id, token: step.generatedToken });
  }
  return { ok: true, objects, tokens, notes };
}
