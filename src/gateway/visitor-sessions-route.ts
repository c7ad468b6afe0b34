// A returning visitor's earlier conversations: `POST /api/v1/visitor-sessions` and a token to reopen one.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { isPlainObject, MAX_VISITOR_SESSIONS, type VisitorSessionJson } from "../protocol/index.js";
import { bearerClaims } from "./bearer-access.js";
import type { GatewayDeps } from "./deps.js";
import { fail, type HttpResult, sendResult } from "./http-failure.js";
import type { PublicRequestLimits } from "./request-limits.js";
import { parseVisitorId } from "./session-request.js";

const DEFAULT_LIMIT = 5;

/** Registers the visitor-sessions routes (in the public API's scope, with its CORS and limits). */
export function registerVisitorSessionRoutes(
  app: FastifyInstance,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): void {
  app.post("/visitor-sessions", async (request, reply) =>
    sendResult(reply, await listSessions(request, deps, limits)),
  );
  app.post<{ Params: { session_id: string } }>(
    "/visitor-sessions/:session_id/access-token",
    async (request, reply) =>
      sendResult(reply, await reopenToken(request, request.params.session_id, deps, limits)),
  );
}

interface Caller {
  connectorId: string;
  visitorId: string;
  body: Record<string, unknown>;
}

// The access token's connector and the body's visitor id, or why not.
async function caller(
  request: FastifyRequest,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): Promise<HttpResult<Caller>> {
  const claims = await bearerClaims(request, deps, limits);
  if (!claims.ok) return claims;
  let body: unknown;
  try {
    body = JSON.parse(typeof request.body === "string" ? request.body : "");
  } catch {
    return fail("request_parse_error");
  }
  if (!isPlainObject(body)) return fail("request_parse_error");
  const visitorId = parseVisitorId(body.visitor_id);
  if (!visitorId) return fail("request_parse_error");
  return { ok: true, body: { connectorId: claims.body.connectorId, visitorId, body } };
}

async function listSessions(
  request: FastifyRequest,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): Promise<HttpResult<{ sessions: VisitorSessionJson[] }>> {
  const who = await caller(request, deps, limits);
  if (!who.ok) return who;
  const { connectorId, visitorId, body } = who.body;
  const limit = body.limit ?? DEFAULT_LIMIT;
  if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1) {
    return fail("request_parse_error");
  }
  const sessions = await deps.hub.history.list(
    connectorId,
    visitorId,
    Math.min(limit, MAX_VISITOR_SESSIONS),
  );
  return { ok: true, body: { sessions } };
}

async function reopenToken(
  request: FastifyRequest,
  sessionId: string,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): Promise<HttpResult<{ access_token: string; expires_in: number; token_type: "Bearer" }>> {
  const who = await caller(request, deps, limits);
  if (!who.ok) return who;
  const { connectorId, visitorId } = who.body;
  const session = await deps.hub.history.find(connectorId, visitorId, sessionId);
  if (!session) return fail("visitor_session_not_found");
  try {
    // The session's own subject: the reopened conversation accepts it like its first token.
    const minted = await deps.tokens.mint({ connectorId, subject: session.subject });
    return {
      ok: true,
      body: { access_token: minted.token, expires_in: minted.expiresIn, token_type: "Bearer" },
    };
  } catch {
    return fail("access_token_failed");
  }
}
