// The desk's inbox of ended conversations and its full-text search, for both SQL dialects.
import { type RawBuilder, sql } from "kysely";
import type {
  ConversationInbox,
  InboxEntry,
  InboxFilter,
} from "../../core/ports/conversation-inbox.js";
import type { SessionRating } from "../../core/records.js";
import { toSession } from "./conversions.js";
import { clamp, RatingQueries } from "./rating-queries.js";
import { SEARCHABLE_TYPES_SQL } from "./searchable-events.js";
import type { Tables } from "./tables.js";

const DEFAULT_LIMIT = 25;
const MAX_LIMIT = 100;

type InboxRow = Tables["sessions"] & {
  inbox_queue: string;
  inbox_agent: string | null;
  rating_connector: string | null;
  rating_scale: string | null;
  rating_score: string | null;
  rating_comment: string | null;
  rating_rated_at: number | null;
};

/**
 * Everything but the word match is one query in both dialects; the match is the dialect's own
 * full-text index (SQLite FTS5 `message_search`, PostgreSQL's GIN index on the texts' tsvector),
 * written so each engine uses its index.
 */
export abstract class InboxQueries extends RatingQueries implements ConversationInbox {
  async listInbox(filter: InboxFilter): Promise<InboxEntry[]> {
    const where: RawBuilder<unknown>[] = [sql`s.state = 'ended'`, sql`s.ended_at IS NOT NULL`];
    const { deskUserId, queues } = filter.scope;
    const inScope =
      queues.length === 0
        ? sql`hs.assigned_to = ${deskUserId}`
        : sql`(hs.assigned_to = ${deskUserId} OR hs.queue IN (${sql.join([...queues])}))`;
    where.push(sql`EXISTS (SELECT 1 FROM handoffs hs WHERE hs.session_id = s.id AND ${inScope})`);
    if (filter.sessionId !== undefined) where.push(sql`s.id = ${filter.sessionId}`);
    if (filter.queue !== undefined)
      where.push(
        sql`EXISTS (SELECT 1 FROM handoffs hq WHERE hq.session_id = s.id AND hq.queue = ${filter.queue})`,
      );
    if (filter.agentId !== undefined)
      where.push(
        sql`EXISTS (SELECT 1 FROM handoffs ha WHERE ha.session_id = s.id AND ha.assigned_to = ${filter.agentId})`,
      );
    if (filter.endedAfter !== undefined) where.push(sql`s.ended_at >= ${filter.endedAfter}`);
    if (filter.endedBefore !== undefined) where.push(sql`s.ended_at < ${filter.endedBefore}`);
    if (filter.rating === "none") where.push(sql`r.session_id IS NULL`);
    else if (filter.rating !== undefined) where.push(sql`r.score = ${filter.rating}`);
    const terms = filter.terms ?? [];
    // One index lookup per word: the words may be spread over the conversation's messages.
    for (const term of terms) where.push(sql`s.id IN (${this.#matchingSessions(term)})`);
    const after = filter.after;
    if (after !== undefined)
      where.push(
        sql`(s.ended_at < ${after.endedAt} OR (s.ended_at = ${after.endedAt} AND s.id < ${after.sessionId}))`,
      );
    const limit = clamp(filter.limit, DEFAULT_LIMIT, MAX_LIMIT);
    const query = sql<InboxRow>`
      SELECT s.*,
        (SELECT h.queue FROM handoffs h WHERE h.session_id = s.id
          ORDER BY h.enqueued_at DESC, h.id DESC LIMIT 1) AS inbox_queue,
        (SELECT h.assigned_to FROM handoffs h WHERE h.session_id = s.id
          AND h.assigned_to IS NOT NULL ORDER BY h.assigned_at DESC, h.id DESC LIMIT 1) AS inbox_agent,
        r.connector_id AS rating_connector, r.scale AS rating_scale, r.score AS rating_score,
        r.comment AS rating_comment, r.rated_at AS rating_rated_at
      FROM sessions s LEFT JOIN session_ratings r ON r.session_id = s.id
      WHERE ${sql.join(where, sql` AND `)}
      ORDER BY s.ended_at DESC, s.id DESC
      LIMIT ${limit}`;
    const rows = await this.records.read(query.compile(this.q));
    const matches = terms.length > 0 ? await this.#firstMatches(rows, terms) : new Map();
    return rows.map((row) => ({
      session: toSession(row),
      queue: row.inbox_queue,
      agentId: row.inbox_agent,
      rating: ratingOf(row),
      match: matches.get(row.id) ?? null,
    }));
  }

