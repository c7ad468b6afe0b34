// Requests refused before or outside the APIs (unreadable, bad URLs, forbidden files): answered in the documented shape.
import type { Duplex } from "node:stream";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { type HttpErrorCode, httpErrorBody, httpStatus, protocolError } from "../protocol/index.js";
import { rejectUpgrade } from "./handshake-rejection.js";

/**
 * Fastify's `clientErrorHandler`, for what Node's parser cannot read (broken framing, headers
 * over 16 KiB): the same `{message, code}` body, `nosniff` and `Connection: close` as every
 * other refusal, instead of the framework's own body.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // A reset connection has nobody left to answer.
  if (error.code === "ECONNRESET" || socket.destroyed || !socket.writable) return;
  rejectUpgrade(socket, clientErrorCode(error.code));
}

function clientErrorCode(code: string | undefined): HttpErrorCode {
  if (code === "HPE_HEADER_OVERFLOW") return "headers_too_large";
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") return "request_timeout";
  return "malformed_request";
}

/** Fastify's `frameworkErrors`: a URL that does not decode, a path parameter over the limit. */
export function answerFrameworkError(
  error: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  return sendError(reply, error.statusCode === 414 ? "uri_too_long" : "malformed_request");
}

/**
 * The error handler of everything outside the APIs (static files, pages, health): each
 * status mapped to its registry code; anything else is a bug, logged and answered 500.
 */
export function registerFallbackErrors(app: FastifyInstance): void {
  app.setErrorHandler<FastifyError>((error, request, reply) => {
    const code = fallbackCode(error.statusCode ?? 500);
    if (code === "internal_error") request.log.error({ err: error }, "request failed");
    return sendError(reply, code);
  });
}

function fallbackCode(status: number): HttpErrorCode {
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 413) return "payload_too_large";
  if (status === 414) return "uri_too_long";
  return status >= 400 && status < 500 ? "malformed_request" : "internal_error";
}

// Framework errors can skip the onSend hooks: the header is set here too.
function sendError(reply: FastifyReply, code: HttpErrorCode): FastifyReply {
  return reply
    .status(httpStatus(code))
    .header("X-Content-Type-Options", "nosniff")
    .send(httpErrorBody(protocolError(code)));
}
