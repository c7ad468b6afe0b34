// The conversation's satisfaction rating over HTTP, authorised by the session's access token.
import type { RatingBodyJson, RatingStateJson } from "../protocol/index.js";
import { getJson, joinUrl, postJson, type Result } from "./http.js";
import type { FetchLike } from "./types.js";

/** Where the rating of one session lives, and with which token. */
export interface RatingTarget {
  fetch: FetchLike;
  baseUrl: string;
  sessionId: string;
  accessToken: string;
}

function url(target: RatingTarget): string {
  return joinUrl(target.baseUrl, `/api/v1/sessions/${encodeURIComponent(target.sessionId)}/rating`);
}

/** The question, whether it can be answered now, and the answer so far. */
export async function fetchRating(target: RatingTarget): Promise<Result<RatingStateJson>> {
  const answer = await getJson(target.fetch, url(target), {
    Authorization: `Bearer ${target.accessToken}`,
  });
  return answer as Result<RatingStateJson>;
}

/** Stores the visitor's answer (a later one replaces it); the new state, or the refusal. */
export async function submitRating(
  target: RatingTarget,
  body: RatingBodyJson,
): Promise<Result<RatingStateJson>> {
  const answer = await postJson(
    target.fetch,
    url(target),
    { Authorization: `Bearer ${target.accessToken}` },
    body,
  );
  return answer as Result<RatingStateJson>;
}
