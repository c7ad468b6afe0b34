// `POST /api/v1/sessions/{session_id}/offline-message`: what a visitor leaves when nobody can take the chat.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { OfflineInputProblem } from "../core/index.js";
import { httpErrorBody, httpStatus, protocolError } from "../protocol/index.js";
import type { GatewayDeps } from "./deps.js";
import { fail, sendResult } from "./http-failure.js";
import type { PublicRequestLimits } from "./request-limits.js";
import { decideBinding } from "./session-binding.js";

/** An email, a name and a 4000-character message fit well inside this (JSON escapes included). */
const BODY_LIMIT_BYTES = 32 * 1024;

type Params = { Params: { session_id: string } };

/** Registers the route in the public API's scope. */
export function registerOfflineRoute(
  app: FastifyInstance,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): void {
  app.post<Params>(
    "/sessions/:session_id/offline-message",
    { bodyLimit: BODY_LIMIT_BYTES },
    (request, reply) => leaveMessage(request, reply, deps, limits),
  );
}

async function leaveMessage(
  request: FastifyRequest<Params>,
  reply: FastifyReply,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): Promise<FastifyReply> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) return sendResult(reply, fail("missing_access_token"));
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer?.[1]) return sendResult(reply, fail("missing_auth_headers"));
  const client = deps.guards.clientOf(request.raw);
  const blocked = limits.blocked(client);
  if (blocked > 0) return sendResult(reply, fail("rate_limited", blocked));
  const verified = await deps.tokens.verify(bearer[1]);
  if (!verified.ok) {
    limits.failed(client);
    return sendResult(reply, fail("invalid_access_token"));
  }
  const retryAfter = await limits.perClient(client);
  if (retryAfter > 0) return sendResult(reply, fail("rate_limited", retryAfter));
  let body: unknown;
  try {
    body = JSON.parse(typeof request.body === "string" ? request.body : "");
  } catch {
    return sendResult(reply, fail("request_parse_error"));
  }
  const sessionId = request.params.session_id;
  const session = await deps.hub.getSession(sessionId);
  if (!session || !decideBinding(session, verified.claims, deps.clock.now()).ok)
    return sendResult(reply, fail("offline_session_not_found"));
  const left = await deps.hub.offline.leave(sessionId, body);
  if (left.ok)
    return reply.status(201).send({ id: left.record.id, delivery: left.record.delivery });
  if (left.failure.code === "offline_invalid") return invalid(reply, left.failure.problems);
  return sendResult(reply, fail(left.failure.code));
}

// The registry's body plus the fields to fix, so a form can say which one.
function invalid(reply: FastifyReply, problems: OfflineInputProblem[]): FastifyReply {
  const error = protocolError("offline_invalid");
  return reply.status(httpStatus("offline_invalid")).send({ ...httpErrorBody(error), problems });
}
