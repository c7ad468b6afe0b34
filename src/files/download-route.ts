// `GET /files/{id}/{name}?exp=&sig=`: a kept file from its signed, expiring URL, never run as a page.
import type { FastifyInstance, FastifyReply } from "fastify";
import { contentDisposition } from "../blobs/index.js";
import { httpErrorBody, httpStatus, protocolError } from "../protocol/index.js";
import type { FileFailure, FileService } from "./file-service.js";

type Download = {
  Params: { id: string; name: string };
  Querystring: { exp?: string; sig?: string };
};

/** Sends a file failure as `{message, code}` with its status. */
export function sendFileFailure(reply: FastifyReply, failure: FileFailure): FastifyReply {
  return reply
    .status(httpStatus(failure.code))
    .header("Cache-Control", "no-store")
    .send(httpErrorBody(protocolError(failure.code, failure.params)));
}

/** Registers the download route. */
export function registerDownloadRoute(scope: FastifyInstance, files: FileService): void {
  scope.get<Download>("/files/:id/:name", async (request, reply) => {
    const { exp, sig } = request.query;
    const found = await files.download(request.params.id, exp, sig);
    if (!found.ok) return sendFileFailure(reply, found.failure);
    const { file, body } = found;
    return reply
      .header("Content-Type", file.contentType)
      .header("Content-Disposition", contentDisposition(file.name, file.contentType))
      .header("X-Content-Type-Options", "nosniff")
      .header("Content-Security-Policy", "default-src 'none'; sandbox")
      .header("Cache-Control", "private, max-age=300")
      .header("Cross-Origin-Resource-Policy", "cross-origin")
      .send(Buffer.from(body.buffer, body.byteOffset, body.byteLength));
  });
}
