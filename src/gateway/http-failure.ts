// Public API failures as values, and the one function that turns them into replies.
import type { FastifyReply } from "fastify";
import { type HttpErrorCode, httpErrorBody, httpStatus, protocolError } from "../protocol/index.js";

/** An expected failure: a registry code, and Retry-After seconds for rate limits. */
export interface HttpFailure {
  readonly code: HttpErrorCode;
  readonly retryAfter?: number;
  /** Fills the message's `{placeholders}`. */
  readonly params?: Record<string, string>;
}

/** A handler's outcome: the body to send, or why not. */
export type HttpResult<T> = { ok: true; body: T } | { ok: false; failure: HttpFailure };

/** A failed result. */
export function fail<T>(code: HttpErrorCode, retryAfter?: number): HttpResult<T> {
  return { ok: false, failure: retryAfter === undefined ? { code } : { code, retryAfter } };
}

/** Sends a result: 200 with its body, or the failure's status, Retry-After and `{message, code}`. */
export function sendResult<T>(reply: FastifyReply, result: HttpResult<T>): FastifyReply {
  if (result.ok) return reply.send(result.body);
  const { code, retryAfter, params } = result.failure;
  if (retryAfter !== undefined) reply.header("Retry-After", String(retryAfter));
  return reply.status(httpStatus(code)).send(httpErrorBody(protocolError(code, params)));
}
