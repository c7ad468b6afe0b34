// HTTP routes for a connector's offline messages: whether it takes them, and the webhook they go to.
import type { FastifyInstance } from "fastify";
import { type OfflineSettings, readOfflineSettings, writeOfflineSettings } from "../core/index.js";
import { type AdminResult, failure, invalid, respond, success } from "./admin-error.js";
import { checkOfflineSettings } from "./offline-input.js";
import { REDACTED } from "./secret-fields.js";
import type { ServiceDeps } from "./service-deps.js";

type IdParams = { Params: { id: string } };

/** The settings as the API shows them: the secret only as whether one is set. */
export function offlineSettingsJson(s: OfflineSettings): Record<string, unknown> {
  return {
    enabled: s.enabled,
    webhook_url: s.webhookUrl,
    webhook_secret: s.webhookSecret ? REDACTED : null,
  };
}

/** Registers `GET`/`PUT /connectors/:id/offline-messages` on an admin scope. */
export function registerOfflineRoutes(scope: FastifyInstance, deps: ServiceDeps): void {
  scope.get<IdParams>("/connectors/:id/offline-messages", async (request, reply) => {
    const found = await deps.store.getConnector(request.params.id);
    const result: AdminResult<OfflineSettings> = found
      ? success(await readOfflineSettings(deps.store, found.id))
      : failure("admin_not_found", `connector ${request.params.id}`);
    return respond(reply, result, 200, offlineSettingsJson);
  });
  scope.put<IdParams>("/connectors/:id/offline-messages", async (request, reply) =>
    respond(
      reply,
      await putSettings(deps, request.params.id, request.body),
      200,
      offlineSettingsJson,
    ),
  );
}

async function putSettings(
  deps: ServiceDeps,
  id: string,
  body: unknown,
): Promise<AdminResult<OfflineSettings>> {
  const connector = await deps.store.getConnector(id);
  if (!connector) return failure("admin_not_found", `connector ${id}`);
  const stored = await readOfflineSettings(deps.store, id);
  const checked = checkOfflineSettings(body, stored, "");
  if (!checked.ok) return invalid(checked.problems);
  await writeOfflineSettings(deps.store, id, checked.value, deps.now());
  return success(checked.value);
}
