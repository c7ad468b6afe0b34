// `POST /desk/v1/sessions/{session_id}/files` and `GET …/files`: a desk user attaches a file to a chat they hold, or lists its files.
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { DeskUserRecord } from "../core/index.js";
import { type FileService, sendFileFailure } from "../files/index.js";
import type { DeskDeps } from "./deps.js";

type Params = { Params: { session_id: string }; Querystring: { name?: string } };

/** Above the largest allowed file (50 MiB): the connector's own limit answers file_too_large. */
const BODY_LIMIT_BYTES = 50 * 1024 * 1024 + 1;

/** Registers the routes on the desk scope (their own scope: bodies are raw bytes). */
export async function registerDeskFileRoutes(
  scope: FastifyInstance,
  deps: DeskDeps,
  files: FileService,
  userOf: (request: FastifyRequest) => DeskUserRecord,
): Promise<void> {
  await scope.register(async (inner) => {
    inner.removeAllContentTypeParsers();
    inner.addContentTypeParser("*", { parseAs: "buffer" }, (_request, body, done) =>
      done(null, body),
    );
    inner.post<Params>(
      "/sessions/:session_id/files",
      { bodyLimit: BODY_LIMIT_BYTES },
      async (request, reply) => {
        const user = userOf(request);
        const session = await heldSession(deps, user, request.params.session_id);
        if (!session) return sendFileFailure(reply, { code: "file_session_not_found" });
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const kept = await files.upload({
          sessionId: session.id,
          connectorId: session.connectorId,
          name: request.query.name ?? "",
          contentType: request.headers["content-type"] ?? "",
          body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
          uploadedBy: "desk",
          deskUserId: user.id,
        });
        return kept.ok ? reply.status(201).send(kept.file) : sendFileFailure(reply, kept.failure);
      },
    );
    inner.get<Params>("/sessions/:session_id/files", async (request, reply) => {
      const user = userOf(request);
      const id = request.params.session_id;
      if (!deps.hub.desk.canRead(user, id))
        return sendFileFailure(reply, { code: "file_session_not_found" });
      return reply.send({ files: await files.list(id) });
    });
  });
}

// A live session the desk user holds.
async function heldSession(
  deps: DeskDeps,
  user: DeskUserRecord,
  sessionId: string,
): Promise<{ id: string; connectorId: string } | undefined> {
  if (!deps.hub.desk.assignedTo(user).some((held) => held.session_id === sessionId))
    return undefined;
  const session = await deps.hub.getSession(sessionId);
  return session && session.state !== "ended"
    ? { id: session.id, connectorId: session.connectorId }
    : undefined;
}
