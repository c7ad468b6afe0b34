// Agent operations: create, replace, delete (refused while a connector uses it), read, new agent key.
import { v7 as uuidv7 } from "uuid";
import { generateSecretToken, hashToken } from "../auth/index.js";
import type { AgentFactory, AgentRecord } from "../core/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import { bodyObject, idProblem } from "./fields.js";
import { keepStoredSecrets } from "./secret-fields.js";
import type { ServiceDeps } from "./service-deps.js";

/** Prefix of generated agent keys, so leaked ones are recognisable. */
export const AGENT_KEY_PREFIX = "sbk_";

/** An agent, with the agent key when one was just generated for it (shown once). */
export interface AgentWithKey {
  agent: AgentRecord;
  key: string | null;
}

/**
 * Creates an agent from a definition; `id` in the body is used when given, else a UUIDv7.
 * Agents of a kind that answers through the agent API get a new agent key.
 */
export async function createAgent(
  deps: ServiceDeps,
  body: unknown,
): Promise<AdminResult<AgentWithKey>> {
  const checked = checkDefinitionBody(deps, body, undefined);
  if (!checked.ok) return checked;
  const { id, definition } = checked.value;
  const agentId = id ?? uuidv7();
  if (await deps.store.getAgent(agentId)) {
    return failure("admin_conflict", `an agent with id "${agentId}" already exists`);
  }
  const now = deps.now();
  const { key, keyHash } = agentKeyFor(deps.agents, definition, null);
  const agent: AgentRecord = {
    id: agentId,
    name: agentName(definition, agentId),
    definition,
    keyHash,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.createAgent(agent);
  return success({ agent, key });
}

/**
 * Replaces an agent's definition; masked secrets keep their stored values. The agent key stays
 * (one is made when the new kind needs one, and it is dropped when the new kind does not).
 */
export async function replaceAgent(
  deps: ServiceDeps,
  id: string,
  body: unknown,
): Promise<AdminResult<AgentWithKey>> {
  const existing = await deps.store.getAgent(id);
  if (!existing) return failure("admin_not_found", `no agent "${id}"`);
  const checked = checkDefinitionBody(deps, body, id, existing.definition);
  if (!checked.ok) return checked;
  const { definition } = checked.value;
  const { key, keyHash } = agentKeyFor(deps.agents, definition, existing.keyHash);
  const agent: AgentRecord = {
    ...existing,
    name: agentName(definition, id),
    definition,
    keyHash,
    updatedAt: deps.now(),
  };
  await deps.store.updateAgent(agent);
  return success({ agent, key });
}

/** Gives an agent a new agent key; the old one stops working at once. */
export async function rotateAgentKey(
  deps: ServiceDeps,
  id: string,
): Promise<AdminResult<AgentWithKey>> {
  const existing = await deps.store.getAgent(id);
  if (!existing) return failure("admin_not_found", `no agent "${id}"`);
  if (!deps.agents.usesAgentApi(existing.definition)) {
    const kind = String(existing.definition.kind);
    return failure("admin_conflict", `agents of kind "${kind}" have no agent key`);
  }
  const key = generateSecretToken(AGENT_KEY_PREFIX);
  const agent = { ...existing, keyHash: hashToken(key), updatedAt: deps.now() };
  await deps.store.updateAgent(agent);
  return success({ agent, key });
}

/** Deletes an agent unless a connector still answers with it. */
export async function deleteAgent(deps: ServiceDeps, id: string): Promise<AdminResult<null>> {
  if (!(await deps.store.getAgent(id))) return failure("admin_not_found", `no agent "${id}"`);
  const users = (await deps.store.listConnectors()).filter((c) => c.agentId === id);
  if (users.length > 0) {
    const ids = users.map((c) => `"${c.id}"`).join(", ");
    return failure("admin_conflict", `agent "${id}" is used by connector(s) ${ids}`);
  }
  await deps.store.deleteAgent(id);
  return success(null);
}

/** One agent, or not found. */
export async function getAgent(deps: ServiceDeps, id: string): Promise<AdminResult<AgentRecord>> {
  const agent = await deps.store.getAgent(id);
  return agent ? success(agent) : failure("admin_not_found", `no agent "${id}"`);
}

/** The definition's `name`, falling back to the id. */
export function agentName(definition: Record<string, unknown>, id: string): string {
  return typeof definition.name === "string" && definition.name !== "" ? definition.name : id;
}

/**
 * The key hash a definition's agent keeps: `current` when its kind uses agent keys (a new key
 * when there is none yet), null when it does not.
 */
export function agentKeyFor(
  agents: AgentFactory,
  definition: Record<string, unknown>,
  current: string | null,
): { key: string | null; keyHash: string | null } {
  if (!agents.usesAgentApi(definition)) return { key: null, keyHash: null };
  if (current !== null) return { key: null, keyHash: current };
  const key = generateSecretToken(AGENT_KEY_PREFIX);
  return { key, keyHash: hashToken(key) };
}

/**
 * A definition with its masked secrets filled from `stored`, and every problem of it (secret
 * masks with nothing stored, then the kind's own checks), each naming its field.
 */
export function checkDefinition(
  agents: AgentFactory,
  definition: Record<string, unknown>,
  stored: Record<string, unknown> | undefined,
): { definition: Record<string, unknown>; problems: string[] } {
  const kept = keepStoredSecrets(definition, stored);
  if (kept.problems.length > 0) return kept;
  return { definition: kept.definition, problems: agents.validate(kept.definition) };
}

function checkDefinitionBody(
  deps: ServiceDeps,
  body: unknown,
  pathId: string | undefined,
  stored?: Record<string, unknown>,
): AdminResult<{ id: string | undefined; definition: Record<string, unknown> }> {
  const object = bodyObject(body);
  if (!object.ok) return invalid([object.problem]);
  const { id, ...given } = object.object;
  const problems: string[] = [];
  if (id !== undefined) {
    const problem = idProblem(id, "id");
    if (problem) problems.push(problem);
    else if (pathId !== undefined && id !== pathId)
      problems.push("id: must match the id in the path");
  }
  const { definition, problems: definitionProblems } = checkDefinition(deps.agents, given, stored);
  problems.push(...definitionProblems);
  if (problems.length > 0) return invalid(problems);
  return success({ id: id as string | undefined, definition });
}
