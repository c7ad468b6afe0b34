// The agent API under /agent/v1: a webhook bot speaks in its conversations (bearer agent key, rate limited).
import type { IncomingMessage } from "node:http";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import {
  type PushBody,
  readChunkBody,
  readEndBody,
  readHandoffBody,
  readMessageBody,
  type WireResult,
} from "../agents/index.js";
import { bearerToken, hashToken, MAX_BEARER_TOKEN_LENGTH } from "../auth/index.js";
import {
  type AgentRecord,
  type Clock,
  type FailureLimiter,
  RateLimiter,
  type SessionHub,
  type Store,
  type TurnOutcome,
} from "../core/index.js";
import { acceptJsonBodies } from "../gateway/index.js";
import {
  type AgentApiError,
  agentApiErrorFromThrown,
  refusalError,
  sendAgentApiError,
} from "./agent-api-errors.js";

/** Path prefix of the agent API. */
export const AGENT_API_PREFIX = "/agent/v1";

/** Longest Idempotency-Key kept; longer ones are refused rather than cut. */
const IDEMPOTENCY_KEY_MAX_CHARS = 200;

/** What the agent API is built on; the app wires it. */
export interface AgentApiDeps {
  store: Store;
  hub: SessionHub;
  clock: Clock;
  /** Sustained requests per second per conversation, and the burst above it. */
  requestsPerSecond: number;
  burst: number;
  /** Deepest nesting accepted in request bodies; the protocol default when absent. */
  maxJsonDepth?: number;
  /**
   * Failed agent keys per client (shared with the other APIs) and who the client is; without
   * them, wrong keys are not limited.
   */
  authFailures?: {
    limiter: FailureLimiter;
    clientOf(request: Pick<IncomingMessage, "headers" | "socket">): string;
  };
}

type Params = { Params: { session_id: string } };
type BodyReader = (body: unknown) => WireResult<PushBody>;

/** Registers the agent API in its own scope under `/agent/v1`. */
export function registerAgentApiRoutes(app: FastifyInstance, deps: AgentApiDeps): void {
  app.register(async (scope) => setUp(scope, deps), { prefix: AGENT_API_PREFIX });
}

function setUp(scope: FastifyInstance, deps: AgentApiDeps): void {
  const agents = new WeakMap<FastifyRequest, AgentRecord>();
  const limiter = new RateLimiter(deps.requestsPerSecond, deps.burst);
  acceptJsonBodies(scope, deps.maxJsonDepth);
  scope.setErrorHandler<FastifyError>((error, request, reply) => {
    const mapped = agentApiErrorFromThrown(error);
    if (mapped.code === "internal_error") request.log.error({ err: error }, "agent API failure");
    return sendAgentApiError(reply, mapped);
  });
  scope.setNotFoundHandler(async (request, reply) => {
    const agent = agents.get(request) ?? (await authenticate(deps.store, request));
    return sendAgentApiError(reply, { code: agent ? "not_found" : "agent_unauthorized" });
  });
  // Authentication and the rate limit run before the body is read, so refused requests cost little.
  scope.addHook("onRequest", async (request, reply) => {
    const failures = deps.authFailures;
    const client = failures?.clientOf(request.raw) ?? "";
    const blocked = failures?.limiter.blockedMs(client, deps.clock.now()) ?? 0;
    if (blocked > 0)
      return sendAgentApiError(reply, {
        code: "rate_limited",
        retryAfterSeconds: seconds(blocked),
      });
    const agent = await authenticate(deps.store, request);
    if (!agent) {
      failures?.limiter.failed(client, deps.clock.now());
      return sendAgentApiError(reply, { code: "agent_unauthorized" });
    }
    const session = (request.params as { session_id?: string }).session_id ?? "";
    const wait = limiter.take(`${agent.id}\n${session}`, deps.clock.now());
    if (wait > 0) {
      return sendAgentApiError(reply, { code: "rate_limited", retryAfterSeconds: seconds(wait) });
    }
    agents.set(request, agent);
  });

  const push = (read: BodyReader) => async (request: FastifyRequest<Params>, reply: FastifyReply) =>
    pushParts(deps, agents.get(request) as AgentRecord, request, reply, read(request.body));
  scope.post<Params>("/sessions/:session_id/messages", push(readMessageBody));
  scope.post<Params>("/sessions/:session_id/chunks", push(readChunkBody));
  scope.post<Params>("/sessions/:session_id/handoff", push(readHandoffBody));
  scope.post<Params>("/sessions/:session_id/end", push(readEndBody));
  scope.post<Params>("/sessions/:session_id/typing", async (request, reply) => {
    const agent = agents.get(request) as AgentRecord;
    const id = request.params.session_id;
    const owned = await ownedSession(deps, agent, id);
    if (owned) return sendAgentApiError(reply, owned);
    if (!(await deps.hub.agentTyping(id))) {
      const session = await deps.hub.getSession(id);
      return sendAgentApiError(
        reply,
        refusalError(session?.state === "ended" ? "session_ended" : "agent_not_in_session"),
      );
    }
    return reply.code(204).send();
  });
}

