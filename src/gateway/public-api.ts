// The public HTTP handshake: `POST /api/v1/access-token` and `POST /api/v1/sessions`.
import cors from "@fastify/cors";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hashToken, hostMatches, originMatches } from "../auth/index.js";
import { RateLimiter } from "../core/index.js";
import { type HttpErrorCode, httpErrorBody, httpStatus, protocolError } from "../protocol/index.js";
import type { GatewayDeps } from "./deps.js";
import { retryAfterSeconds } from "./handshake-rejection.js";
import { parseSessionRequest } from "./session-request.js";

/** Thrown inside handlers to answer with a registry error; mapped in one place below. */
class HttpFailure extends Error {
  constructor(
    readonly code: HttpErrorCode,
    readonly retryAfter?: number,
  ) {
    super(code);
  }
}

const REFRESH_GRACE_SECONDS = 7 * 86_400;
const ALLOWED_HEADERS = [
  "Content-Type",
  "X-Token",
  "X-Host",
  "Authorization",
  "X-Polyai-Correlation-Id",
];

/** Registers the public API routes with their CORS, body parsing and error mapping. */
export async function registerPublicApi(app: FastifyInstance, deps: GatewayDeps): Promise<void> {
  const perMinute = deps.config.httpRequestsPerMinute;
  const limiter = new RateLimiter(perMinute / 60, Math.max(1, Math.ceil(perMinute / 6)));
  const limit = (key: string) => {
    const wait = limiter.take(key, deps.clock.now());
    if (wait > 0) throw new HttpFailure("rate_limited", retryAfterSeconds(wait));
  };

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
  app.setErrorHandler((error, request, reply) => sendFailure(error, request, reply));

  app.post("/api/v1/access-token", async (request, reply) => {
    const connectorToken = header(request, "x-token");
    const host = header(request, "x-host");
    if (!connectorToken || host === undefined) throw new HttpFailure("missing_auth_headers");
    const tokenHash = hashToken(connectorToken);
    limit(`token:${tokenHash}`);
    const connector = await deps.store.getConnectorByTokenHash(tokenHash);
    if (!connector) throw new HttpFailure("connector_token_unknown");
    if (!connector.host) throw new HttpFailure("connector_missing_host");
    const origin = header(request, "origin");
    const hostOk = hostMatches(connector.host, host);
    if (!hostOk || (origin !== undefined && !originMatches(connector.host, origin))) {
      throw new HttpFailure("connector_validation_failed");
    }
    const subject = await refreshedSubject(request, connector.id, deps);
    try {
      const minted = await deps.tokens.mint({ connectorId: connector.id, subject });
      return reply.send({
        access_token: minted.token,
        expires_in: minted.expiresIn,
        token_type: "Bearer",
      });
    } catch {
      throw new HttpFailure("access_token_failed");
    }
  });

  app.post("/api/v1/sessions", async (request, reply) => {
    const authorization = header(request, "authorization");
    if (authorization === undefined) throw new HttpFailure("missing_access_token");
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!bearer?.[1]) throw new HttpFailure("missing_auth_headers");
    const verified = await deps.tokens.verify(bearer[1]);
    if (!verified.ok) throw new HttpFailure("invalid_access_token");
    const { connectorId, subject } = verified.claims;
    const body = parseSessionRequest(typeof request.body === "string" ? request.body : "");
    if (!body) throw new HttpFailure("request_parse_error");
    limit(`connector:${connectorId}`);
    if (!(await deps.store.getConnector(connectorId)))
      throw new HttpFailure("invalid_access_token");
    try {
      const session = await deps.hub.createSession({
        connectorId,
        subject,
        ...body,
        userAgent: header(request, "user-agent")?.slice(0, 512) ?? null,
      });
      return reply.send({ session_id: session.id });
    } catch {
      throw new HttpFailure("session_create_failed");
    }
  });
}

// A previous token (expired at most 7 days ago) keeps its subject, so its sessions resume.
async function refreshedSubject(request: FastifyRequest, connectorId: string, deps: GatewayDeps) {
  const authorization = header(request, "authorization");
  const bearer = authorization && /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer?.[1]) return crypto.randomUUID();
  const previous = await deps.tokens.verify(bearer[1], {
    maxExpiredSeconds: REFRESH_GRACE_SECONDS,
  });
  if (!previous.ok || previous.claims.connectorId !== connectorId) {
    throw new HttpFailure("invalid_access_token");
  }
  return previous.claims.subject;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The one place public API failures become status, headers and `{message, code}`. */
function sendFailure(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  let failure: HttpFailure;
  if (error instanceof HttpFailure) failure = error;
  else if (hasStatus(error, 413)) failure = new HttpFailure("payload_too_large");
  else if (hasStatus(error, 415) || hasStatus(error, 400))
    failure = new HttpFailure("request_parse_error");
  else {
    request.log.error({ err: error }, "public API failure");
    failure = new HttpFailure(
      request.url.startsWith("/api/v1/sessions") ? "session_create_failed" : "access_token_failed",
    );
  }
  if (failure.retryAfter !== undefined) reply.header("Retry-After", String(failure.retryAfter));
  return reply.status(httpStatus(failure.code)).send(httpErrorBody(protocolError(failure.code)));
}

function hasStatus(error: unknown, status: number): boolean {
  return (
    typeof error === "object" &&
    error !== null &&
    (error as { statusCode?: unknown }).statusCode === status
  );
}
