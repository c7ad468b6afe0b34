// Visitor connections in PostgreSQL (table `visitor_connections`): presence every process of the deployment sees.
import type {
  VisitorPresence,
  VisitorPresenceStore,
  VisitorSessionLink,
  VisitorSessionStore,
} from "../core/index.js";
import type { PgQueryable } from "./postgres-timer-table.js";
import { linkOf, type OriginRow, type PresenceRow, presenceMap } from "./presence-rows.js";

/** `VisitorPresenceStore` on the store's pool; every call is one statement or two, none in a transaction. */
export class PostgresVisitorPresence implements VisitorPresenceStore {
  readonly #db: PgQueryable;

  constructor(db: PgQueryable) {
    this.#db = db;
  }

  async opened(sessionId: string, holder: string, now: number): Promise<void> {
    // A session erased meanwhile gets no row (the foreign key would refuse it).
    await this.#db.query(
      `INSERT INTO visitor_connections (holder, session_id, opened_at, seen_at, closed_at)
       SELECT $1, id, $2, $2, NULL FROM sessions WHERE id = $3 ON CONFLICT (holder) DO NOTHING`,
      [holder, now, sessionId],
    );
  }

  async closed(sessionId: string, holder: string, now: number, liveAfter: number): Promise<void> {
    await this.#db.query(
      "UPDATE visitor_connections SET closed_at = $1 WHERE holder = $2 AND closed_at IS NULL",
      [now, holder],
    );
    await this.#db.query(
      `DELETE FROM visitor_connections WHERE session_id = $1 AND holder <> $2
       AND ((closed_at IS NOT NULL AND closed_at <= $3) OR (closed_at IS NULL AND seen_at < $4))`,
      [sessionId, holder, now, liveAfter],
    );
  }

  async refresh(holders: readonly string[], now: number): Promise<void> {
    if (holders.length === 0) return;
    await this.#db.query(
      `UPDATE visitor_connections SET seen_at = $1
       WHERE closed_at IS NULL AND holder = ANY($2::text[])`,
      [now, [...holders]],
    );
  }

  async presenceOf(
    sessionIds: readonly string[],
    liveAfter: number,
  ): Promise<Map<string, VisitorPresence>> {
    if (sessionIds.length === 0) return new Map();
    const { rows } = await this.#db.query<PresenceRow>(
      `SELECT session_id,
         sum(CASE WHEN closed_at IS NULL AND seen_at >= $1 THEN 1 ELSE 0 END)::int AS open,
         min(CASE WHEN closed_at IS NULL AND seen_at >= $1 THEN opened_at END) AS online_since,
         max(coalesce(closed_at, seen_at)) AS offline_since
       FROM visitor_connections WHERE session_id = ANY($2::text[])
       GROUP BY session_id`,
      [liveAfter, [...sessionIds]],
    );
    return presenceMap(sessionIds, rows);
  }
}

/** `VisitorSessionStore` on the store's pool. */
export class PostgresVisitorSessions implements VisitorSessionStore {
  readonly #db: PgQueryable;

  constructor(db: PgQueryable) {
    this.#db = db;
  }

  async linkVisitor(link: VisitorSessionLink): Promise<void> {
    await this.#db.query(
      `INSERT INTO visitor_sessions (session_id, connector_id, visitor_id, page_url, referrer, created_at)
       SELECT id, $1, $2, $3, $4, $5 FROM sessions WHERE id = $6 ON CONFLICT (session_id) DO NOTHING`,
      [
        link.connectorId,
        link.visitorId,
        link.pageUrl,
        link.referrer,
        link.createdAt,
        link.sessionId,
      ],
    );
  }

  async originOf(sessionId: string): Promise<VisitorSessionLink | undefined> {
    const { rows } = await this.#db.query<OriginRow>(
      "SELECT * FROM visitor_sessions WHERE session_id = $1",
      [sessionId],
    );
    return rows[0] && linkOf(rows[0]);
  }

  async sessionsOfVisitor(
    connectorId: string,
    visitorId: string,
    limit: number,
  ): Promise<string[]> {
    const { rows } = await this.#db.query<{ session_id: string }>(
      `SELECT session_id FROM visitor_sessions WHERE connector_id = $1 AND visitor_id = $2
       ORDER BY created_at DESC, session_id DESC LIMIT $3`,
      [connectorId, visitorId, limit],
    );
    return rows.map((r) => r.session_id);
  }
}
