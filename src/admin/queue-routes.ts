// HTTP routes for live-agent queues: /admin/v1/queues and /admin/v1/queues/{name}.
import type { FastifyInstance } from "fastify";
import { respond } from "./admin-error.js";
import { createQueue, deleteQueue, getQueue, replaceQueue } from "./queue-service.js";
import { queueJson } from "./serialize.js";
import type { ServiceDeps } from "./service-deps.js";

type NameParams = { Params: { name: string } };

/** Registers the queue routes on an admin scope (prefix `/admin/v1`). */
export function registerQueueRoutes(scope: FastifyInstance, deps: ServiceDeps): void {
  scope.post("/queues", async (request, reply) =>
    respond(reply, await createQueue(deps, request.body), 201, queueJson),
  );
  scope.get("/queues", async () => ({
    queues: (await deps.store.listQueues()).map(queueJson),
  }));
  scope.get<NameParams>("/queues/:name", async (request, reply) =>
    respond(reply, await getQueue(deps, request.params.name), 200, queueJson),
  );
  scope.put<NameParams>("/queues/:name", async (request, reply) =>
    respond(reply, await replaceQueue(deps, request.params.name, request.body), 200, queueJson),
  );
  scope.delete<NameParams>("/queues/:name", async (request, reply) =>
    respond(reply, await deleteQueue(deps, request.params.name), 204, () => null),
  );
}
