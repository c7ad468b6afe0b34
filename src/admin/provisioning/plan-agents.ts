// Plans the agents of a provisioning file: checks each entry and works out what would change.
import type { AgentRecord } from "../../core/index.js";
import { isPlainObject } from "../../protocol/index.js";
import { agentKeyFor, agentName, checkDefinition } from "../agent-service.js";
import { stableJson, unknownFields } from "../fields.js";
import type { ServiceDeps } from "../service-deps.js";
import { checkFileId, checkFileToken, type TokenScope } from "./file-checks.js";
import type { ApplyOutcome } from "./plan.js";

export interface AgentStep {
  record: AgentRecord;
  outcome: ApplyOutcome;
  /** An agent key generated for an agent the file gave none for (reported once). */
  generatedKey: string | null;
}

const AGENT_FIELDS = ["id", "definition", "key"];

/** One step per valid entry of `agents`; problems are added to `problems`. */
export async function planAgents(
  deps: ServiceDeps,
  items: unknown[],
  problems: string[],
): Promise<AgentStep[]> {
  const steps: AgentStep[] = [];
  const seen = new Set<string>();
  const keys: TokenScope = {
    kind: "agent",
    seen: new Map(),
    ownerOf: (hash) => deps.store.getAgentByKeyHash(hash),
  };
  for (const [index, item] of items.entries()) {
    const path = `agents[${index}]`;
    if (!isPlainObject(item)) {
      problems.push(`${path}: must be a mapping with id and definition`);
      continue;
    }
    const before = problems.length;
    problems.push(...unknownFields(item, AGENT_FIELDS, `${path}.`));
    const id = checkFileId(item.id, `${path}.id`, seen, problems);
    const existing = id === null ? undefined : await deps.store.getAgent(id);
    const definition = checkEntryDefinition(deps, item, path, existing, problems);
    const keyHash = await checkFileToken(item.key, `${path}.key`, id, keys, problems);
    if (keyHash !== null && definition && !deps.agents.usesAgentApi(definition)) {
      problems.push(`${path}.key: agents of kind "${String(definition.kind)}" have no agent key`);
    }
    if (problems.length > before || id === null || definition === undefined) continue;
    steps.push(agentStep(deps, id, definition, keyHash, existing));
  }
  return steps;
}

function checkEntryDefinition(
  deps: ServiceDeps,
  item: Record<string, unknown>,
  path: string,
  existing: AgentRecord | undefined,
  problems: string[],
): Record<string, unknown> | undefined {
  if (!isPlainObject(item.definition)) {
    problems.push(`${path}.definition: must be a mapping (the agent definition)`);
    return undefined;
  }
  const checked = checkDefinition(deps.agents, item.definition, existing?.definition);
  problems.push(...checked.problems.map((p) => `${path}.definition.${p}`));
  return checked.definition;
}

function agentStep(
  deps: ServiceDeps,
  id: string,
  definition: Record<string, unknown>,
  fileKeyHash: string | null,
  existing: AgentRecord | undefined,
): AgentStep {
  const now = deps.now();
  const name = agentName(definition, id);
  const { key, keyHash } = agentKeyFor(
    deps.agents,
    definition,
    fileKeyHash ?? existing?.keyHash ?? null,
  );
  if (!existing) {
    const record = { id, name, definition, keyHash, createdAt: now, updatedAt: now };
    return { outcome: "created", record, generatedKey: key };
  }
  const same =
    existing.name === name &&
    existing.keyHash === keyHash &&
    stableJson(existing.definition) === stableJson(definition);
  if (same) return { outcome: "unchanged", record: existing, generatedKey: null };
  const record = { ...existing, name, definition, keyHash, updatedAt: now };
  return { outcome: "updated", record, generatedKey: key };
}
