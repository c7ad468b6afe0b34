// `POST /api/v1/sessions/{session_id}/context`: a signed context token for a session, verified and applied, failing open.
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  type ContextKeys,
  type ContextRejection,
  MAX_CONTEXT_TOKEN_BYTES,
  verifyContextToken,
} from "../auth/index.js";
import { isPlainObject } from "../protocol/index.js";
import { bearerSession } from "./bearer-access.js";
import type { GatewayDeps } from "./deps.js";
import { fail, type HttpResult, sendResult } from "./http-failure.js";
import type { PublicRequestLimits } from "./request-limits.js";

/** What the context route needs beyond the gateway's own parts. */
export interface ContextDeps {
  keys: ContextKeys;
  /** Allowed difference between the signer's clock and ours, in seconds. */
  skewSeconds: number;
  /** Counts each submission: `accepted` or the rejection reason. */
  observe(result: "accepted" | ContextRejection): void;
}

/** A body holds the token and a little JSON around it; anything bigger is not a context call. */
const BODY_LIMIT_BYTES = MAX_CONTEXT_TOKEN_BYTES * 2 + 1024;

type Params = { Params: { session_id: string } };

/** Registers the route in the public API's scope. */
export function registerContextRoute(
  app: FastifyInstance,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): void {
  const context = deps.context;
  if (!context) return;
  app.post<Params>(
    "/sessions/:session_id/context",
    { bodyLimit: BODY_LIMIT_BYTES },
    async (request, reply) => {
      const result = await submitContext(request, deps, context, limits);
      if (!result.ok) return sendResult(reply, result);
      return reply.status(202).send(result.body);
    },
  );
}

async function submitContext(
  request: FastifyRequest<Params>,
  deps: GatewayDeps,
  context: ContextDeps,
  limits: PublicRequestLimits,
): Promise<HttpResult<{ accepted: boolean }>> {
  const session = await bearerSession(request, deps, limits, "context_session_not_found");
  if (!session.ok) return session;
  const token = tokenOf(typeof request.body === "string" ? request.body : "");
  if (token === null) return fail("request_parse_error");
  const sessionId = session.body.id;
  const connectorId = session.body.connectorId;
  const outcome = await applyToken(sessionId, connectorId, token, deps, context);
  context.observe(outcome);
  if (outcome !== "accepted") {
    // The reason goes to the log and the metric only: the browser learns nothing about it.
    request.log.info({ sessionId, connectorId, reason: outcome }, "context token rejected");
  }
  return { ok: true, body: { accepted: outcome === "accepted" } };
}

/** Verifies the token against the session's context id and keys, and applies it. */
async function applyToken(
  sessionId: string,
  connectorId: string,
  token: string,
  deps: GatewayDeps,
  context: ContextDeps,
): Promise<"accepted" | ContextRejection> {
  const contextId = await deps.hub.contextIdOf(sessionId);
  if (contextId === undefined) return "session_ended";
  const verdict = await verifyContextToken(token, {
    contextId: contextId ?? "",
    secrets: await context.keys.verifying(connectorId),
    nowSeconds: Math.floor(deps.clock.now() / 1000),
    skewSeconds: context.skewSeconds,
  });
  if (!verdict.ok) return verdict.reason;
  return (await deps.hub.replaceVerifiedContext(sessionId, verdict.ctx))
    ? "accepted"
    : "session_ended";
}

/** The `token` of a `{"token": "…"}` body, or null when the body is not that. */
function tokenOf(body: string): string | null {
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return null;
  }
  if (!isPlainObject(raw) || typeof raw.token !== "string" || raw.token === "") return null;
  return raw.token;
}
