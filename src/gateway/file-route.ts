// `POST` and `GET /api/v1/sessions/{session_id}/files`: a visitor attaches a file, or lists the session's with fresh URLs.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type FileService, sendFileFailure } from "../files/index.js";
import type { GatewayDeps } from "./deps.js";
import { fail, sendResult } from "./http-failure.js";
import type { PublicRequestLimits } from "./request-limits.js";
import { decideBinding } from "./session-binding.js";

type Params = { Params: { session_id: string }; Querystring: { name?: string } };

/** Above the largest allowed file (50 MiB): the connector's own limit answers file_too_large. */
const BODY_LIMIT_BYTES = 50 * 1024 * 1024 + 1;

/** Registers the routes in the public API's scope (their own scope: bodies are raw bytes). */
export async function registerFileRoute(
  app: FastifyInstance,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
  files: FileService,
): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) =>
      done(null, body),
    );
    scope.post<Params>(
      "/sessions/:session_id/files",
      { bodyLimit: BODY_LIMIT_BYTES },
      async (request, reply) => {
        const session = await visitorSession(request, reply, deps, limits);
        if (!session) return reply;
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const kept = await files.upload({
          sessionId: session.id,
          connectorId: session.connectorId,
          name: request.query.name ?? "",
          contentType: request.headers["content-type"] ?? "",
          body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          uploadedBy: "visitor",
          deskUserId: null,
        });
        return kept.ok ? reply.status(201).send(kept.file) : sendFileFailure(reply, kept.failure);
      },
    );
    scope.get<Params>("/sessions/:session_id/files", async (request, reply) => {
      const session = await visitorSession(request, reply, deps, limits);
      if (!session) return reply;
      return reply.send({ files: await files.list(session.id) });
    });
  });
}

// The session the bearer token may use, or undefined once the refusal is sent.
async function visitorSession(
  request: FastifyRequest<Params>,
  reply: FastifyReply,
  deps: GatewayDeps,
  limits: PublicRequestLimits,
): Promise<{ id: string; connectorId: string } | undefined> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) return void sendResult(reply, fail("missing_access_token"));
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  if (!bearer?.[1]) return void sendResult(reply, fail("missing_auth_headers"));
  const client = deps.guards.clientOf(request.raw);
  const blocked = limits.blocked(client);
  if (blocked > 0) return void sendResult(reply, fail("rate_limited", blocked));
  const verified = await deps.tokens.verify(bearer[1]);
  if (!verified.ok) {
    limits.failed(client);
    return void sendResult(reply, fail("invalid_access_token"));
  }
  const retryAfter = await limits.perClient(client);
  if (retryAfter > 0) return void sendResult(reply, fail("rate_limited", retryAfter));
  const session = await deps.hub.getSession(request.params.session_id);
  if (!session || !decideBinding(session, verified.claims, deps.clock.now()).ok) {
    sendFileFailure(reply, { code: "file_session_not_found" });
    return undefined;
  }
  if (session.state === "ended") {
    sendFileFailure(reply, { code: "file_session_not_found" });
    return undefined;
  }
  return { id: session.id, connectorId: session.connectorId };
}
