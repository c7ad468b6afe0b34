// Agent operations: create, replace, delete (refused while a connector uses it), read.
import { v7 as uuidv7 } from "uuid";
import type { AgentRecord } from "../core/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import { bodyObject, idProblem } from "./fields.js";
import { keepStoredSecrets } from "./secret-fields.js";
import type { ServiceDeps } from "./service-deps.js";

/** Creates an agent from a definition; `id` in the body is used when given, else a UUIDv7. */
export async function createAgent(
  deps: ServiceDeps,
  body: unknown,
): Promise<AdminResult<AgentRecord>> {
  const checked = checkDefinitionBody(deps, body, undefined, undefined);
  if (!checked.ok) return checked;
  const { id, definition } = checked.value;
  const agentId = id ?? uuidv7();
  if (await deps.store.getAgent(agentId)) {
    return failure("admin_conflict", `an agent with id "${agentId}" already exists`);
  }
  const now = deps.now();
  const agent: AgentRecord = {
    id: agentId,
    name: agentName(definition, agentId),
    definition,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.createAgent(agent);
  return success(agent);
}

/** Replaces an agent's definition. */
export async function replaceAgent(
  deps: ServiceDeps,
  id: string,
  body: unknown,
): Promise<AdminResult<AgentRecord>> {
  const existing = await deps.store.getAgent(id);
  if (!existing) return failure("admin_not_found", `no agent "${id}"`);
  const checked = checkDefinitionBody(deps, body, id, existing.definition);
  if (!checked.ok) return checked;
  const { definition } = checked.value;
  const agent: AgentRecord = {
    ...existing,
    name: agentName(definition, id),
    definition,
    updatedAt: deps.now(),
  };
  await deps.store.updateAgent(agent);
  return success(agent);
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

function checkDefinitionBody(
  deps: ServiceDeps,
  body: unknown,
  pathId: string | undefined,
  stored: Record<string, unknown> | undefined,
): AdminResult<{ id: string | undefined; definition: Record<string, unknown> }> {
  const object = bodyObject(body);
  if (!object.ok) return invalid([object.problem]);
  const { id, ...given } = object.object;
  const { definition, problems } = keepStoredSecrets(given, stored);
  if (id !== undefined) {
    const problem = idProblem(id, "id");
    if (problem) problems.push(problem);
    else if (pathId !== undefined && id !== pathId)
      problems.push("id: must match the id in the path");
  }
  problems.push(...deps.agents.validate(definition));
  if (problems.length > 0) return invalid(problems);
  return success({ id: id as string | undefined, definition });
}
