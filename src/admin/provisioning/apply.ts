// Applies a provisioning document: plans everything first, writes only when there is no problem.

import {
  type FileLimits,
  type OfflineSettings,
  readFileLimits,
  readOfflineSettings,
  writeFileLimits,
  writeOfflineSettings,
} from "../../core/index.js";
import type { ServiceDeps } from "../service-deps.js";
import { applyFileContextKeys } from "./context-keys.js";
import { type ApplyOutcome, type Plan, planProvisioning } from "./plan.js";

/** What happened to one object of the file (`id` is the name for a queue). */
export interface AppliedObject {
  kind: "agent" | "connector" | "queue" | "desk_user" | "saved_reply";
  id: string;
  outcome: ApplyOutcome;
}

/** A connector token generated during apply; it is not stored and is reported only here. */
export interface GeneratedToken {
  connectorId: string;
  token: string;
}

/** An agent key generated during apply; it is not stored and is reported only here. */
export interface GeneratedAgentKey {
  agentId: string;
  key: string;
}

/** A desk token generated during apply; it is not stored and is reported only here. */
export interface GeneratedDeskToken {
  deskUserId: string;
  token: string;
}

export type ApplyResult =
  | {
      ok: true;
      objects: AppliedObject[];
      /** Generated connector tokens. */
      tokens: GeneratedToken[];
      /** Generated desk-user tokens. */
      deskTokens: GeneratedDeskToken[];
      /** Generated agent keys (webhook agents). */
      agentKeys: GeneratedAgentKey[];
      notes: string[];
    }
  | { ok: false; problems: string[] };

/**
 * Brings the store in line with a provisioning document (agents, connectors, queues, then
 * desk users). Idempotent: a second apply of the same document reports every object unchanged.
 * When the document has any problem, every problem is returned and nothing is written.
 */
export async function applyProvisioning(
  deps: ServiceDeps,
  document: unknown,
): Promise<ApplyResult> {
  const planned = await planProvisioning(deps, document);
  if (!planned.ok) return { ok: false, problems: planned.problems };
  const plan = planned.value;
  const objects: AppliedObject[] = [];
  const tokens: GeneratedToken[] = [];
  const deskTokens: GeneratedDeskToken[] = [];
  const agentKeys: GeneratedAgentKey[] = [];
  for (const step of plan.agents) {
    if (step.outcome === "created") await deps.store.createAgent(step.record);
    if (step.outcome === "updated") await deps.store.updateAgent(step.record);
    objects.push({ kind: "agent", id: step.record.id, outcome: step.outcome });
    if (step.generatedKey) agentKeys.push({ agentId: step.record.id, key: step.generatedKey });
  }
  for (const step of plan.connectors) {
    if (step.outcome === "created") await deps.store.createConnector(step.record);
    if (step.outcome === "updated") await deps.store.updateConnector(step.record);
    const keysChanged = await applyFileContextKeys(deps, step.record.id, step.contextKeys);
    const offlineChanged = await applyFileOffline(deps, step.record.id, step.offline);
    const limitsChanged = await applyFileLimits(deps, step.record.id, step.fileLimits);
    const outcome =
      step.outcome === "unchanged" && (keysChanged > 0 || offlineChanged || limitsChanged)
        ? "updated"
        : step.outcome;
    objects.push({ kind: "connector", id: step.record.id, outcome });
    if (step.generatedToken)
      tokens.push({ connectorId: step.record.id, token: step.generatedToken });
  }
  await applyDesk(deps, plan, objects, deskTokens);
  return { ok: true, objects, tokens, deskTokens, agentKeys, notes: plan.notes };
}

// Queues first: desk users name them.
async function applyDesk(
  deps: ServiceDeps,
  plan: Plan,
  objects: AppliedObject[],
  deskTokens: GeneratedDeskToken[],
): Promise<void> {
  for (const step of plan.queues) {
    if (step.outcome !== "unchanged") await deps.store.putQueue(step.record);
    objects.push({ kind: "queue", id: step.record.name, outcome: step.outcome });
  }
  for (const step of plan.deskUsers) {
    const { record } = step;
    if (step.outcome === "created") await deps.store.createDeskUser(record);
    if (step.outcome === "updated") {
      await deps.store.updateDeskUser(record);
      await deps.deskUserChanged?.(record.id, step.tokenChanged ? "token_rotated" : "updated");
    }
    objects.push({ kind: "desk_user", id: record.id, outcome: step.outcome });
    if (step.generatedToken) deskTokens.push({ deskUserId: record.id, token: step.generatedToken });
  }
  // Last: saved replies name queues and desk users.
  for (const step of plan.savedReplies) {
    if (step.outcome !== "unchanged") await deps.savedReplies?.putSavedReply(step.record);
    objects.push({ kind: "saved_reply", id: step.record.id, outcome: step.outcome });
  }
}

// Written only when the file gives settings that differ from the stored ones.
async function applyFileOffline(
  deps: ServiceDeps,
  connectorId: string,
  offline: OfflineSettings | null,
): Promise<boolean> {
  if (offline === null) return false;
  const stored = await readOfflineSettings(deps.store, connectorId);
  if (JSON.stringify(stored) === JSON.stringify(offline)) return false;
  await writeOfflineSettings(deps.store, connectorId, offline, deps.now());
  return true;
}

// Written only when the file gives limits that differ from the stored ones.
async function applyFileLimits(
  deps: ServiceDeps,
  connectorId: string,
  limits: FileLimits | null,
): Promise<boolean> {
  if (limits === null) return false;
  const stored = await readFileLimits(deps.store, connectorId);
  if (JSON.stringify(stored) === JSON.stringify(limits)) return false;
  await writeFileLimits(deps.store, connectorId, limits, deps.now());
  return true;
}
