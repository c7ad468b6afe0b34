// HTTP routes for sessions (list, read with the event log, erase) and signing-key rotation.
import type { FastifyInstance } from "fastify";
import { failure, respond, success } from "./admin-error.js";
import { sessionPageJson, sessionWithEventsJson } from "./serialize.js";
import type { AdminDeps } from "./service-deps.js";
import { getSessionWithEvents, listSessions, parseSessionQuery } from "./session-service.js";

type IdParams = { Params: { id: string } };

/** Registers the session and signing-key routes on an admin scope (prefix `/admin/v1`). */
export function registerSessionRoutes(scope: FastifyInstance, deps: AdminDeps): void {
  scope.get("/sessions", async (request, reply) => {
    const filter = parseSessionQuery((request.query ?? {}) as Record<string, unknown>);
    if (!filter.ok) return respond(reply, filter, 200, () => null);
    return respond(reply, await listSessions(deps, filter.value), 200, sessionPageJson);
  });
  scope.get<IdParams>("/sessions/:id", async (request, reply) =>
    respond(reply, await getSessionWithEvents(deps, request.params.id), 200, sessionWithEventsJson),
  );
  scope.delete<IdParams>("/sessions/:id", async (request, reply) => {
    const { id } = request.params;
    const erased = await deps.sessions.erase(id);
    const result = erased ? success(null) : failure("admin_not_found", `no session "${id}"`);
    return respond(reply, result, 204, () => null);
  });
  scope.post("/signing-keys/rotate", async () => {
    const { kid } = await deps.keys.rotate();
    return { kid };
  });
}
