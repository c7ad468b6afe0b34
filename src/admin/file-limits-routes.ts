// HTTP routes for a connector's file limits: whether files may be attached, how big, which types.
import type { FastifyInstance } from "fastify";
import { type FileLimits, readFileLimits, writeFileLimits } from "../core/index.js";
import { type AdminResult, failure, invalid, respond, success } from "./admin-error.js";
import { checkFileLimits } from "./file-limits-input.js";
import type { ServiceDeps } from "./service-deps.js";

type IdParams = { Params: { id: string } };

/** The limits as the API shows them. */
export function fileLimitsJson(l: FileLimits): Record<string, unknown> {
  return { enabled: l.enabled, max_bytes: l.maxBytes, types: [...l.types] };
}

/** Registers `GET`/`PUT /connectors/:id/file-limits` on an admin scope. */
export function registerFileLimitRoutes(scope: FastifyInstance, deps: ServiceDeps): void {
  scope.get<IdParams>("/connectors/:id/file-limits", async (request, reply) => {
    const found = await deps.store.getConnector(request.params.id);
    const result: AdminResult<FileLimits> = found
      ? success(await readFileLimits(deps.store, found.id))
      : failure("admin_not_found", `connector ${request.params.id}`);
    return respond(reply, result, 200, fileLimitsJson);
  });
  scope.put<IdParams>("/connectors/:id/file-limits", async (request, reply) => {
    const id = request.params.id;
    const connector = await deps.store.getConnector(id);
    let result: AdminResult<FileLimits>;
    if (!connector) result = failure("admin_not_found", `connector ${id}`);
    else {
      const checked = checkFileLimits(request.body, "");
      if (!checked.ok) result = invalid(checked.problems);
      else {
        await writeFileLimits(deps.store, id, checked.value, deps.now());
        result = success(checked.value);
      }
    }
    return respond(reply, result, 200, fileLimitsJson);
  });
}
