// Turning what a desk user typed into the search box into the words the inbox matches.

/** Longest search query accepted, in characters. */
export const MAX_SEARCH_QUERY_CHARS = 200;
/** Most words one query may hold. */
export const MAX_SEARCH_TERMS = 8;
/** Longest single word kept (longer ones are cut: no message word is that long anyway). */
const MAX_TERM_CHARS = 64;

/**
 * The words of `query` (letters, digits and marks of any script), lower-cased, unique, in
 * order; or why the query is refused. Punctuation separates words and carries no syntax, so
 * nothing a user types reaches a full-text engine's query language.
 */
export function searchTerms(
  query: string,
): { ok: true; terms: string[] } | { ok: false; detail: string } {
  if ([...query].length > MAX_SEARCH_QUERY_CHARS)
    return { ok: false, detail: `q must be at most ${MAX_SEARCH_QUERY_CHARS} characters` };
  const words = query.toLowerCase().match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  const terms = [...new Set(words.map((w) => [...w].slice(0, MAX_TERM_CHARS).join("")))];
  if (terms.length === 0) return { ok: false, detail: "q must contain a letter or digit" };
  if (terms.length > MAX_SEARCH_TERMS)
    return { ok: false, detail: `q may hold at most ${MAX_SEARCH_TERMS} words` };
  return { ok: true, terms };
}
