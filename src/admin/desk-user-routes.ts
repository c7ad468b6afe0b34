// HTTP routes for desk users (human agents): create, list, read, patch, delete and rotate-token.
import type { FastifyInstance } from "fastify";
import { respond } from "./admin-error.js";
import { deskLoginJson, getDeskLogin, putDeskLogin } from "./desk-login-service.js";
import {
  createDeskUser,
  type DeskUserWithToken,
  deleteDeskUser,
  getDeskUser,
  patchDeskUser,
  rotateDeskUserToken,
} from "./desk-user-service.js";
import { deskUserAdminJson } from "./serialize.js";
import type { ServiceDeps } from "./service-deps.js";

type IdParams = { Params: { id: string } };

/** The only response that carries a desk token: right after it was generated. */
function withToken({ deskUser, token }: DeskUserWithToken): Record<string, unknown> {
  return { ...deskUserAdminJson(deskUser), token };
}

/** Registers the desk-user routes on an admin scope (prefix `/admin/v1`). */
export function registerDeskUserRoutes(scope: FastifyInstance, deps: ServiceDeps): void {
  scope.post("/desk-users", async (request, reply) =>
    respond(reply, await createDeskUser(deps, request.body), 201, withToken),
  );
  scope.get("/desk-users", async () => ({
    desk_users: (await deps.store.listDeskUsers()).map(deskUserAdminJson),
  }));
  scope.get<IdParams>("/desk-users/:id", async (request, reply) =>
    respond(reply, await getDeskUser(deps, request.params.id), 200, deskUserAdminJson),
  );
  scope.patch<IdParams>("/desk-users/:id", async (request, reply) =>
    respond(
      reply,
      await patchDeskUser(deps, request.params.id, request.body),
      200,
      deskUserAdminJson,
    ),
  );
  scope.delete<IdParams>("/desk-users/:id", async (request, reply) =>
    respond(reply, await deleteDeskUser(deps, request.params.id), 204, () => null),
  );
  scope.put<IdParams>("/desk-users/:id/login", async (request, reply) =>
    respond(reply, await putDeskLogin(deps, request.params.id, request.body), 200, deskLoginJson),
  );
  scope.get<IdParams>("/desk-users/:id/login", async (request, reply) =>
    respond(reply, await getDeskLogin(deps, request.params.id), 200, deskLoginJson),
  );
  scope.post<IdParams>("/desk-users/:id/rotate-token", async (request, reply) =>
    respond(reply, await rotateDeskUserToken(deps, request.params.id), 200, withToken),
  );
}
