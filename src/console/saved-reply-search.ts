// Finding a saved reply from what follows `/`, and filling its placeholders: plain logic, no DOM.
import type { SavedReplyJson } from "./types.js";

/**
 * How well `query` matches `target` as a subsequence (case-insensitive), or null when it does
 * not. Letters in a row and letters at word starts score more, so `/ref` finds `refund` before
 * `prefer-email`, and `/ow` finds `order-where`.
 */
export function subsequenceScore(query: string, target: string): number | null {
  const q = query.toLowerCase();
  const t = target.toLowerCase();
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    const at = t.indexOf(ch, from);
    if (at < 0) return null;
    score += 1;
    if (at === previous + 1) score += 3;
    if (at === 0 || /[\s\-_.]/.test(t[at - 1] ?? "")) score += 2;
    previous = at;
    from = at + 1;
  }
  // Shorter targets win ties: the query covers more of them.
  return score - t.length / 100;
}

/** The best replies for `query` (the text after `/`): shortcut matches first, then text. */
export function searchSavedReplies(
  replies: readonly SavedReplyJson[],
  query: string,
  limit = 8,
): SavedReplyJson[] {
  if (query === "") return replies.slice(0, limit);
  const scored: Array<{ reply: SavedReplyJson; score: number }> = [];
  for (const reply of replies) {
    const short = subsequenceScore(query, reply.shortcut);
    const body = subsequenceScore(query, reply.text);
    const best = short !== null ? short + 100 : body;
    if (best !== null) scored.push({ reply, score: best });
  }
  return scored
    .sort((a, b) => b.score - a.score || a.reply.shortcut.localeCompare(b.reply.shortcut))
    .slice(0, limit)
    .map((s) => s.reply);
}

/** What `{{visitor.name}}` and `{{agent.name}}` become. */
export interface PlaceholderValues {
  visitorName: string | null;
  agentName: string;
}

/** The reply's text with its placeholders filled; an unknown visitor name becomes "there". */
export function fillPlaceholders(text: string, values: PlaceholderValues): string {
  return text
    .replace(/\{\{\s*visitor\.name\s*\}\}/g, values.visitorName?.trim() || "there")
    .replace(/\{\{\s*agent\.name\s*\}\}/g, values.agentName);
}

/** The query when the draft is a saved-reply search (`/` then no space or newline yet), else null. */
export function slashQuery(draft: string): string | null {
  const match = /^\/([^\s/]*)$/.exec(draft);
  return match ? (match[1] as string) : null;
}
