// Agent API failures as values, and the one function that turns any failure into a `{message, code}` reply.
import type { FastifyError, FastifyReply } from "fastify";
import type { PushRefusal } from "../core/index.js";
import { errorMessage, type HttpErrorCode, httpStatus, protocolError } from "../protocol/index.js";

/** The registry codes the agent API answers with. */
export type AgentApiErrorCode = Extract<
  HttpErrorCode,
  | "agent_unauthorized"
  | "agent_invalid_request"
  | "agent_session_not_found"
  | "agent_session_ended"
  | "agent_not_in_session"
  | "rate_limited"
  | "not_found"
  | "payload_too_large"
  | "internal_error"
>;

/** An expected failure: a code, the problems found (each naming its field), and Retry-After. */
export interface AgentApiError {
  readonly code: AgentApiErrorCode;
  readonly details?: readonly string[];
  readonly retryAfterSeconds?: number;
}

/** The error for a push the session refused. */
export function refusalError(refusal: PushRefusal): AgentApiError {
  const codes: Record<PushRefusal, AgentApiErrorCode> = {
    session_not_found: "agent_session_not_found",
    session_ended: "agent_session_ended",
    agent_not_in_session: "agent_not_in_session",
  };
  return { code: codes[refusal] };
}

/**
 * Sends `error` with its registry status: `{message, code}` (message: the registry text, then
 * `: ` and the problems joined), `details` listing the problems, and Retry-After when rate limited.
 */
export function sendAgentApiError(reply: FastifyReply, error: AgentApiError): FastifyReply {
  if (error.retryAfterSeconds !== undefined) {
    reply.header("Retry-After", String(error.retryAfterSeconds));
  }
  const base = errorMessage(protocolError(error.code));
  const details = error.details ?? [];
  const message = details.length > 0 ? `${base}: ${details.join("; ")}` : base;
  const body =
    details.length > 0 ? { message, code: error.code, details } : { message, code: error.code };
  return reply.code(httpStatus(error.code)).send(body);
}

/** Maps what Fastify raised (body parsing, size limit, a bug) to an agent API error. */
export function agentApiErrorFromThrown(error: FastifyError): AgentApiError {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") return { code: "payload_too_large" };
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { code: "agent_invalid_request", details: [error.message] };
  }
  return { code: "internal_error" };
}
