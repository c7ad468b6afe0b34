// The rating endpoint's JSON (`/api/v1/sessions/{session_id}/rating`), shared by the server, SDK and widget.

/** `five`: a score from 1 to 5; `thumbs`: up or down. */
export type RatingScaleJson = "five" | "thumbs";

/** A stored rating. `score` is `"1"`–`"5"` or `"up"`/`"down"`. */
export interface RatingJson {
  session_id: string;
  connector_id: string;
  scale: RatingScaleJson;
  score: string;
  comment: string | null;
  rated_at: string;
}

/** What GET answers (and POST, after storing): the question, whether it may be answered, the answer. */
export interface RatingStateJson {
  /** null: this conversation has no rating question. */
  question: { scale: RatingScaleJson; comment: boolean } | null;
  /** The question is set and the conversation has ended. */
  can_rate: boolean;
  rating: RatingJson | null;
}

/** What POST takes: a whole number 1–5 on the five scale, `"up"`/`"down"` on thumbs. */
export interface RatingBodyJson {
  score: number | "up" | "down";
  comment?: string | null;
}

/** Most characters a rating comment may have. */
export const MAX_RATING_COMMENT_CHARS = 1000;
