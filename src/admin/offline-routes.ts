// HTTP routes for a connector's offline messages: whether it takes them, and the webhook they go to.
import type { FastifyInstance } from "fastify";
import { type OfflineSettings, readOfflineSettings, writeOfflineSettings } from "../core/index.js";
import { isPlainObject } from "../protocol/index.js";
import { type AdminResult, failure, invalid, respond, success } from "./admin-error.js";
import { isHttpUrl } from "./fields.js";
import { REDACTED } from "./secret-fields.js";
import type { ServiceDeps } from "./service-deps.js";

type IdParams = { Params: { id: string } };
const SECRET_MAX = 512;

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
  if (!isPlainObject(body)) return invalid(["(body): must be an object"]);
  const problems: string[] = [];
  for (const key of Object.keys(body)) {
    if (!["enabled", "webhook_url", "webhook_secret"].includes(key))
      problems.push(
        `${key}: unknown field (expected one of: enabled, webhook_url, webhook_secret)`,
      );
  }
  if (typeof body.enabled !== "boolean") problems.push("enabled: required, true or false");
  const url = body.webhook_url ?? null;
  if (url !== null && !isHttpUrl(url)) problems.push("webhook_url: must be an http(s) URL or null");
  const stored = await readOfflineSettings(deps.store, id);
  let secret = body.webhook_secret ?? null;
  if (secret === REDACTED) {
    if (!stored.webhookSecret)
      problems.push("webhook_secret: no stored secret to keep; give the value");
    secret = stored.webhookSecret;
  } else if (
    secret !== null &&
    (typeof secret !== "string" || secret.length < 16 || secret.length > SECRET_MAX)
  ) {
    problems.push(`webhook_secret: must be a string of 16 to ${SECRET_MAX} characters, or null`);
  }
  if (url !== null && secret === null)
    problems.push("webhook_secret: required with a webhook_url (requests are signed)");
  if (problems.length > 0) return invalid(problems);
  const settings: OfflineSettings = {
    enabled: body.enabled as boolean,
    webhookUrl: url as string | null,
    webhookSecret: secret as string | null,
  };
  await writeOfflineSettings(deps.store, id, settings, deps.now());
  return success(settings);
}
