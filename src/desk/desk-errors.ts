// Desk API failures as values, and the one function that turns any failure into a `{message, code}` reply.
import type { FastifyError, FastifyReply } from "fastify";
import { errorMessage, type HttpErrorCode, httpStatus, protocolError } from "../protocol/index.js";

/** The registry codes the desk API answers with. */
export type DeskErrorCode = Extract<
  HttpErrorCode,
  | "desk_unauthorized"
  | "desk_invalid_request"
  | "desk_session_not_found"
  | "desk_already_taken"
  | "desk_over_capacity"
  | "desk_not_your_queue"
  | "desk_queue_not_found"
  | "desk_transfer_unavailable"
  | "desk_sign_in_failed"
  | "desk_csrf_rejected"
  | "desk_password_rejected"
  | "desk_not_available"
  | "desk_colleague_unavailable"
  | "rate_limited"
  | "not_found"
  | "payload_too_large"
  | "internal_error"
>;

/** An expected failure: a registry code, an optional detail after its text, and Retry-After. */
export interface DeskError {
  readonly code: DeskErrorCode;
  readonly detail?: string;
  readonly retryAfterSeconds?: number;
}

/** Builds an error value. */
export function deskError(code: DeskErrorCode, detail?: string): DeskError {
  return detail === undefined ? { code } : { code, detail };
}

/** The JSON body of an error: the registry text, then `: detail` when there is one. */
export function deskErrorBody(error: DeskError): { message: string; code: string } {
  const base = errorMessage(protocolError(error.code));
  return { message: error.detail ? `${base}: ${error.detail}` : base, code: error.code };
}

/** Sends `error` with its registry status (and Retry-After when rate limited). */
export function sendDeskError(reply: FastifyReply, error: DeskError): FastifyReply {
  if (error.retryAfterSeconds !== undefined)
    reply.header("Retry-After", String(error.retryAfterSeconds));
  return reply.code(httpStatus(error.code)).send(deskErrorBody(error));
}

/** Maps what Fastify raised (body parsing, size limit, a bug) to a desk error. */
export function deskErrorFromThrown(error: FastifyError): DeskError {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return deskError("payload_too_large");
  if (error.code === "FST_ERR_CTP_INVALID_MEDIA_TYPE") {
    return deskError("desk_invalid_request", "Content-Type must be application/json");
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return deskError("desk_invalid_request", error.message);
  return deskError("internal_error");
}
