// The live-agent desk API under /desk/v1: bearer desk token, per-user rate limit, and every route.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type DeskResult,
  deskUserJson,
  type OfflineMessageRecord,
  RateLimiter,
  visitorPresenceJson,
} from "../core/index.js";
import { acceptJsonBodies } from "../gateway/index.js";
import { DEFAULT_MAX_JSON_DEPTH, type DeskOfflineFormJson } from "../protocol/index.js";
import {
  DESK_REQUEST_BURST,
  DESK_REQUESTS_PER_SECOND,
  type DeskDeps,
  retryAfterSeconds,
} from "./deps.js";
import { registerDeskAccountRoutes, SIGN_IN_PATH } from "./desk-account-routes.js";
import { deskError, deskErrorFromThrown, sendDeskError } from "./desk-errors.js";
import { type DeskCaller, deskCaller, passesCsrf } from "./desk-identity.js";
import { registerDeskFileRoutes } from "./file-routes.js";
import { registerInboxRoutes } from "./inbox-routes.js";
import { registerOfflineRoutes } from "./offline-routes.js";
import {
  type BodyResult,
  parseLeaveBody,
  parseMessageBody,
  parseNoteBody,
  parseSeenBody,
  parseTransferBody,
  parseTypingBody,
} from "./request-bodies.js";
import { registerSavedReplyRoutes } from "./saved-reply-routes.js";
import { readTranscript } from "./transcript.js";
import { visitorFields } from "./visitor.js";

/** Path prefix of the desk API (`product.md` §6, fixed). */
export const DESK_PREFIX = "/desk/v1";

type Params = { Params: { session_id: string } };

/** How many of the visitor's other conversations the visitor panel lists. */
const EARLIER_LISTED = 5;

/** Registers the desk API (bearer desk token) in its own scope under `/desk/v1`. */
export function registerDeskRoutes(app: FastifyInstance, deps: DeskDeps): void {
  app.register(async (scope) => setUp(scope, deps), { prefix: DESK_PREFIX });
}

