// HTTP routes for connectors' verified-context signing keys.
import type { FastifyInstance } from "fastify";
import type { ContextKeySummary } from "../auth/index.js";
import { respond } from "./admin-error.js";
import {
  addContextKey,
  type ContextKeyWithSecret,
  deleteContextKey,
  listContextKeys,
  rotateContextKey,
} from "./context-key-service.js";
import { isoTime } from "./fields.js";
import type { ServiceDeps } from "./service-deps.js";

type KeyParams = { Params: { id: string; kid: string } };

/** A key as answered right after its secret was generated (the only time it is shown). */
export function contextKeySecretJson(key: ContextKeyWithSecret): Record<string, unknown> {
  return {
    kid: key.kid,
    secret: key.secret,
    ...(key.previousExpiresAt === undefined
      ? {}
      : { previous_expires_at: isoTime(key.previousExpiresAt) }),
  };
}

/** A key as listed: its secrets' lifetimes, never the secrets. */
export function contextKeyJson(key: ContextKeySummary): Record<string, unknown> {
  return {
    kid: key.kid,
    secrets: key.secrets.map((s) => ({
      created_at: isoTime(s.createdAt),
      expires_at: s.expiresAt === null ? null : isoTime(s.expiresAt),
    })),
  };
}

/** Registers `/connectors/{id}/context-keys…` on an admin scope. */
export function registerContextKeyRoutes(scope: FastifyInstance, deps: ServiceDeps): void {
  scope.get<{ Params: { id: string } }>("/connectors/:id/context-keys", async (request, reply) =>
    respond(reply, await listContextKeys(deps, request.params.id), 200, (keys) => ({
      context_keys: keys.map(contextKeyJson),
    })),
  );
  scope.post<{ Params: { id: string } }>("/connectors/:id/context-keys", async (request, reply) =>
    respond(
      reply,
      await addContextKey(deps, request.params.id, request.body),
      201,
      contextKeySecretJson,
    ),
  );
  scope.post<KeyParams>("/connectors/:id/context-keys/:kid/rotate", async (request, reply) =>
    respond(
      reply,
      await rotateContextKey(deps, request.params.id, request.params.kid, request.body),
      200,
      contextKeySecretJson,
    ),
  );
  scope.delete<KeyParams>("/connectors/:id/context-keys/:kid", async (request, reply) =>
    respond(
      reply,
      await deleteContextKey(deps, request.params.id, request.params.kid),
      204,
      () => null,
    ),
  );
}
