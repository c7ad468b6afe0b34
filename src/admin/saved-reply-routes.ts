// HTTP routes for saved replies: create, list, read, replace and delete.
import type { FastifyInstance } from "fastify";
import { savedReplyJson } from "../core/index.js";
import { respond } from "./admin-error.js";
import { deleteSavedReply, getSavedReply, putSavedReply } from "./saved-reply-service.js";
import type { ServiceDeps } from "./service-deps.js";

type IdParams = { Params: { id: string } };

/** Registers the saved-reply routes on an admin scope (prefix `/admin/v1`). */
export function registerSavedReplyRoutes(scope: FastifyInstance, deps: ServiceDeps): void {
  scope.post("/saved-replies", async (request, reply) =>
    respond(reply, await putSavedReply(deps, request.body), 201, savedReplyJson),
  );
  scope.get("/saved-replies", async () => ({
    saved_replies: ((await deps.savedReplies?.listAllSavedReplies()) ?? []).map(savedReplyJson),
  }));
  scope.get<IdParams>("/saved-replies/:id", async (request, reply) =>
    respond(reply, await getSavedReply(deps, request.params.id), 200, savedReplyJson),
  );
  scope.put<IdParams>("/saved-replies/:id", async (request, reply) =>
    respond(reply, await putSavedReply(deps, request.body, request.params.id), 200, savedReplyJson),
  );
  scope.delete<IdParams>("/saved-replies/:id", async (request, reply) =>
    respond(reply, await deleteSavedReply(deps, request.params.id), 204, () => null),
  );
}
