// The inbox's query string, checked: filters, the search words and the page cursor.
import { decodePageCursor, type InboxFilter, ratingScores, searchTerms } from "../core/index.js";

const KEYS = ["q", "queue", "agent", "ended_after", "ended_before", "rating", "limit", "cursor"];
const MAX_LIMIT = 100;
const RATINGS = [...ratingScores({ scale: "five" }), ...ratingScores({ scale: "thumbs" }), "none"];

/** The filter without its scope (the caller's), or every problem found. */
export function parseInboxQuery(
  query: Record<string, unknown>,
): { ok: true; filter: Omit<InboxFilter, "scope"> } | { ok: false; detail: string } {
  const problems = Object.keys(query)
    .filter((key) => !KEYS.includes(key))
    .map((key) => `${key}: unknown query parameter`);
  const text = (key: string): string | undefined => {
    const value = query[key];
    if (value === undefined) return undefined;
    if (typeof value === "string") return value;
    problems.push(`${key}: give it once`);
    return undefined;
  };
  const filter: Omit<InboxFilter, "scope"> = {};
  const q = text("q");
  if (q !== undefined && q.trim() !== "") {
    const terms = searchTerms(q);
    if (terms.ok) filter.terms = terms.terms;
    else problems.push(terms.detail);
  }
  const queue = text("queue");
  if (queue) filter.queue = queue;
  const agent = text("agent");
  if (agent) filter.agentId = agent;
  for (const [key, field] of [
    ["ended_after", "endedAfter"],
    ["ended_before", "endedBefore"],
  ] as const) {
    const raw = text(key);
    if (raw === undefined || raw === "") continue;
    const ms = timeOf(raw);
    if (ms === null)
      problems.push(`${key}: must be an ISO 8601 date or time, or epoch milliseconds`);
    else filter[field] = ms;
  }
  const rating = text("rating");
  if (rating) {
    if (RATINGS.includes(rating)) filter.rating = rating;
    else problems.push("rating: must be 1 to 5, up, down or none");
  }
  const limit = text("limit");
  if (limit !== undefined) {
    const n = Number(limit);
    if (Number.isInteger(n) && n >= 1 && n <= MAX_LIMIT) filter.limit = n;
    else problems.push(`limit: must be a whole number from 1 to ${MAX_LIMIT}`);
  }
  const cursor = text("cursor");
  if (cursor) {
    const position = decodePageCursor(cursor);
    if (position === null) problems.push("cursor: not a cursor this API gave (use next_cursor)");
    else filter.after = { endedAt: position.at, sessionId: position.id };
  }
  return problems.length > 0 ? { ok: false, detail: problems.join("; ") } : { ok: true, filter };
}

/** Milliseconds from epoch digits or an ISO 8601 date (a bare date is midnight UTC). */
function timeOf(raw: string): number | null {
  if (/^\d{1,15}$/.test(raw)) return Number(raw);
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw)) return null;
  const ms = Date.parse(raw);
  return Number.isNaN(ms) ? null : ms;
}
