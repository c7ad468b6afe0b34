// Every error the server can return, with its stable code and the spec's exact text.
import type { SystemMessageLevel } from "./event-types.js";

interface HttpErrorSpec {
  readonly kind: "http";
  readonly status: number;
  readonly message: string;
}
interface SocketErrorSpec {
  readonly kind: "socket";
  readonly level: SystemMessageLevel;
  /** `{name}` placeholders are filled from the error's params. */
  readonly message: string;
}

/** The error registry; `docs/errors.md` lists the same rows and a test keeps them in step. */
export const ERRORS = {
  // POST /api/v1/access-token
  missing_auth_headers: { kind: "http", status: 401, message: "Missing authentication headers" },
  connector_token_unknown: { kind: "http", status: 401, message: "Connector token does not exist" },
  connector_validation_failed: {
    kind: "http",
    status: 401,
    message: "Failed to validate connector",
  },
  connector_missing_host: { kind: "http", status: 401, message: "Connector missing host domain" },
  access_token_failed: { kind: "http", status: 500, message: "Failed to create access token" },
  // POST /api/v1/sessions
  missing_access_token: { kind: "http", status: 400, message: "Missing access token" },
  invalid_access_token: { kind: "http", status: 401, message: "Invalid access token" },
  request_parse_error: { kind: "http", status: 400, message: "Error parsing request" },
  session_create_failed: { kind: "http", status: 500, message: "Failed to create session" },
  // POST /api/v1/visitor-sessions/{session_id}/access-token
  visitor_session_not_found: {
    kind: "http",
    status: 404,
    message: "No such conversation for this visitor",
  },
  // POST /api/v1/sessions/{session_id}/context
  context_session_not_found: { kind: "http", status: 404, message: "Session not found" },
  // GET and POST /api/v1/sessions/{session_id}/rating
  rating_session_not_found: { kind: "http", status: 404, message: "Session not found" },
  rating_not_offered: {
    kind: "http",
    status: 409,
    message: "This conversation has no rating question",
  },
  rating_session_active: {
    kind: "http",
    status: 409,
    message: "The conversation can be rated once it has ended",
  },
  rating_invalid: { kind: "http", status: 400, message: "Invalid rating: {detail}" },
  // POST /api/v1/sessions/{session_id}/offline-message
  offline_invalid: { kind: "http", status: 400, message: "Invalid offline message" },
  offline_session_not_found: { kind: "http", status: 404, message: "Session not found" },
  offline_not_offered: {
    kind: "http",
    status: 409,
    message: "This conversation is not asking for an offline message",
  },
  offline_already_left: {
    kind: "http",
    status: 409,
    message: "An offline message was already left in this conversation",
  },
  // Files: POST /api/v1/sessions/{session_id}/files, POST /desk/v1/sessions/{session_id}/files, GET /files/…
  file_session_not_found: { kind: "http", status: 404, message: "Session not found" },
  files_disabled: { kind: "http", status: 403, message: "Files cannot be attached here" },
  file_empty: { kind: "http", status: 400, message: "The file is empty" },
  file_name_invalid: {
    kind: "http",
    status: 400,
    message: "The file needs a name of 1 to 200 characters (?name=)",
  },
  file_too_large: {
    kind: "http",
    status: 413,
    message: "The file is larger than the {max_bytes} bytes allowed",
  },
  file_type_not_allowed: {
    kind: "http",
    status: 415,
    message: "Files of this type cannot be attached here",
  },
  file_content_mismatch: {
    kind: "http",
    status: 415,
    message: "The file's contents do not match its type",
  },
  file_url_expired: {
    kind: "http",
    status: 410,
    message: "This file link has expired; ask for a fresh one",
  },
  file_url_bad_signature: { kind: "http", status: 403, message: "This file link is not valid" },
  file_not_found: { kind: "http", status: 404, message: "File not found" },
  file_store_unavailable: {
    kind: "http",
    status: 503,
    message: "Files cannot be stored or read right now; try again shortly",
  },
  // Shared by the HTTP endpoints
  rate_limited: { kind: "http", status: 429, message: "Too many requests" },
  not_found: { kind: "http", status: 404, message: "Not found" },
  payload_too_large: { kind: "http", status: 413, message: "Request body too large" },
  internal_error: { kind: "http", status: 500, message: "Internal server error" },
  shutting_down: { kind: "http", status: 503, message: "Server is shutting down" },
  // Requests refused before (or outside) any API: unreadable, too long, or for forbidden files
  malformed_request: { kind: "http", status: 400, message: "Malformed HTTP request" },
  forbidden: { kind: "http", status: 403, message: "Forbidden" },
  request_timeout: { kind: "http", status: 408, message: "Request timeout" },
  uri_too_long: { kind: "http", status: 414, message: "Request URI too long" },
  headers_too_large: { kind: "http", status: 431, message: "Request headers too large" },
  metrics_unauthorized: { kind: "http", status: 401, message: "Missing or invalid metrics token" },
  // GET /ws handshake
  ws_invalid_parameters: { kind: "http", status: 400, message: "invalid connection parameters" },
  ws_authentication_failed: { kind: "http", status: 401, message: "authentication failed" },
  ws_session_not_found: { kind: "http", status: 404, message: "session not found" },
  ws_connection_limit: {
    kind: "http",
    status: 429,
    message: "connection limit exceeded for session",
  },
  ws_rate_limited: { kind: "http", status: 429, message: "too many connection attempts" },
  // Admin API
  admin_unauthorized: { kind: "http", status: 401, message: "Missing or invalid admin token" },
  admin_not_found: { kind: "http", status: 404, message: "Not found" },
  admin_invalid_request: { kind: "http", status: 400, message: "Invalid request" },
  admin_conflict: { kind: "http", status: 409, message: "Conflict" },

  // Desk API (/desk/v1)
  desk_unauthorized: { kind: "http", status: 401, message: "Missing or invalid desk token" },
  desk_invalid_request: { kind: "http", status: 400, message: "Invalid request" },
  desk_session_not_found: {
    kind: "http",
    status: 404,
    message: "This conversation is not waiting in your queues or assigned to you",
  },
  desk_already_taken: {
    kind: "http",
    status: 409,
    message: "Someone else already accepted this conversation",
  },
  desk_over_capacity: {
    kind: "http",
    status: 409,
    message: "You already hold as many conversations as you may at once",
  },
  desk_not_your_queue: {
    kind: "http",
    status: 403,
    message: "This conversation waits in a queue you do not serve",
  },
  desk_queue_not_found: { kind: "http", status: 404, message: "No such queue" },
  desk_transfer_unavailable: {
    kind: "http",
    status: 409,
    message: "Nobody can take conversations in that queue right now",
  },
  desk_sign_in_failed: {
    kind: "http",
    status: 401,
    message: "That email and password do not match a desk user",
  },
  desk_csrf_rejected: {
    kind: "http",
    status: 403,
    message: "This request did not come from the console (missing or wrong CSRF token or Origin)",
  },
  desk_password_rejected: {
    kind: "http",
    status: 400,
    message: "The password was not accepted",
  },
  desk_not_available: {
    kind: "http",
    status: 409,
    message: "You are away or offline; set yourself online to take new conversations",
  },
  desk_colleague_unavailable: {
    kind: "http",
    status: 409,
    message: "That colleague cannot take this conversation now",
  },

  // Agent API (/agent/v1), used by webhook bots
  agent_unauthorized: { kind: "http", status: 401, message: "Missing or invalid agent key" },
  agent_invalid_request: { kind: "http", status: 400, message: "Invalid request" },
  agent_session_not_found: {
    kind: "http",
    status: 404,
    message: "No such conversation for this agent",
  },
  agent_session_ended: { kind: "http", status: 409, message: "This conversation has ended" },
  agent_not_in_session: {
    kind: "http",
    status: 409,
    message: "The AI agent is not in this conversation right now (it was handed off)",
  },

  // Invalid client events on the WebSocket (sent only to the sender)
  invalid_event_format: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Unknown event type or invalid message format",
  },
  event_type_not_allowed: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Event type not allowed: {type}",
  },
  invalid_payload: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Invalid payload: {reason}",
  },
  attachment_not_found: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Error: Attachment not found",
  },
  conversation_not_found: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Error: Conversation not found",
  },
  session_ended: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Error: Session not found",
  },
  message_rate_limited: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_WARNING",
    message:
      "Rate limit exceeded: your message was not processed. Please slow down and send it again.",
  },
  // Agent-side failures (the client did nothing wrong)
  overloaded: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Our system is experiencing high load. Please try again in a moment.",
  },
  agent_start_failed: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Sorry, I'm unable to start a conversation right now. Please try again later.",
  },
  agent_reply_failed: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Sorry, I'm having trouble responding right now. Please try again.",
  },
  stream_broken: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Sorry, I encountered an error. Please try again.",
  },
  handoff_no_agent: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Sorry, we could not connect you to an agent. Please try again.",
  },
  forward_to_live_agent_failed: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Failed to forward message to live agent",
  },
  handoff_not_initiated: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Sorry, handoff could not be initiated.",
  },
  session_lookup_failed: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Error: Unable to retrieve session",
  },
  connector_not_found: {
    kind: "socket",
    level: "SYSTEM_MESSAGE_LEVEL_ERROR",
    message: "Error: Connector not found",
  },
} as const satisfies Record<string, HttpErrorSpec | SocketErrorSpec>;