/** Pushes a body's parts into the session; answers 202 while more may follow, else the outcome. */
async function pushParts(
  deps: AgentApiDeps,
  agent: AgentRecord,
  request: FastifyRequest<Params>,
  reply: FastifyReply,
  read: WireResult<PushBody>,
): Promise<FastifyReply> {
  if (!read.ok)
    return sendAgentApiError(reply, { code: "agent_invalid_request", details: read.problems });
  const id = request.params.session_id;
  const idempotencyKey = request.headers["idempotency-key"];
  if (Array.isArray(idempotencyKey) || (idempotencyKey?.length ?? 0) > IDEMPOTENCY_KEY_MAX_CHARS) {
    const details = [
      `Idempotency-Key: must be one header of at most ${IDEMPOTENCY_KEY_MAX_CHARS} characters`,
    ];
    return sendAgentApiError(reply, { code: "agent_invalid_request", details });
  }
  const owned = await ownedSession(deps, agent, id);
  if (owned) return sendAgentApiError(reply, owned);
  const { parts, replyTo, complete } = read.value;
  const options = {
    complete,
    ...(replyTo === undefined ? {} : { replyTo }),
    ...(idempotencyKey === undefined ? {} : { id: idempotencyKey }),
  };
  const pushed = await deps.hub.pushAgentParts(id, parts, options);
  if (!pushed.ok) return sendAgentApiError(reply, refusalError(pushed.refusal));
  if (pushed.outcome === null)
    return reply.code(202).send({ turn: pushed.key, status: "accepted" });
  const outcome = await pushed.outcome;
  if (outcome.status === "refused" && outcome.refusal) {
    return sendAgentApiError(reply, refusalError(outcome.refusal));
  }
  return reply.code(200).send(outcomeJson(outcome));
}

/** A turn's outcome as the bot reads it. */
function outcomeJson(outcome: TurnOutcome): Record<string, unknown> {
  return {
    turn: outcome.key,
    status: outcome.status,
    message_ids: outcome.messages.map((m) => m.messageId),
    end_conversation: outcome.endConversation,
    handoff: outcome.handoff,
    error: outcome.error,
  };
}

/** Null when the session exists and its connector answers with `agent`; else the 404. */
async function ownedSession(
  deps: AgentApiDeps,
  agent: AgentRecord,
  sessionId: string,
): Promise<AgentApiError | null> {
  const session = await deps.hub.getSession(sessionId);
  const connector = session && (await deps.store.getConnector(session.connectorId));
  // Another agent's conversations look exactly like missing ones.
  return connector?.agentId === agent.id ? null : { code: "agent_session_not_found" };
}

async function authenticate(
  store: Store,
  request: FastifyRequest,
): Promise<AgentRecord | undefined> {
  const token = bearerToken(request.headers.authorization);
  if (!token || token.length > MAX_BEARER_TOKEN_LENGTH) return undefined;
  return store.getAgentByKeyHash(hashToken(token));
}

/** Whole seconds, at least 1, for Retry-After. */
function seconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
