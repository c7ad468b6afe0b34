// HTTP routes for connectors: create, list, read, patch, delete and rotate-token.
import type { FastifyInstance } from "fastify";
import { respond } from "./admin-error.js";
import {
  type ConnectorWithToken,
  createConnector,
  deleteConnector,
  getConnector,
  patchConnector,
  rotateConnectorToken,
} from "./connector-service.js";
import { connectorJson } from "./serialize.js";
import type { ServiceDeps } from "./service-deps.js";

type IdParams = { Params: { id: string } };

/** The only response that carries a connector token: right after it was generated. */
function withToken({ connector, token }: ConnectorWithToken): Record<string, unknown> {
  return { ...connectorJson(connector), token };
}

/** Registers the connector routes on an admin scope (prefix `/admin/v1`). */
export function registerConnectorRoutes(scope: FastifyInstance, deps: ServiceDeps): void {
  scope.post("/connectors", async (request, reply) =>
    respond(reply, await createConnector(deps, request.body), 201, withToken),
  );
  scope.get("/connectors", async () => ({
    connectors: (await deps.store.listConnectors()).map(connectorJson),
  }));
  scope.get<IdParams>("/connectors/:id", async (request, reply) =>
    respond(reply, await getConnector(deps, request.params.id), 200, connectorJson),
  );
  scope.patch<IdParams>("/connectors/:id", async (request, reply) =>
    respond(reply, await patchConnector(deps, request.params.id, request.body), 200, connectorJson),
  );
  scope.delete<IdParams>("/connectors/:id", async (request, reply) =>
    respond(reply, await deleteConnector(deps, request.params.id), 204, () => null),
  );
  scope.post<IdParams>("/connectors/:id/rotate-token", async (request, reply) =>
    respond(reply, await rotateConnectorToken(deps, request.params.id), 200, withToken),
  );
}
