// `GET /admin/v1/ratings`: conversation ratings, newest first, filtered, cursor-paged.
import type { FastifyInstance } from "fastify";
import {
  decodePageCursor,
  encodePageCursor,
  type RatingFilter,
  ratingJson,
} from "../core/index.js";
import { type AdminResult, invalid, respond, success } from "./admin-error.js";
import { ListQuery } from "./list-query.js";
import type { AdminDeps } from "./service-deps.js";

const QUERY_KEYS = ["connector_id", "score", "rated_after", "rated_before", "limit", "cursor"];
const MAX_LIMIT = 500;
const SCORES = ["1", "2", "3", "4", "5", "up", "down"];

/** Registers the route on an admin scope (prefix `/admin/v1`). */
export function registerRatingRoutes(scope: FastifyInstance, deps: AdminDeps): void {
  scope.get("/ratings", async (request, reply) => {
    const filter = parseRatingQuery((request.query ?? {}) as Record<string, unknown>);
    if (!filter.ok) return respond(reply, filter, 200, () => null);
    const limit = filter.value.limit ?? 50;
    const ratings = await deps.store.listSessionRatings({ ...filter.value, limit });
    const last = ratings.at(-1);
    return {
      ratings: ratings.map(ratingJson),
      next_cursor:
        ratings.length === limit && last
          ? encodePageCursor({ at: last.ratedAt, id: last.sessionId })
          : null,
    };
  });
}

/** `connector_id`, `score`, `rated_after|before`, `limit`, `cursor` (from `next_cursor`). */
export function parseRatingQuery(query: Record<string, unknown>): AdminResult<RatingFilter> {
  const read = new ListQuery(query, QUERY_KEYS);
  const filter: RatingFilter = {};
  const connectorId = read.text("connector_id");
  if (connectorId) filter.connectorId = connectorId;
  const score = read.text("score");
  if (score !== undefined) {
    if (SCORES.includes(score)) filter.score = score;
    else read.problems.push("score: must be 1 to 5, up or down");
  }
  const ratedAfter = read.time("rated_after");
  if (ratedAfter !== undefined) filter.ratedAfter = ratedAfter;
  const ratedBefore = read.time("rated_before");
  if (ratedBefore !== undefined) filter.ratedBefore = ratedBefore;
  const limit = read.limit(MAX_LIMIT);
  if (limit !== undefined) filter.limit = limit;
  const cursor = read.text("cursor");
  if (cursor !== undefined) {
    const position = decodePageCursor(cursor);
    if (position === null)
      read.problems.push("cursor: not a cursor this API gave (use next_cursor)");
    else filter.after = { ratedAt: position.at, sessionId: position.id };
  }
  return read.problems.length > 0 ? invalid(read.problems) : success(filter);
}
