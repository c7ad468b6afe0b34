// Visitor connections in the SQLite file (table `visitor_connections`): presence that outlives a restart.
import type { Database, Statement } from "better-sqlite3";
import type {
  VisitorPresence,
  VisitorPresenceStore,
  VisitorSessionLink,
  VisitorSessionStore,
} from "../core/index.js";
import { linkOf, type OriginRow, type PresenceRow, presenceMap } from "./presence-rows.js";

/** `VisitorPresenceStore` on its own connection to the store's file; every call is one statement or two. */
export class SqliteVisitorPresence implements VisitorPresenceStore {
  readonly #opened: Statement;
  readonly #closed: Statement;
  readonly #prune: Statement;
  readonly #refresh: Statement;
  readonly #presence: Statement<[number, number, string], PresenceRow>;

  constructor(db: Database) {
    // A session erased meanwhile gets no row (the foreign key would refuse it).
    this.#opened = db.prepare(
      `INSERT INTO visitor_connections (holder, session_id, opened_at, seen_at, closed_at)
       SELECT ?, id, ?, ?, NULL FROM sessions WHERE id = ? ON CONFLICT (holder) DO NOTHING`,
    );
    this.#closed = db.prepare(
      "UPDATE visitor_connections SET closed_at = ? WHERE holder = ? AND closed_at IS NULL",
    );
    this.#prune = db.prepare(
      `DELETE FROM visitor_connections WHERE session_id = ? AND holder <> ?
       AND ((closed_at IS NOT NULL AND closed_at <= ?) OR (closed_at IS NULL AND seen_at < ?))`,
    );
    this.#refresh = db.prepare(
      `UPDATE visitor_connections SET seen_at = ?
       WHERE closed_at IS NULL AND holder IN (SELECT value FROM json_each(?))`,
    );
    this.#presence = db.prepare(
      `SELECT session_id,
         sum(CASE WHEN closed_at IS NULL AND seen_at >= ? THEN 1 ELSE 0 END) AS open,
         min(CASE WHEN closed_at IS NULL AND seen_at >= ? THEN opened_at END) AS online_since,
         max(coalesce(closed_at, seen_at)) AS offline_since
       FROM visitor_connections WHERE session_id IN (SELECT value FROM json_each(?))
       GROUP BY session_id`,
    );
  }

  async opened(sessionId: string, holder: string, now: number): Promise<void> {
    this.#opened.run(holder, now, now, sessionId);
  }

  async closed(sessionId: string, holder: string, now: number, liveAfter: number): Promise<void> {
    this.#closed.run(now, holder);
    this.#prune.run(sessionId, holder, now, liveAfter);
  }

  async refresh(holders: readonly string[], now: number): Promise<void> {
    if (holders.length > 0) this.#refresh.run(now, JSON.stringify(holders));
  }

  async presenceOf(
    sessionIds: readonly string[],
    liveAfter: number,
  ): Promise<Map<string, VisitorPresence>> {
    if (sessionIds.length === 0) return new Map();
    const rows = this.#presence.all(liveAfter, liveAfter, JSON.stringify(sessionIds));
    return presenceMap(sessionIds, rows);
  }
}

/** `VisitorSessionStore` on its own connection to the store's file. */
export class SqliteVisitorSessions implements VisitorSessionStore {
  readonly #link: Statement;
  readonly #list: Statement<[string, string, number], { session_id: string }>;
  readonly #origin: Statement<[string], OriginRow>;

  constructor(db: Database) {
    this.#link = db.prepare(
      `INSERT INTO visitor_sessions (session_id, connector_id, visitor_id, page_url, referrer, created_at)
       SELECT id, ?, ?, ?, ?, ? FROM sessions WHERE id = ? ON CONFLICT (session_id) DO NOTHING`,
    );
    this.#origin = db.prepare("SELECT * FROM visitor_sessions WHERE session_id = ?");
    this.#list = db.prepare(
      `SELECT session_id FROM visitor_sessions WHERE connector_id = ? AND visitor_id = ?
       ORDER BY created_at DESC, session_id DESC LIMIT ?`,
    );
  }

  async linkVisitor(link: VisitorSessionLink): Promise<void> {
    this.#link.run(
      link.connectorId,
      link.visitorId,
      link.pageUrl,
      link.referrer,
      link.createdAt,
      link.sessionId,
    );
  }

  async originOf(sessionId: string): Promise<VisitorSessionLink | undefined> {
    const row = this.#origin.get(sessionId);
    return row && linkOf(row);
  }

  async sessionsOfVisitor(
    connectorId: string,
    visitorId: string,
    limit: number,
  ): Promise<string[]> {
    return this.#list.all(connectorId, visitorId, limit).map((r) => r.session_id);
  }
}
