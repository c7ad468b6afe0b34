// The desk's offline messages: what visitors left in my queues when nobody could take the chat.
import type { FastifyInstance, FastifyRequest } from "fastify";
import { type DeskUserRecord, offlineMessageJson, visitorPresenceJson } from "../core/index.js";
import type { DeskDeps } from "./deps.js";
import { deskError, sendDeskError } from "./desk-errors.js";
import { readTranscript } from "./transcript.js";

type IdParams = { Params: { id: string } };
type ListQuery = { Querystring: { before?: string; limit?: string } };

/** Registers `/offline-messages` on the desk scope; `userOf` is who the auth hook let in. */
export function registerOfflineRoutes(
  scope: FastifyInstance,
  deps: DeskDeps,
  userOf: (request: FastifyRequest) => DeskUserRecord,
): void {
  scope.get<ListQuery>("/offline-messages", async (request, reply) => {
    const { before, limit } = request.query;
    const count = limit === undefined ? 50 : Number(limit);
    if (!Number.isInteger(count) || count < 1 || count > 200)
      return sendDeskError(reply, deskError("desk_invalid_request", "limit: 1 to 200"));
    const list = await deps.store.listOfflineMessages({
      queues: userOf(request).queues,
      limit: count,
      ...(before ? { before } : {}),
    });
    return { offline_messages: list.map(offlineMessageJson) };
  });
  // One offline message with its conversation, read-only: the queue's people may all read it.
  scope.get<IdParams>("/offline-messages/:id", async (request, reply) => {
    const record = await deps.store.getOfflineMessage(request.params.id);
    const session =
      record && userOf(request).queues.includes(record.queue)
        ? await deps.hub.getSession(record.sessionId)
        : undefined;
    if (!record || !session) return sendDeskError(reply, deskError("not_found"));
    const presence = (await deps.hub.visitorPresence([session.id])).get(session.id);
    const visitor = visitorPresenceJson(presence ?? { online: false, since: null });
    return {
      offline_message: offlineMessageJson(record),
      ...(await readTranscript(deps.store, session, visitor)),
    };
  });
}
