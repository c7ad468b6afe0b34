// Filtered, newest-first session listing with keyset paging; one prepared statement per filter shape.
import type { Database, Statement } from "better-sqlite3";
import type { SessionFilter } from "../../core/records.js";
import { SESSION_COLUMNS, type SessionRow } from "./rows.js";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

type Params = Record<string, string | number>;

/** Where the page starts: the cursor session's creation time when it still exists. */
export type ListCursor = { createdAt: number; id: string } | { id: string } | undefined;

/**
 * Lists sessions for a filter. At most 32 statement shapes exist (5 optional conditions),
 * so each is prepared on first use and kept.
 */
export class SessionLister {
  readonly #db: Database;
  readonly #cache = new Map<string, Statement<[Params], SessionRow>>();

  constructor(db: Database) {
    this.#db = db;
  }

  /** Rows matching `filter`, created strictly before `cursor`, newest first. */
  list(filter: SessionFilter, cursor: ListCursor): SessionRow[] {
    const conditions: string[] = [];
    const params: Params = { limit: clampLimit(filter.limit) };
    if (filter.connectorId !== undefined) {
      conditions.push("connector_id = @connectorId");
      params.connectorId = filter.connectorId;
    }
    if (filter.state !== undefined) {
      conditions.push("state = @state");
      params.state = filter.state;
    }
    if (filter.createdAfter !== undefined) {
      conditions.push("created_at > @createdAfter");
      params.createdAfter = filter.createdAfter;
    }
    if (filter.createdBefore !== undefined) {
      conditions.push("created_at < @createdBefore");
      params.createdBefore = filter.createdBefore;
    }
    if (cursor !== undefined) {
      params.cursorId = cursor.id;
      if ("createdAt" in cursor) {
        conditions.push("(created_at, id) < (@cursorCreatedAt, @cursorId)");
        params.cursorCreatedAt = cursor.createdAt;
      } else {
        // The cursor session is gone (deleted meanwhile): ids that sort by time still page.
        conditions.push("id < @cursorId");
      }
    }
    return this.#statement(conditions).all(params);
  }

  #statement(conditions: readonly string[]): Statement<[Params], SessionRow> {
    const where = conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`;
    let statement = this.#cache.get(where);
    if (statement === undefined) {
      statement = this.#db.prepare<[Params], SessionRow>(
        `SELECT ${SESSION_COLUMNS} FROM sessions ${where}
         ORDER BY created_at DESC, id DESC LIMIT @limit`,
      );
      this.#cache.set(where, statement);
    }
    return statement;
  }
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(Math.max(Math.trunc(limit), 0), MAX_LIMIT);
}
