// The public HTTP handshake: `POST /api/v1/access-token` and `POST /api/v1/sessions` (and the routes beside them).
import cors from "@fastify/cors";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { hashToken, hostMatches, originMatches } from "../auth/index.js";
import { registerContextRoute } from "./context-route.js";
import type { GatewayDeps } from "./deps.js";
import { registerFileRoute } from "./file-route.js";
import { fail, type HttpResult, sendResult } from "./http-failure.js";
import { registerOfflineRoute } from "./offline-route.js";
import { registerRatingRoute } from "./rating-route.js";
import { PublicRequestLimits } from "./request-limits.js";
import { parseSessionRequest } from "./session-request.js";
import { registerVisitorSessionRoutes } from "./visitor-sessions-route.js";

const REFRESH_GRACE_SECONDS = 7 * 86_400;
const ALLOWED_HEADERS = [
  "Content-Type",
  "X-Token",
  "X-Host",
  "Authorization",
  "X-Polyai-Correlation-Id",
];

interface TokenBody {
  access_token: string;
  expires_in: number;
  token_type: "Bearer";
}

/**
 * Registers the public API routes with their CORS, body parsing and error mapping, in a scope
 * under `/api/v1` so its any-origin CORS (preflights included) stays on these routes.
 */
export async function registerPublicApi(app: FastifyInstance, deps: GatewayDeps): Promise<void> {
  const limits = new PublicRequestLimits(deps);

  await app.register(cors, {
    origin: true,
    methods: ["GET", "POST", "OPTIONS"],
    allowedHeaders: ALLOWED_HEADERS,
    exposedHeaders: ["Retry-After"],
    maxAge: 600,
  });
  // Bodies are read as text: the access-token body is ignored and the sessions body
  // must answer "Error parsing request" itself, whatever the content type says.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => done(null, body));
  // Framework failures (body too large, unreadable body) and bugs end up here.
  app.setErrorHandler((error, request, reply) => {
    if (hasStatus(error, 413)) return sendResult(reply, fail("payload_too_large"));
    if (hasStatus(error, 415) || hasStatus(error, 400)) {
      return sendResult(reply, fail("request_parse_error"));
    }
    request.log.error({ err: error }, "public API failure");
    const sessions = request.url.startsWith("/api/v1/sessions");
    return sendResult(reply, fail(sessions ? "session_create_failed" : "access_token_failed"));
  });

  app.post("/access-token", async (request, reply) =>
    sendResult(reply, await issueAccessToken(request, deps, limits)),
  );
  app.post("/sessions", async (request, reply) =>
    sendResult(reply, await createSession(request, deps, limits)),
  );
  registerContextRoute(app, deps, limits);
  registerRatingRoute(app, deps, limits);
  registerVisitorSessionRoutes(app, deps, limits);
  registerOfflineRoute(app, deps, limits);
  if (deps.files) await registerFileRoute(app, deps, limits, deps.files);
}

async function issueAccessToken(
  request: FastifyRequest,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): Promise<HttpResult<TokenBody>> {
  const connectorToken = header(request, "x-token");
  const host = header(request, "x-host");
  if (!connectorToken || host === undefined) return fail("missing_auth_headers");
  const client = deps.guards.clientOf(request.raw);
  const own = limits.blocked(client) || (await limits.perClient(client));
  if (own > 0) return fail("rate_limited", own);
  const connector = await deps.store.getConnectorByTokenHash(hashToken(connectorToken));
  if (!connector) return failed(limits, client, "connector_token_unknown");
  const shared = await limits.perConnector(`token:${connector.id}`);
  if (shared > 0) return fail("rate_limited", shared);
  if (!connector.host) return fail("connector_missing_host");
  const origin = header(request, "origin");
  const hostOk = hostMatches(connector.host, host);
  if (!hostOk || (origin !== undefined && !originMatches(connector.host, origin))) {
    return failed(limits, client, "connector_validation_failed");
  }
  const subject = await refreshedSubject(request, connector.id, deps);
  if (subject === null) return failed(limits, client, "invalid_access_token");
  try {
    const minted = await deps.tokens.mint({ connectorId: connector.id, subject });
    return {
      ok: true,
      body: { access_token: minted.token, expires_in: minted.expiresIn, token_type: "Bearer" },
    };
  } catch {
    return fail("access_token_failed");
  }
}

async function createSession(
  request: FastifyRequest,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): Promise<HttpResult<{ session_id: string }>> {
  const authorization = header(request, "authorization");
  if (authorization === undefined) return fail("missing_access_token");
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer?.[1]) return fail("missing_auth_headers");
  const client = deps.guards.clientOf(request.raw);
  const blocked = limits.blocked(client);
  if (blocked > 0) return fail("rate_limited", blocked);
  const verified = await deps.tokens.verify(bearer[1]);
  if (!verified.ok) return failed(limits, client, "invalid_access_token");
  const { connectorId, subject } = verified.claims;
  const body = parseSessionRequest(typeof request.body === "string" ? request.body : "");
  if (!body) return fail("request_parse_error");
  const retryAfter =
    (await limits.perClient(client)) || (await limits.perConnector(`session:${connectorId}`));
  if (retryAfter > 0) return fail("rate_limited", retryAfter);
  const connector = await deps.store.getConnector(connectorId);
  if (!connector) return fail("invalid_access_token");
  try {
    const session = await deps.hub.createSession({
      connectorId,
      subject,
      subjectExpiresAt: verified.claims.expiresAt,
      ...body,
      userAgent: header(request, "user-agent")?.slice(0, 512) ?? null,
      chunkJoin: connector.chunkJoin,
    });
    return { ok: true, body: { session_id: session.id } };
  } catch {
    return fail("session_create_failed");
  }
}

/**
 * The subject for a new token: fresh, or the previous token's (expired at most 7 days ago), so
 * its sessions resume. Null when a previous token is offered but not valid for this connector.
 */
async function refreshedSubject(
  request: FastifyRequest,
  connectorId: string,
  deps: GatewayDeps,
): Promise<string | null> {
  const authorization = header(request, "authorization");
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer?.[1]) return crypto.randomUUID();
  const previous = await deps.tokens.verify(bearer[1], {
    maxExpiredSeconds: REFRESH_GRACE_SECONDS,
  });
  return previous.ok && previous.claims.connectorId === connectorId
    ? previous.claims.subject
    : null;
}

/** A failed credential: counted against the client, then answered. */
function failed<T>(
  limits: PublicRequestLimits,
  client: string,
  code: "connector_token_unknown" | "connector_validation_failed" | "invalid_access_token",
): HttpResult<T> {
  limits.failed(client);
  return fail(code);
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function hasStatus(error: unknown, status: number): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { statusCode?: unknown }).statusCode === status
  );
}