export type ErrorCode = keyof typeof ERRORS;
export type HttpErrorCode = {
  [K in ErrorCode]: (typeof ERRORS)[K]["kind"] extends "http" ? K : never;
}[ErrorCode];
export type SocketErrorCode = Exclude<ErrorCode, HttpErrorCode>;

/** An expected failure as a value: a registry code plus the params its message needs. */
export interface ProtocolError<C extends ErrorCode = ErrorCode> {
  readonly code: C;
  readonly params?: Readonly<Record<string, string>>;
  /** Extra human detail (admin API validation), never shown where the spec fixes the text. */
  readonly detail?: string;
}

/** Builds an error value. */
export function protocolError<C extends ErrorCode>(
  code: C,
  params?: Record<string, string>,
  detail?: string,
): ProtocolError<C> {
  return { code, params, detail };
}

/** The exact message text of an error, placeholders filled. */
export function errorMessage(error: ProtocolError): string {
  const template: string = ERRORS[error.code].message;
  const params = error.params;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => params[name] ?? whole);
}

/** The HTTP status of an HTTP error. */
export function httpStatus(code: HttpErrorCode): number {
  return ERRORS[code].status;
}

/** The `EVENT_TYPE_SYSTEM_MESSAGE` payload of a socket error. */
export function systemMessagePayload(error: ProtocolError<SocketErrorCode>): {
  level: SystemMessageLevel;
  message: string;
} {
  return { level: ERRORS[error.code].level, message: errorMessage(error) };
}

/** The HTTP error body of the public API (`sdk-expectations.md` rule 1). */
export function httpErrorBody(error: ProtocolError<HttpErrorCode>): {
  message: string;
  code: string;
} {
  return { message: errorMessage(error), code: error.code };
}
