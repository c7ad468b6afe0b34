// What both SQL adapters of the visitor ports share: turning rows into presence and links.
import type { VisitorPresence, VisitorSessionLink } from "../core/index.js";

/** One session's connections, summed up by the presence query. */
export interface PresenceRow {
  session_id: string;
  open: number;
  online_since: number | null;
  offline_since: number | null;
}

/** Every asked id with its presence; ids without rows were never connected. */
export function presenceMap(
  sessionIds: readonly string[],
  rows: readonly PresenceRow[],
): Map<string, VisitorPresence> {
  const found = new Map(rows.map((r) => [r.session_id, r]));
  const answer = new Map<string, VisitorPresence>();
  for (const id of sessionIds) {
    const row = found.get(id);
    if (!row) answer.set(id, { online: false, since: null });
    else if (Number(row.open) > 0)
      answer.set(id, { online: true, since: numberOrNull(row.online_since) });
    else answer.set(id, { online: false, since: numberOrNull(row.offline_since) });
  }
  return answer;
}

function numberOrNull(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

/** A `visitor_sessions` row. */
export interface OriginRow {
  session_id: string;
  connector_id: string;
  visitor_id: string | null;
  page_url: string | null;
  referrer: string | null;
  created_at: number | string;
}

/** The link a row holds. */
export function linkOf(row: OriginRow): VisitorSessionLink {
  return {
    sessionId: row.session_id,
    connectorId: row.connector_id,
    visitorId: row.visitor_id,
    pageUrl: row.page_url,
    referrer: row.referrer,
    createdAt: Number(row.created_at),
  };
}
