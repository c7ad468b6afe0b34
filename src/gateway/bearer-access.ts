// `Authorization: Bearer <access token>` on the public API's session routes: verified once, the same way everywhere.
import type { FastifyRequest } from "fastify";
import type { AccessTokenClaims } from "../auth/index.js";
import type { SessionRecord } from "../core/index.js";
import type { HttpErrorCode } from "../protocol/index.js";
import type { GatewayDeps } from "./deps.js";
import { fail, type HttpResult } from "./http-failure.js";
import type { PublicRequestLimits } from "./request-limits.js";
import { decideBinding } from "./session-binding.js";

/**
 * The claims of the request's bearer token. A client locked out by failed tokens is refused
 * before the check; a bad token counts as a failure; the per-client rate applies after it.
 */
export async function bearerClaims(
  request: FastifyRequest,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): Promise<HttpResult<AccessTokenClaims>> {
  const authorization = request.headers.authorization;
  if (typeof authorization !== "string") return fail("missing_access_token");
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer?.[1]) return fail("missing_auth_headers");
  const client = deps.guards.clientOf(request.raw);
  const blocked = limits.blocked(client);
  if (blocked > 0) return fail("rate_limited", blocked);
  const verified = await deps.tokens.verify(bearer[1]);
  if (!verified.ok) {
    limits.failed(client);
    return fail("invalid_access_token");
  }
  const retryAfter = await limits.perClient(client);
  if (retryAfter > 0) return fail("rate_limited", retryAfter);
  return { ok: true, body: verified.claims };
}

/**
 * The session of the route's `session_id` when the bearer token may act for it (the session's
 * own binding rule); `notFound` otherwise, so a token learns nothing about other sessions.
 */
export async function bearerSession(
  request: FastifyRequest<{ Params: { session_id: string } }>,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
  notFound: HttpErrorCode,
): Promise<HttpResult<SessionRecord>> {
  const claims = await bearerClaims(request, deps, limits);
  if (!claims.ok) return claims;
  const session = await deps.hub.getSession(request.params.session_id);
  if (!session || !decideBinding(session, claims.body, deps.clock.now()).ok) return fail(notFound);
  return { ok: true, body: session };
}
