// Admin API failures as values, and the one function that turns any failure into a reply.
import type { FastifyError, FastifyReply } from "fastify";
import { ERRORS } from "../protocol/index.js";

/** The registry codes the admin API answers with. */
export type AdminErrorCode =
  | "admin_unauthorized"
  | "admin_not_found"
  | "admin_invalid_request"
  | "admin_conflict"
  | "payload_too_large"
  | "rate_limited"
  | "internal_error";

export interface AdminError {
  readonly code: AdminErrorCode;
  readonly message: string;
  /** Every problem found, one line each (validation failures). */
  readonly details?: readonly string[];
}

export type AdminResult<T> = { ok: true; value: T } | { ok: false; error: AdminError };

/** A successful result. */
export function success<T>(value: T): AdminResult<T> {
  return { ok: true, value };
}

/** An error with the registry's text, optionally followed by a detail. */
export function adminError(code: AdminErrorCode, detail?: string): AdminError {
  const base: string = ERRORS[code].message;
  return { code, message: detail ? `${base}: ${detail}` : base };
}

/** A failed result with the registry's text, optionally followed by a detail. */
export function failure<T = never>(code: AdminErrorCode, detail?: string): AdminResult<T> {
  return { ok: false, error: adminError(code, detail) };
}

/** A 400 that lists every problem in the message and in `details`. */
export function invalid<T = never>(problems: readonly string[]): AdminResult<T> {
  const message = `${ERRORS.admin_invalid_request.message}: ${problems.join("; ")}`;
  return { ok: false, error: { code: "admin_invalid_request", message, details: problems } };
}

/** Sends an admin error as `{ error: { code, message, details? } }` with the code's status. */
export function sendAdminError(reply: FastifyReply, error: AdminError): FastifyReply {
  const body: { code: string; message: string; details?: readonly string[] } = {
    code: error.code,
    message: error.message,
  };
  if (error.details) body.details = error.details;
  return reply.code(ERRORS[error.code].status).send({ error: body });
}

/** Maps an error Fastify raised (body parsing, size limit, a bug) to an admin error. */
export function adminErrorFromThrown(error: FastifyError): AdminError {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return adminError("payload_too_large");
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    const badJson =
      error.code === "FST_ERR_CTP_INVALID_JSON_BODY" ||
      error.code === "FST_ERR_CTP_EMPTY_JSON_BODY";
    const detail = badJson ? "body is not valid JSON" : error.message;
    return adminError("admin_invalid_request", detail);
  }
  return adminError("internal_error");
}

/** Sends a result: its value as JSON with `status`, or its error. */
export function respond<T>(
  reply: FastifyReply,
  result: AdminResult<T>,
  status: number,
  toJson: (value: T) => unknown,
): FastifyReply {
  if (!result.ok) return sendAdminError(reply, result.error);
  if (status === 204) return reply.code(204).send();
  return reply.code(status).send(toJson(result.value));
}
