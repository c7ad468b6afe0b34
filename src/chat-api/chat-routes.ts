// The Chat API's routes: `/{version}/{account_id}/{project_id}/chat/{create,respond,close}` with its own errors.
import type { IncomingMessage } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type ChatApiStore,
  type Clock,
  type ConnectorRecord,
  RateLimiter,
  type SessionHub,
  type Store,
} from "../core/index.js";
import { acceptJsonBodies } from "../gateway/index.js";
import { CHAT_ERRORS, type ChatFailure, chatErrorBody } from "../protocol/index.js";
import { authenticate } from "./chat-auth.js";
import { readConversationId, readCreateBody, readRespondBody } from "./chat-bodies.js";
import { type ChatResult, ChatService } from "./chat-service.js";

/** What the Chat API is built on; the app wires it. */
export interface ChatApiDeps {
  store: Store;
  chat: ChatApiStore;
  hub: SessionHub;
  clock: Clock;
  /** Account ids served (`account_id` in the path). */
  accounts: readonly string[];
  /** Requests per minute per client and per connector (the Messaging API's HTTP limits). */
  perClientPerMinute: number;
  perConnectorPerMinute: number;
  maxJsonDepth?: number;
  clientOf(request: Pick<IncomingMessage, "headers" | "socket">): string;
}

type Params = { Params: { version: string; account_id: string; project_id: string } };

const generatedIds = new WeakMap<FastifyRequest, string>();

/** A correlation id worth echoing: short and plain. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Registers the three endpoints in their own scope. */
export function registerChatApiRoutes(app: FastifyInstance, deps: ChatApiDeps): void {
  app.register(async (scope) => setUp(scope, deps));
}

function setUp(scope: FastifyInstance, deps: ChatApiDeps): void {
  const service = new ChatService(deps);
  const perClient = perMinute(deps.perClientPerMinute);
  const perConnector = perMinute(deps.perConnectorPerMinute);
  acceptJsonBodies(scope, deps.maxJsonDepth);
  scope.setErrorHandler<FastifyError>((error, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, "chat API failure");
    const code =
      status === 413 ? "PAYLOAD_TOO_LARGE" : status < 500 ? "INVALID_REQUEST" : "INTERNAL_ERROR";
    return send(reply, request, {
      ok: false,
      failure: { code, detail: status < 500 ? error.message : undefined },
    });
  });

  /** Authenticates, applies the limits, then runs `handle` for the request's connector. */
  const route =
    <T>(
      handle: (
        request: FastifyRequest<Params>,
        accountId: string,
        connector: ConnectorRecord,
      ) => Promise<ChatResult<T>>,
    ) =>
    async (request: FastifyRequest<Params>, reply: FastifyReply) => {
      const { version, account_id: accountId, project_id: projectId } = request.params;
      if (version !== "v1")
        return send(reply, request, { ok: false, failure: { code: "NOT_FOUND" } });
      const now = deps.clock.now();
      const ownWait = perClient.take(deps.clientOf(request.raw), now);
      if (ownWait > 0) return send(reply, request, rateLimited(ownWait));
      const who = await authenticate(request, accountId, projectId, {
        ...deps,
        now: deps.clock.now,
      });
      if (!who.ok) return send(reply, request, who);
      const sharedWait = perConnector.take(who.connector.id, now);
      if (sharedWait > 0) return send(reply, request, rateLimited(sharedWait));
      return send(reply, request, await handle(request, accountId, who.connector));
    };

  scope.post<Params>(
    "/:version/:account_id/:project_id/chat/create",
    route(async (request, accountId, connector) => {
      const body = readCreateBody(request.body);
      if (!body.ok) return invalid(body.problem);
      const userAgent = request.headers["user-agent"]?.slice(0, 512) ?? null;
      return service.create(accountId, connector, body.value, userAgent);
    }),
  );
  scope.post<Params>(
    "/:version/:account_id/:project_id/chat/respond",
    route(async (request, _accountId, connector) => {
      const body = readRespondBody(request.body);
      if (!body.ok) return invalid(body.problem);
      return service.respond(connector, body.value.conversationId, body.value.message);
    }),
  );
  scope.put<Params>(
    "/:version/:account_id/:project_id/chat/close",
    route(async (request, _accountId, connector) => {
      const id = readConversationId(request.body);
      if (!id.ok) return invalid(id.problem);
      return service.close(connector, id.value);
    }),
  );
}

/** The one place Chat API results become replies: 200 with the value, or the spec's envelope. */
function send<T>(
  reply: FastifyReply,
  request: FastifyRequest,
  result: ChatResult<T>,
): FastifyReply {
  const requestId = requestIdOf(request);
  reply.header("X-PolyAI-Correlation-Id", requestId);
  if (result.ok) return reply.status(200).send(result.value);
  const { failure } = result;
  if (failure.retryAfter !== undefined) reply.header("Retry-After", String(failure.retryAfter));
  return reply.status(CHAT_ERRORS[failure.code].status).send(chatErrorBody(failure, requestId));
}

function requestIdOf(request: FastifyRequest): string {
  const sent = request.headers["x-polyai-correlation-id"];
  const value = Array.isArray(sent) ? sent[0] : sent;
  if (value && CORRELATION_ID.test(value)) return value;
  // One id per request, also when several replies' headers ask for it.
  let id = generatedIds.get(request);
  if (!id) {
    id = crypto.randomUUID();
    generatedIds.set(request, id);
  }
  return id;
}

function perMinute(limit: number): RateLimiter {
  return new RateLimiter(limit / 60, Math.max(1, Math.ceil(limit / 6)));
}

function rateLimited(waitMs: number): { ok: false; failure: ChatFailure } {
  return {
    ok: false,
    failure: { code: "RATE_LIMITED", retryAfter: Math.max(1, Math.ceil(waitMs / 1000)) },
  };
}

function invalid(problem: string): { ok: false; failure: ChatFailure } {
  return { ok: false, failure: { code: "INVALID_REQUEST", detail: `${problem}.` } };
}
