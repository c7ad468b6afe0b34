// `GET /admin/v1/ratings`: conversation ratings, newest first, filtered, cursor-paged.
import type { FastifyInstance } from "fastify";
import {
  decodePageCursor,
  encodePageCursor,
  type RatingFilter,
  ratingJson,
} from "../core/index.js";
import { type AdminResult, invalid, respond, success } from "./admin-error.js";
import { parseTime } from "./fields.js";
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
  const problems = Object.keys(query)
    .filter((key) => !QUERY_KEYS.includes(key))
    .map((key) => `${key}: unknown query parameter`);
  const text = (key: string) =>
    typeof query[key] === "string" ? (query[key] as string) : undefined;
  const filter: RatingFilter = {};
  const connectorId = text("connector_id");
  if (connectorId) filter.connectorId = connectorId;
  const score = text("score");
  if (score !== undefined) {
    if (SCORES.includes(score)) filter.score = score;
    else problems.push("score: must be 1 to 5, up or down");
  }
  for (const [key, field] of [
    ["rated_after", "ratedAfter"],
    ["rated_before", "ratedBefore"],
  ] as const) {
    const raw = text(key);
    if (raw === undefined) continue;
    const ms = parseTime(raw);
    if (ms === null) problems.push(`${key}: must be an ISO 8601 time or epoch milliseconds`);
    else filter[field] = ms;
  }
  const limit = text("limit");
  if (limit !== undefined) {
    const n = Number(limit);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT) filter.limit = n;
    else problems.push(`limit: must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const cursor = text("cursor");
  if (cursor !== undefined) {
    const position = decodePageCursor(cursor);
    if (position === null) problems.push("cursor: not a cursor this API gave (use next_cursor)");
    else filter.after = { ratedAt: position.at, sessionId: position.id };
  }
  return problems.length > 0 ? invalid(problems) : success(filter);
}
