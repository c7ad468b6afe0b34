// Mounts the admin API under /admin/v1: bearer auth, error mapping and every route group.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { bearerToken, constantTimeEqual } from "../auth/index.js";
import { DEFAULT_MAX_JSON_DEPTH, nestsDeeperThan } from "../protocol/index.js";
import { adminError, adminErrorFromThrown, sendAdminError } from "./admin-error.js";
import { registerAgentRoutes } from "./agent-routes.js";
import { registerApiKeyRoutes } from "./api-key-routes.js";
import { registerConnectorRoutes } from "./connector-routes.js";
import { registerContextKeyRoutes } from "./context-key-routes.js";
import { registerDeskUserRoutes } from "./desk-user-routes.js";
import { registerDocsRoutes } from "./docs-routes.js";
import { registerFileLimitRoutes } from "./file-limits-routes.js";
import { registerOfflineRoutes } from "./offline-routes.js";
import { registerQueueRoutes } from "./queue-routes.js";
import { registerRatingRoutes } from "./rating-routes.js";
import { registerSavedReplyRoutes } from "./saved-reply-routes.js";
import type { AdminDeps } from "./service-deps.js";
import { registerSessionRoutes } from "./session-routes.js";

/** Path prefix of the admin API (`product.md` §1, fixed). */
export const ADMIN_PREFIX = "/admin/v1";

/** Registers the admin API (bearer `deps.adminToken`) and its docs at `/docs`. */
export function registerAdminRoutes(app: FastifyInstance, deps: AdminDeps): void {
  app.register(
    async (scope) => {
      // Before authentication: a preflight carries no token and is answered by the policy.
      await deps.cors?.(scope);
      scope.setErrorHandler<FastifyError>((error, request, reply) => {
        const mapped = adminErrorFromThrown(error);
        if (mapped.code === "internal_error")
          request.log.error({ err: error }, "admin API failure");
        return sendAdminError(reply, mapped);
      });
      scope.setNotFoundHandler((request, reply) => {
        if (!isAuthorized(request, deps.adminToken)) return unauthorized(reply);
        const detail = `no route ${request.method} ${request.url.split("?")[0]}`;
        return sendAdminError(reply, adminError("admin_not_found", detail));
      });
      scope.addHook("onRequest", async (request, reply) => {
        const failures = deps.authFailures;
        const client = failures?.clientOf(request.raw) ?? "";
        const blocked = failures?.limiter.blockedMs(client, deps.now()) ?? 0;
        if (blocked > 0) return rateLimited(reply, blocked);
        if (isAuthorized(request, deps.adminToken)) return;
        failures?.limiter.failed(client, deps.now());
        return unauthorized(reply);
      });
      // Bodies are walked and stored as JSON again: one nested too deep would overflow the stack.
      const maxDepth = deps.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH;
      scope.addHook("preValidation", async (request, reply) => {
        if (!nestsDeeperThan(request.body, maxDepth)) return;
        const detail = `body nests deeper than ${maxDepth} levels`;
        return sendAdminError(reply, adminError("admin_invalid_request", detail));
      });
      registerAgentRoutes(scope, deps);
      registerConnectorRoutes(scope, deps);
      registerOfflineRoutes(scope, deps);
      registerFileLimitRoutes(scope, deps);
      registerContextKeyRoutes(scope, deps);
      registerApiKeyRoutes(scope, deps);
      registerSessionRoutes(scope, deps);
      registerRatingRoutes(scope, deps);
      registerQueueRoutes(scope, deps);
      registerDeskUserRoutes(scope, deps);
      registerSavedReplyRoutes(scope, deps);
    },
    { prefix: ADMIN_PREFIX },
  );
  registerDocsRoutes(app);
}

/** True when the request carries `Authorization: Bearer <admin token>` (constant-time compare). */
function isAuthorized(request: FastifyRequest, adminToken: string): boolean {
  const token = bearerToken(request.headers.authorization);
  if (token === undefined || adminToken === "") return false;
  return constantTimeEqual(token, adminToken);
}

function unauthorized(reply: FastifyReply): FastifyReply {
  return sendAdminError(reply, adminError("admin_unauthorized"));
}

function rateLimited(reply: FastifyReply, waitMs: number): FastifyReply {
  reply.header("Retry-After", String(Math.max(1, Math.ceil(waitMs / 1000))));
  return sendAdminError(reply, adminError("rate_limited"));
}
