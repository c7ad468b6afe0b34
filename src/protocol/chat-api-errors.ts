// The Chat API's errors: stable UPPER_SNAKE_CASE codes with their status and text (chat-api.md §1).

/** Every error the Chat API answers with; docs/chat-api.md lists them and a test keeps the two in step. */
export const CHAT_ERRORS = {
  CHAT_TIMEOUT: { status: 400, message: "Chat session exceeded the timeout limit." },
  CHAT_DRAFT_NOT_EXIST: {
    status: 404,
    message: "The draft you are attempting to chat with does not exist.",
  },
  CHAT_DRAFT_DEPLOYMENT_FAILED: {
    status: 500,
    message: "The draft could not be started: the connector's agent is missing or invalid.",
  },
  INVALID_REQUEST: { status: 400, message: "The request body is not valid." },
  MISSING_CREDENTIALS: { status: 401, message: "Both X-API-KEY and X-TOKEN headers are required." },
  INVALID_API_KEY: { status: 401, message: "The API key is not valid." },
  INVALID_TOKEN: { status: 401, message: "The connector token is not valid." },
  ACCOUNT_FORBIDDEN: { status: 403, message: "The API key does not belong to this account." },
  PROJECT_FORBIDDEN: {
    status: 403,
    message: "The connector token does not belong to this project.",
  },
  NOT_FOUND: { status: 404, message: "No such Chat API endpoint." },
  CONVERSATION_NOT_FOUND: { status: 404, message: "The conversation does not exist." },
  CONVERSATION_ENDED: { status: 400, message: "The conversation has ended." },
  AGENT_REPLY_FAILED: {
    status: 500,
    message:
      "The agent could not answer; the conversation goes on and the message can be sent again.",
  },
  RATE_LIMITED: { status: 429, message: "Too many requests; retry after the Retry-After delay." },
  PAYLOAD_TOO_LARGE: { status: 413, message: "The request body is too large." },
  INTERNAL_ERROR: { status: 500, message: "Internal server error." },
} as const satisfies Record<string, { status: number; message: string }>;

export type ChatErrorCode = keyof typeof CHAT_ERRORS;

/** A Chat API failure as a value; `detail` is appended to `error_message` (never secrets). */
export interface ChatFailure {
  code: ChatErrorCode;
  detail?: string;
  retryAfter?: number;
}

/** The spec's envelope for a failure of request `requestId`. */
export function chatErrorBody(failure: ChatFailure, requestId: string) {
  const { message } = CHAT_ERRORS[failure.code];
  const text = failure.detail ? `${message} ${failure.detail}` : message;
  return {
    success: false,
    error: text,
    error_id: requestId,
    error_code: failure.code,
    error_message: text,
    data: null,
  };
}
