// `POST /api/v1/sessions/{session_id}/offline-message`: what a visitor leaves when nobody can take the chat.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { OfflineInputProblem } from "../core/index.js";
import { httpErrorBody, httpStatus, protocolError } from "../protocol/index.js";
import { bearerSession } from "./bearer-access.js";
import type { GatewayDeps } from "./deps.js";
import { fail, sendResult } from "./http-failure.js";
import type { PublicRequestLimits } from "./request-limits.js";

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
  const session = await bearerSession(request, deps, limits, "offline_session_not_found");
  if (!session.ok) return sendResult(reply, session);
  let body: unknown;
  try {
    body = JSON.parse(typeof request.body === "string" ? request.body : "");
  } catch {
    return sendResult(reply, fail("request_parse_error"));
  }
  const sessionId = session.body.id;
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
