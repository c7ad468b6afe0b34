// `GET /desk/v1/inbox` (ended conversations, filtered and searched) and `GET /desk/v1/inbox/{id}` (one, read-only).
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  type DeskUserRecord,
  encodePageCursor,
  type InboxEntry,
  ratingJson,
  visitorPresenceJson,
} from "../core/index.js";
import type { DeskInboxEntryJson } from "../protocol/index.js";
import type { DeskDeps } from "./deps.js";
import { deskError, sendDeskError } from "./desk-errors.js";
import { parseInboxQuery } from "./inbox-query.js";
import { readTranscript, sessionSummary } from "./transcript.js";

const DEFAULT_LIMIT = 25;

type Params = { Params: { session_id: string } };

/** Registers the inbox routes in the desk API's scope (authenticated already). */
export function registerInboxRoutes(
  scope: FastifyInstance,
  deps: DeskDeps,
  userOf: (request: FastifyRequest) => DeskUserRecord,
): void {
  scope.get("/inbox", async (request, reply) => {
    const parsed = parseInboxQuery((request.query ?? {}) as Record<string, unknown>);
    if (!parsed.ok) return sendDeskError(reply, deskError("desk_invalid_request", parsed.detail));
    const user = userOf(request);
    const limit = parsed.filter.limit ?? DEFAULT_LIMIT;
    const entries = await deps.store.listInbox({
      ...parsed.filter,
      limit,
      scope: { deskUserId: user.id, queues: user.queues },
    });
    const last = entries.at(-1);
    return {
      conversations: await entriesJson(deps, entries),
      next_cursor:
        entries.length === limit && last && last.session.endedAt !== null
          ? encodePageCursor({ at: last.session.endedAt, id: last.session.id })
          : null,
    };
  });

  scope.get<Params>("/inbox/:session_id", async (request, reply) => {
    const user = userOf(request);
    const [entry] = await deps.store.listInbox({
      sessionId: request.params.session_id,
      scope: { deskUserId: user.id, queues: user.queues },
      limit: 1,
    });
    const [json] = entry ? await entriesJson(deps, [entry]) : [];
    if (!entry || !json) return sendDeskError(reply, deskError("desk_session_not_found"));
    const { events } = await readTranscript(deps.store, entry.session, json.session.visitor);
    return { ...json, events, notes: await deps.hub.desk.notes(entry.session.id) };
  });
}

async function entriesJson(
  deps: DeskDeps,
  entries: readonly InboxEntry[],
): Promise<DeskInboxEntryJson[]> {
  if (entries.length === 0) return [];
  // Names as the desk knows them now; a deleted colleague keeps their id.
  const names = new Map((await deps.store.listDeskUsers()).map((u) => [u.id, u.name]));
  const presence = await deps.hub.visitorPresence(entries.map((e) => e.session.id));
  return entries.map((entry) => ({
    session: sessionSummary(
      entry.session,
      visitorPresenceJson(presence.get(entry.session.id) ?? { online: false, since: null }),
    ),
    queue: entry.queue,
    agent:
      entry.agentId === null
        ? null
        : { id: entry.agentId, name: names.get(entry.agentId) ?? entry.agentId },
    rating: entry.rating ? ratingJson(entry.rating) : null,
    match: entry.match,
  }));
}