async function setUp(scope: FastifyInstance, deps: DeskDeps): Promise<void> {
  // Before authentication: a preflight carries no token and is answered by the policy.
  await deps.cors?.(scope);
  const callers = new WeakMap<FastifyRequest, DeskCaller>();
  const limiter = new RateLimiter(DESK_REQUESTS_PER_SECOND, DESK_REQUEST_BURST);
  const userOf = (request: FastifyRequest) => (callers.get(request) as DeskCaller).user;
  const desk = deps.hub.desk;

  acceptJsonBodies(scope, deps.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH);
  scope.setErrorHandler<FastifyError>((error, request, reply) => {
    const mapped = deskErrorFromThrown(error);
    if (mapped.code === "internal_error") request.log.error({ err: error }, "desk API failure");
    return sendDeskError(reply, mapped);
  });
  scope.setNotFoundHandler(async (request, reply) => {
    const caller = callers.get(request) ?? (await deskCaller(deps, request.headers));
    return sendDeskError(reply, deskError(caller ? "not_found" : "desk_unauthorized"));
  });
  // Authentication and the rate limit run before the body is read, so refused requests cost little.
  scope.addHook("onRequest", async (request, reply) => {
    // Signing in is how a caller gets credentials; it has limits of its own.
    if (request.routeOptions.url === `${DESK_PREFIX}${SIGN_IN_PATH}`) return;
    const client = deps.clientOf(request.raw);
    const blocked = deps.authFailures.blockedMs(client, deps.clock.now());
    if (blocked > 0) return rateLimited(reply, blocked);
    const caller = await deskCaller(deps, request.headers);
    if (!caller) {
      deps.authFailures.failed(client, deps.clock.now());
      return sendDeskError(reply, deskError("desk_unauthorized"));
    }
    if (!passesCsrf(deps, caller, request.method, request.headers))
      return sendDeskError(reply, deskError("desk_csrf_rejected"));
    const wait = limiter.take(caller.user.id, deps.clock.now());
    if (wait > 0) return rateLimited(reply, wait);
    callers.set(request, caller);
  });
  registerDeskAccountRoutes(scope, deps, (request) => callers.get(request) as DeskCaller);
  registerSavedReplyRoutes(scope, deps, userOf);
  registerInboxRoutes(scope, deps, userOf);
  registerOfflineRoutes(scope, deps, userOf);
  if (deps.files) await registerDeskFileRoutes(scope, deps, deps.files, userOf);

  scope.get("/me", async (request) => {
    const { user, web } = callers.get(request) as DeskCaller;
    return {
      desk_user: deskUserJson(user),
      online: desk.isOnline(user.id),
      status: desk.status(user.id),
      ...(web ? { csrf_token: web.session.csrfToken } : {}),
    };
  });
  scope.get("/queues", async (request) => {
    const user = userOf(request);
    const lengths = desk.queueLengths();
    const queues = await deps.store.listQueues();
    return {
      queues: queues.map((q) => ({
        name: q.name,
        waiting: lengths.get(q.name) ?? 0,
        serving: user.queues.includes(q.name),
      })),
    };
  });
  scope.get("/queue", async (request) => ({ entries: desk.queueFor(userOf(request)) }));
  scope.get("/sessions", async (request) => ({ sessions: desk.assignedTo(userOf(request)) }));

  scope.post<Params>("/handoffs/:session_id/accept", async (request, reply) =>
    answer(reply, await desk.accept(userOf(request), request.params.session_id), 200),
  );
  scope.get<Params>("/sessions/:session_id/events", async (request, reply) => {
    const id = request.params.session_id;
    const session = desk.canRead(userOf(request), id) ? await deps.hub.getSession(id) : undefined;
    if (!session) return sendDeskError(reply, deskError("desk_session_not_found"));
    const presence = (await deps.hub.visitorPresence([id])).get(id);
    const visitor = visitorPresenceJson(presence ?? { online: false, since: null });
    return { ...(await readTranscript(deps.store, session, visitor)), notes: await desk.notes(id) };
  });
  scope.get<Params>("/sessions/:session_id/visitor", async (request, reply) => {
    const id = request.params.session_id;
    const session = desk.canRead(userOf(request), id) ? await deps.hub.getSession(id) : undefined;
    if (!session) return sendDeskError(reply, deskError("desk_session_not_found"));
    const origin = await deps.hub.history.originOf(id);
    return {
      fields: await visitorFields(deps, session),
      page_url: origin?.pageUrl ?? null,
      referrer: origin?.referrer ?? null,
      earlier: await deps.hub.history.others(session, EARLIER_LISTED),
      offline_form: offlineFormJson(await deps.store.offlineMessageOfSession(id)),
    };
  });
  // An earlier conversation of the same visitor, read-only: its transcript, no notes, no actions.
  scope.get<{ Params: { session_id: string; earlier_id: string } }>(
    "/sessions/:session_id/earlier/:earlier_id",
    async (request, reply) => {
      const { session_id: id, earlier_id: earlierId } = request.params;
      const session = desk.canRead(userOf(request), id) ? await deps.hub.getSession(id) : undefined;
      const origin = session && (await deps.hub.history.originOf(id));
      const earlier =
        origin?.visitorId && session
          ? await deps.hub.history.find(session.connectorId, origin.visitorId, earlierId)
          : undefined;
      if (!earlier || earlier.id === id)
        return sendDeskError(reply, deskError("desk_session_not_found"));
      const presence = (await deps.hub.visitorPresence([earlierId])).get(earlierId);
      const visitor = visitorPresenceJson(presence ?? { online: false, since: null });
      return readTranscript(deps.store, earlier, visitor);
    },
  );
  scope.post<Params>("/sessions/:session_id/messages", async (request, reply) => {
    const message = parseMessageBody(request.body);
    if (!message.ok) return invalid(reply, message);
    return answer(
      reply,
      await desk.send(userOf(request), request.params.session_id, message.value),
      201,
    );
  });
  scope.post<Params>("/sessions/:session_id/typing", async (request, reply) => {
    const state = parseTypingBody(request.body);
    if (!state.ok) return invalid(reply, state);
    return answer(
      reply,
      await desk.typing(userOf(request), request.params.session_id, state.value),
      204,
    );
  });
  scope.post<Params>("/sessions/:session_id/seen", async (request, reply) => {
    const upTo = parseSeenBody(request.body);
    if (!upTo.ok) return invalid(reply, upTo);
    return answer(
      reply,
      await desk.seen(userOf(request), request.params.session_id, upTo.value),
      204,
    );
  });
  scope.post<Params>("/sessions/:session_id/leave", async (request, reply) => {
    const end = parseLeaveBody(request.body);
    if (!end.ok) return invalid(reply, end);
    return answer(
      reply,
      await desk.leave(userOf(request), request.params.session_id, end.value),
      204,
    );
  });
  scope.post<Params>("/sessions/:session_id/transfer", async (request, reply) => {
    const target = parseTransferBody(request.body);
    if (!target.ok) return invalid(reply, target);
    const user = userOf(request);
    const id = request.params.session_id;
    const { note } = target.value;
    if ("deskUser" in target.value)
      return answer(reply, await desk.transferTo(user, id, target.value.deskUser, note), 204);
    const queue = target.value.queue;
    // The note is kept first, so the queue's next agent finds it with the transcript.
    if (note && desk.canRead(user, id)) await desk.addNote(user, id, note, `queue:${queue}`);
    return answer(reply, await desk.transfer(user, id, queue), 204);
  });
  scope.post<Params>("/sessions/:session_id/notes", async (request, reply) => {
    const text = parseNoteBody(request.body);
    if (!text.ok) return invalid(reply, text);
    return answer(
      reply,
      await desk.addNote(userOf(request), request.params.session_id, text.value),
      201,
    );
  });
}

/** Sends a desk result: its value as JSON with `status` (204: no body), or its error. */
export function answer<T>(
  reply: FastifyReply,
  result: DeskResult<T>,
  status: number,
): FastifyReply {
  if (!result.ok) return sendDeskError(reply, deskError(result.error));
  if (status === 204) return reply.code(204).send();
  return reply.code(status).send(result.value);
}

export function rateLimited(reply: FastifyReply, waitMs: number): FastifyReply {
  return sendDeskError(reply, {
    code: "rate_limited",
    retryAfterSeconds: retryAfterSeconds(waitMs),
  });
}

export function invalid(
  reply: FastifyReply,
  result: Extract<BodyResult<unknown>, { ok: false }>,
): FastifyReply {
  return sendDeskError(reply, deskError("desk_invalid_request", result.detail));
}

/** The contact part of a session's offline message, as the visitor panel shows it. */
function offlineFormJson(record: OfflineMessageRecord | undefined): DeskOfflineFormJson | null {
  if (!record) return null;
  return {
    email: record.email,
    name: record.name,
    created_at: new Date(record.createdAt).toISOString(),
  };
}
