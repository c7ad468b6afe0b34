// HTTP routes for agents: /admin/v1/agents, /admin/v1/agents/{id} and its rotate-key.
import type { FastifyInstance } from "fastify";
import { respond } from "./admin-error.js";
import {
  type AgentWithKey,
  createAgent,
  deleteAgent,
  getAgent,
  replaceAgent,
  rotateAgentKey,
} from "./agent-service.js";
import { agentJson } from "./serialize.js";
import type { ServiceDeps } from "./service-deps.js";

type IdParams = { Params: { id: string } };

/** Registers the agent routes on an admin scope (prefix `/admin/v1`). */
export function registerAgentRoutes(scope: FastifyInstance, deps: ServiceDeps): void {
  // The only answers that carry an agent key: right after it was generated.
  const withKey = ({ agent, key }: AgentWithKey) =>
    key === null ? agentJson(agent) : { ...agentJson(agent), agent_key: key };
  scope.post("/agents", async (request, reply) =>
    respond(reply, await createAgent(deps, request.body), 201, withKey),
  );
  scope.get("/agents", async () => ({
    agents: (await deps.store.listAgents()).map(agentJson),
  }));
  scope.get<IdParams>("/agents/:id", async (request, reply) =>
    respond(reply, await getAgent(deps, request.params.id), 200, agentJson),
  );
  scope.put<IdParams>("/agents/:id", async (request, reply) =>
    respond(reply, await replaceAgent(deps, request.params.id, request.body), 200, withKey),
  );
  scope.delete<IdParams>("/agents/:id", async (request, reply) =>
    respond(reply, await deleteAgent(deps, request.params.id), 204, () => null),
  );
  scope.post<IdParams>("/agents/:id/rotate-key", async (request, reply) =>
    respond(reply, await rotateAgentKey(deps, request.params.id), 200, withKey),
  );
}
