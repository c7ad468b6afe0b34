// `GET|POST /api/v1/sessions/{session_id}/rating`: the visitor's satisfaction rating, by the session's token.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { checkRating, ratingJson, type SessionRecord } from "../core/index.js";
import { isPlainObject, type RatingStateJson } from "../protocol/index.js";
import { bearerSession } from "./bearer-access.js";
import type { GatewayDeps } from "./deps.js";
import { fail, type HttpResult, sendResult } from "./http-failure.js";
import type { PublicRequestLimits } from "./request-limits.js";

/** A score and a comment of at most 1000 characters (4 bytes each at worst), with room for JSON. */
const BODY_LIMIT_BYTES = 8 * 1024;

type Params = { Params: { session_id: string } };

type RatingState = RatingStateJson;

/** Registers both routes in the public API's scope. */
export function registerRatingRoute(
  app: FastifyInstance,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): void {
  app.get<Params>("/sessions/:session_id/rating", async (request, reply) => {
    const session = await bearerSession(request, deps, limits, "rating_session_not_found");
    if (!session.ok) return sendResult(reply, session);
    return sendResult(reply, { ok: true, body: await stateOf(deps, session.body) });
  });
  app.post<Params>(
    "/sessions/:session_id/rating",
    { bodyLimit: BODY_LIMIT_BYTES },
    async (request, reply) => {
      const session = await bearerSession(request, deps, limits, "rating_session_not_found");
      if (!session.ok) return sendResult(reply, session);
      const result = await rate(request, deps, session.body);
      if (!result.ok) return sendResult(reply, result);
      return reply.status(201).send(result.body);
    },
  );
}

async function stateOf(deps: GatewayDeps, session: SessionRecord): Promise<RatingState> {
  const question = (await deps.store.getConnector(session.connectorId))?.rating ?? null;
  const rating = await deps.store.getSessionRating(session.id);
  return {
    question,
    can_rate: question !== null && session.state === "ended",
    rating: rating ? ratingJson(rating) : null,
  };
}

async function rate(
  request: FastifyRequest<Params>,
  deps: GatewayDeps,
  session: SessionRecord,
): Promise<HttpResult<RatingState>> {
  const question = (await deps.store.getConnector(session.connectorId))?.rating;
  if (question === undefined) return fail("rating_not_offered");
  if (session.state !== "ended") return fail("rating_session_active");
  let body: unknown;
  try {
    body = JSON.parse(typeof request.body === "string" ? request.body : "");
  } catch {
    return fail("request_parse_error");
  }
  if (!isPlainObject(body)) return invalid("the body must be a JSON object");
  const checked = checkRating(question, body);
  if (!checked.ok)
    return checked.code === "rating_invalid" ? invalid(checked.detail) : fail(checked.code);
  const stored = await deps.store.rateSession({
    sessionId: session.id,
    connectorId: session.connectorId,
    scale: question.scale,
    score: checked.score,
    comment: checked.comment,
    ratedAt: deps.clock.now(),
  });
  // Erased meanwhile: the rating went nowhere.
  if (!stored) return fail("rating_session_not_found");
  return { ok: true, body: await stateOf(deps, session) };
}

function invalid<T>(detail: string): HttpResult<T> {
  return { ok: false, failure: { code: "rating_invalid", params: { detail } } };
}
