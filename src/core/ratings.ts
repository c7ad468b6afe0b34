// Checking a visitor's rating against the connector's question: score, comment, limits.
import { MAX_RATING_COMMENT_CHARS, type RatingJson } from "../protocol/index.js";
import type { RatingSetting, SessionRating } from "./records.js";

export { MAX_RATING_COMMENT_CHARS };

/** Why a rating was not taken. */
export type RatingProblem =
  | { code: "rating_not_offered" }
  | { code: "rating_invalid"; detail: string };

/** The scores a scale allows, as stored. */
export function ratingScores(setting: Pick<RatingSetting, "scale">): readonly string[] {
  return setting.scale === "five" ? ["1", "2", "3", "4", "5"] : ["up", "down"];
}

/**
 * The stored score and comment for a submitted `{score, comment?}`, or why not: `score` is
 * 1–5 (a number) on the five scale, `"up"`/`"down"` on thumbs; `comment` only when the
 * question allows one, trimmed, at most `MAX_RATING_COMMENT_CHARS`, empty meaning none.
 */
export function checkRating(
  setting: RatingSetting | undefined,
  body: Record<string, unknown>,
): { ok: true; score: string; comment: string | null } | ({ ok: false } & RatingProblem) {
  if (setting === undefined) return { ok: false, code: "rating_not_offered" };
  const unknown = Object.keys(body).filter((key) => key !== "score" && key !== "comment");
  if (unknown.length > 0)
    return invalid(`unknown field ${unknown[0]} (expected score and comment)`);
  const score = scoreOf(setting, body.score);
  if (score === null)
    return invalid(
      setting.scale === "five"
        ? "score must be a whole number from 1 to 5"
        : 'score must be "up" or "down"',
    );
  const raw = body.comment ?? null;
  if (raw !== null && typeof raw !== "string") return invalid("comment must be a string or null");
  const comment = raw === null ? null : raw.trim();
  if (comment !== null && comment !== "" && !setting.comment)
    return invalid("this conversation's rating takes no comment");
  if (comment !== null && [...comment].length > MAX_RATING_COMMENT_CHARS)
    return invalid(`comment must be at most ${MAX_RATING_COMMENT_CHARS} characters`);
  return { ok: true, score, comment: comment === "" ? null : comment };
}

function scoreOf(setting: RatingSetting, value: unknown): string | null {
  if (setting.scale === "five") {
    return typeof value === "number" && Number.isInteger(value) && value >= 1 && value <= 5
      ? String(value)
      : null;
  }
  return value === "up" || value === "down" ? value : null;
}

function invalid(detail: string): { ok: false; code: "rating_invalid"; detail: string } {
  return { ok: false, code: "rating_invalid", detail };
}

/** The rating as APIs show it (admin, desk, public). */
export function ratingJson(rating: SessionRating): RatingJson {
  return {
    session_id: rating.sessionId,
    connector_id: rating.connectorId,
    scale: rating.scale,
    score: rating.score,
    comment: rating.comment,
    rated_at: new Date(rating.ratedAt).toISOString(),
  };
}
