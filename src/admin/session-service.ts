// Session reads for the admin API: filtered listing with keyset pages, one session with its log.
import type { SessionFilter, SessionRating, SessionRecord, StoredEvent } from "../core/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import { ListQuery } from "./list-query.js";
import type { ServiceDeps } from "./service-deps.js";

/** Events are read from the store in pages of this many, so a long log never loads at once. */
const EVENT_PAGE_SIZE = 500;
const MAX_LIST_LIMIT = 500;
const QUERY_KEYS = ["connector_id", "state", "created_after", "created_before", "limit", "before"];

/** A page of sessions, newest first, and the `before` value of the next page (or null). */
export interface SessionPage {
  sessions: SessionRecord[];
  nextBefore: string | null;
}

/** Parses the list query (`connector_id`, `state`, `created_after|before`, `limit`, `before`). */
export function parseSessionQuery(query: Record<string, unknown>): AdminResult<SessionFilter> {
  const read = new ListQuery(query, QUERY_KEYS);
  const filter: SessionFilter = {};
  const connectorId = read.text("connector_id");
  if (connectorId) filter.connectorId = connectorId;
  const state = read.text("state");
  if (state === "active" || state === "ended") filter.state = state;
  else if (state !== undefined) read.problems.push("state: must be active or ended");
  const createdAfter = read.time("created_after");
  if (createdAfter !== undefined) filter.createdAfter = createdAfter;
  const createdBefore = read.time("created_before");
  if (createdBefore !== undefined) filter.createdBefore = createdBefore;
  const limit = read.limit(MAX_LIST_LIMIT);
  if (limit !== undefined) filter.limit = limit;
  const before = read.text("before");
  if (before) filter.before = before;
  return read.problems.length > 0 ? invalid(read.problems) : success(filter);
}

/** Sessions matching `filter`, newest first. */
export async function listSessions(
  deps: ServiceDeps,
  filter: SessionFilter,
): Promise<AdminResult<SessionPage>> {
  if (filter.before !== undefined && !(await deps.store.getSession(filter.before))) {
    return invalid([`before: no session "${filter.before}"`]);
  }
  const limit = filter.limit ?? 50;
  const sessions = await deps.store.listSessions({ ...filter, limit });
  const last = sessions[sessions.length - 1];
  return success({ sessions, nextBefore: sessions.length === limit && last ? last.id : null });
}

/** One session with every event of its log, in sequence order, and its rating. */
export async function getSessionWithEvents(
  deps: ServiceDeps,
  id: string,
): Promise<
  AdminResult<{ session: SessionRecord; events: StoredEvent[]; rating: SessionRating | null }>
> {
  const session = await deps.store.getSession(id);
  if (!session) return failure("admin_not_found", `no session "${id}"`);
  const events: StoredEvent[] = [];
  for (;;) {
    const after = events[events.length - 1]?.sequence ?? 0;
    const page = await deps.store.readEvents(id, after, EVENT_PAGE_SIZE);
    events.push(...page);
    if (page.length < EVENT_PAGE_SIZE) break;
  }
  const rating = (await deps.store.getSessionRating(id)) ?? null;
  return success({ session, events, rating });
}