  /** The ids of sessions with a message holding `term` (as a word or its start). */
  #matchingSessions(term: string): RawBuilder<unknown> {
    if (this.dialect === "sqlite") {
      return sql`SELECT mr.session_id FROM message_search ms
        JOIN message_search_rows mr ON mr.id = ms.rowid
        WHERE message_search MATCH ${ftsQuery([term])}`;
    }
    return sql`SELECT e.session_id FROM events e
      WHERE e.type IN (${sql.raw(SEARCHABLE_TYPES_SQL)})
        AND to_tsvector('simple', (e.payload_json::jsonb) ->> 'text')
          @@ to_tsquery('simple', ${tsQuery([term])})`;
  }

  /** Each listed session's first matching message. */
  async #firstMatches(
    rows: readonly InboxRow[],
    terms: readonly string[],
  ): Promise<Map<string, { sequence: number; text: string }>> {
    const found = new Map<string, { sequence: number; text: string }>();
    if (rows.length === 0) return found;
    const ids = sql.join(rows.map((row) => row.id));
    // Per message the whole set of terms need not match (they may be spread over the
    // conversation): the first message holding any of them is shown.
    const any =
      this.dialect === "sqlite"
        ? sql`SELECT mr.session_id, mr.sequence FROM message_search ms
            JOIN message_search_rows mr ON mr.id = ms.rowid
            WHERE message_search MATCH ${ftsQuery(terms)} AND mr.session_id IN (${ids})`
        : sql`SELECT e.session_id, e.sequence FROM events e
            WHERE e.session_id IN (${ids}) AND e.type IN (${sql.raw(SEARCHABLE_TYPES_SQL)})
              AND to_tsvector('simple', (e.payload_json::jsonb) ->> 'text')
                @@ to_tsquery('simple', ${tsQuery(terms)})`;
    const query = sql<{ session_id: string; sequence: number; payload_json: string }>`
      SELECT e.session_id, e.sequence, e.payload_json FROM events e
      JOIN (SELECT m.session_id, min(m.sequence) AS sequence FROM (${any}) m
        GROUP BY m.session_id) f ON f.session_id = e.session_id AND f.sequence = e.sequence`;
    for (const row of await this.records.read(query.compile(this.q))) {
      found.set(row.session_id, { sequence: Number(row.sequence), text: textOf(row.payload_json) });
    }
    return found;
  }
}

/** An FTS5 query for any of the terms: each quoted (terms are letters and digits only), prefix-matched. */
function ftsQuery(terms: readonly string[]): string {
  return terms.map((term) => `"${term}"*`).join(" OR ");
}

/** A tsquery for any of the terms, each prefix-matched (terms hold no tsquery operators). */
function tsQuery(terms: readonly string[]): string {
  return terms.map((term) => `${term}:*`).join(" | ");
}

function textOf(payloadJson: string): string {
  try {
    const payload = JSON.parse(payloadJson) as { text?: unknown };
    return typeof payload.text === "string" ? payload.text : "";
  } catch {
    return "";
  }
}

function ratingOf(row: InboxRow): SessionRating | null {
  if (row.rating_score === null || row.rating_scale === null) return null;
  return {
    sessionId: row.id,
    connectorId: row.rating_connector ?? row.connector_id,
    scale: row.rating_scale as SessionRating["scale"],
    score: row.rating_score,
    comment: row.rating_comment,
    ratedAt: Number(row.rating_rated_at),
  };
}
