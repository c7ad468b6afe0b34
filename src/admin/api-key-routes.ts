// HTTP routes for the Chat API keys of an account.
import type { FastifyInstance } from "fastify";
import type { ApiKeyRecord } from "../core/index.js";
import { respond } from "./admin-error.js";
import {
  type ApiKeyWithSecret,
  createApiKey,
  deleteApiKey,
  listApiKeys,
  rotateApiKey,
} from "./api-key-service.js";
import { isoTime } from "./fields.js";
import type { ServiceDeps } from "./service-deps.js";

type AccountParams = { Params: { account: string } };
type KeyParams = { Params: { account: string; id: string } };

/** A key as listed: never its secret (only its hash is stored anyway). */
export function apiKeyJson(key: ApiKeyRecord): Record<string, unknown> {
  return {
    id: key.id,
    account_id: key.accountId,
    created_at: isoTime(key.createdAt),
    expires_at: isoTime(key.expiresAt),
  };
}

function withSecret(
  value: ApiKeyWithSecret & { previousExpiresAt?: number },
): Record<string, unknown> {
  return {
    ...apiKeyJson(value.record),
    key: value.key,
    ...(value.previousExpiresAt === undefined
      ? {}
      : { previous_expires_at: isoTime(value.previousExpiresAt) }),
  };
}

/** Registers `/accounts/{account}/api-keys…` on an admin scope. */
export function registerApiKeyRoutes(scope: FastifyInstance, deps: ServiceDeps): void {
  scope.get<AccountParams>("/accounts/:account/api-keys", async (request, reply) =>
    respond(reply, await listApiKeys(deps, request.params.account), 200, (keys) => ({
      api_keys: keys.map(apiKeyJson),
    })),
  );
  scope.post<AccountParams>("/accounts/:account/api-keys", async (request, reply) =>
    respond(reply, await createApiKey(deps, request.params.account), 201, withSecret),
  );
  scope.post<KeyParams>("/accounts/:account/api-keys/:id/rotate", async (request, reply) =>
    respond(
      reply,
      await rotateApiKey(deps, request.params.account, request.params.id, request.body),
      200,
      withSecret,
    ),
  );
  scope.delete<KeyParams>("/accounts/:account/api-keys/:id", async (request, reply) =>
    respond(
      reply,
      await deleteApiKey(deps, request.params.account, request.params.id),
      204,
      () => null,
    ),
  );
}
