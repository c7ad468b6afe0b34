// Conversation ratings: one query layer for both SQL dialects.
import { sql } from "kysely";
import type {
  RatingCount,
  RatingFilter,
  SessionRatings,
} from "../../core/ports/session-ratings.js";
import type { RatingScale, SessionRating } from "../../core/records.js";
import { toRating } from "./conversions.js";
import { DeskQueries } from "./desk-queries.js";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** Ratings hang off their session (`ON DELETE CASCADE`), so erasure takes them along. */
export abstract class RatingQueries extends DeskQueries implements SessionRatings {
  async rateSession(r: SessionRating): Promise<boolean> {
    // Inserted from the session row, so a session that is gone (erased) gets no rating; the
    // casts let PostgreSQL type the selected parameters like the columns.
    const query = sql`
      INSERT INTO session_ratings (session_id, connector_id, scale, score, comment, rated_at)
      SELECT id, CAST(${r.connectorId} AS TEXT), CAST(${r.scale} AS TEXT),
        CAST(${r.score} AS TEXT), CAST(${r.comment} AS TEXT), CAST(${r.ratedAt} AS BIGINT)
      FROM sessions WHERE id = ${r.sessionId}
      ON CONFLICT (session_id) DO UPDATE SET connector_id = excluded.connector_id,
        scale = excluded.scale, score = excluded.score, comment = excluded.comment,
        rated_at = excluded.rated_at`;
    try {
      return (await this.change(query.compile(this.q))) > 0;
    } catch (error) {
      // Erased between the read of the session and the insert (PostgreSQL's foreign key).
      if ((error as { code?: unknown }).code === "23503") return false;
      throw error;
    }
  }

  async getSessionRating(sessionId: string): Promise<SessionRating | undefined> {
    const row = await this.first(
      this.q
        .selectFrom("session_ratings")
        .selectAll()
        .where("session_id", "=", sessionId)
        .compile(),
    );
    return row === undefined ? undefined : toRating(row);
  }

  async listSessionRatings(filter: RatingFilter): Promise<SessionRating[]> {
    let query = this.q.selectFrom("session_ratings").selectAll();
    if (filter.connectorId !== undefined)
      query = query.where("connector_id", "=", filter.connectorId);
    if (filter.score !== undefined) query = query.where("score", "=", filter.score);
    if (filter.ratedAfter !== undefined) query = query.where("rated_at", ">=", filter.ratedAfter);
    if (filter.ratedBefore !== undefined) query = query.where("rated_at", "<", filter.ratedBefore);
    const after = filter.after;
    if (after !== undefined) {
      query = query.where((eb) =>
        eb.or([
          eb("rated_at", "<", after.ratedAt),
          eb.and([eb("rated_at", "=", after.ratedAt), eb("session_id", "<", after.sessionId)]),
        ]),
      );
    }
    const limit = clamp(filter.limit, DEFAULT_LIMIT, MAX_LIMIT);
    const page = query.orderBy("rated_at", "desc").orderBy("session_id", "desc").limit(limit);
    return (await this.records.read(page.compile())).map(toRating);
  }

  async countSessionRatings(): Promise<RatingCount[]> {
    const query = this.q
      .selectFrom("session_ratings")
      .select((eb) => ["connector_id", "scale", "score", eb.fn.countAll<number>().as("count")])
      .groupBy(["connector_id", "scale", "score"])
      .orderBy("connector_id")
      .orderBy("score");
    return (await this.records.read(query.compile())).map((row) => ({
      connectorId: row.connector_id,
      scale: row.scale as RatingScale,
      score: row.score,
      count: Number(row.count),
    }));
  }
}

/** A page size within bounds; the default when absent or not a number. */
export function clamp(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined || !Number.isFinite(limit)) return fallback;
  return Math.min(Math.max(Math.trunc(limit), 1), max);
}
