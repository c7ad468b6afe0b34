// The session-ratings port: the visitor's satisfaction rating of an ended conversation.
import type { RatingScale, SessionRating } from "../records.js";

/** What listing ratings may narrow to; newest first, keyset-paged. */
export interface RatingFilter {
  connectorId?: string;
  /** `"1"`–`"5"`, `"up"` or `"down"`. */
  score?: string;
  /** Rated at or after (ms). */
  ratedAfter?: number;
  /** Rated before (ms). */
  ratedBefore?: number;
  /** The last rating of the previous page (`ratedAt`, `sessionId`). */
  after?: { ratedAt: number; sessionId: string };
  /** 1–500, default 50. */
  limit?: number;
}

/** How many ratings one connector got with one score. */
export interface RatingCount {
  connectorId: string;
  scale: RatingScale;
  score: string;
  count: number;
}

/**
 * Ratings, one per session: a later rating replaces the earlier (the visitor corrected it).
 * Contract (the suite in `test/support/store-contract/rating-cases.ts` checks it):
 * - `rateSession` resolves once committed, visible to every process; it stores nothing and
 *   answers false when the session does not exist (erased sessions cannot be rated).
 * - A rating is erased with its session (erase and retention purge alike).
 * - Lists are newest first (`ratedAt`, then session id, descending).
 */
export interface SessionRatings {
  rateSession(rating: SessionRating): Promise<boolean>;
  getSessionRating(sessionId: string): Promise<SessionRating | undefined>;
  listSessionRatings(filter: RatingFilter): Promise<SessionRating[]>;
  /** Every (connector, scale, score) with its count, for metrics. */
  countSessionRatings(): Promise<RatingCount[]>;
}
