// The desk's offline messages: what visitors left in my queues when nobody could take the chat.
import type { FastifyInstance, FastifyRequest } from "fastify";
import {
  type DeskUserRecord,
  type OfflineMessageRecord,
  visitorPresenceJson,
} from "../core/index.js";
import type { OfflineMessageJson } from "../protocol/index.js";
import type { DeskDeps } from "./deps.js";
import { deskError, sendDeskError } from "./desk-errors.js";
import { readTranscript } from "./transcript.js";

type IdParams = { Params: { id: string } };
type ListQuery = { Querystring: { before?: string; limit?: string } };

/** An offline message as the desk API shows it. */
export function offlineMessageJson(r: OfflineMessageRecord): OfflineMessageJson {
  return {
    id: r.id,
    session_id: r.sessionId,
    connector_id: r.connectorId,
    queue: r.queue,
    reason: r.reason,
    email: r.email,
    name: r.name,
    message: r.message,
    language: r.language,
    created_at: new Date(r.createdAt).toISOString(),
    delivery: r.delivery,
    attempts: r.attempts,
    last_error: r.lastError,
    delivered_at: r.deliveredAt === null ? null : new Date(r.deliveredAt).toISOString(),
  };
}

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
