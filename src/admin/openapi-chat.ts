// The OpenAPI parts of the Chat API, verified context (the public context route) and their admin keys.
import { CHAT_ERRORS } from "../protocol/index.js";
import { errors, idParam, json, ok, ref, time } from "./openapi-parts.js";

const flatObject = {
  type: "object",
  additionalProperties: { type: ["string", "number", "boolean", "null"] },
  description: "Flat: strings, numbers, booleans or null only; at most 8 KiB as JSON.",
};

const chatError = (codes: readonly (keyof typeof CHAT_ERRORS)[]) =>
  ok(`Chat API error: ${codes.map((c) => `\`${c}\``).join(", ")}`, ref("ChatError"));

const tenant = ["version", "account_id", "project_id"].map((name) => ({
  name,
  in: "path",
  required: true,
  schema: name === "version" ? { const: "v1" } : { type: "string" },
  description: {
    version: "`v1`",
    account_id: "A configured account (SWITCHBOARD_CHAT_ACCOUNTS)",
    project_id: "The connector's id or name",
  }[name],
}));

const chatSecurity = [{ chatApiKey: [], connectorToken: [] }];
const authErrors = {
  "401": chatError(["MISSING_CREDENTIALS", "INVALID_API_KEY", "INVALID_TOKEN"]),
  "403": chatError(["ACCOUNT_FORBIDDEN", "PROJECT_FORBIDDEN"]),
  "429": chatError(["RATE_LIMITED"]),
};

/** Component schemas of these parts. */
export const chatSchemas = {
  ChatError: {
    type: "object",
    required: ["success", "error", "error_id", "error_code", "error_message", "data"],
    properties: {
      success: { const: false },
      error: { type: "string" },
      error_id: {
        type: "string",
        description: "The request id (X-PolyAI-Correlation-Id when sent)",
      },
      error_code: { enum: Object.keys(CHAT_ERRORS) },
      error_message: { type: "string" },
      data: { type: "null" },
    },
  },
  ChatReply: {
    type: "object",
    required: ["conversation_id", "response", "end_conversation"],
    properties: {
      conversation_id: { type: "string" },
      response: {
        type: "string",
        description:
          "Agent and live-agent messages since the last answer, joined with a blank line",
      },
      end_conversation: { type: "boolean" },
      handoff: {
        type: "object",
        properties: { destination: { type: "string" }, reason: { type: "string" } },
      },
    },
  },
  ContextKey: {
    type: "object",
    properties: {
      kid: { type: "string" },
      secrets: {
        type: "array",
        items: {
          type: "object",
          properties: { created_at: time, expires_at: { ...time, type: ["string", "null"] } },
        },
      },
    },
  },
  ApiKey: {
    type: "object",
    properties: {
      id: { type: "string" },
      account_id: { type: "string" },
      created_at: time,
      expires_at: { ...time, type: ["string", "null"] },
    },
  },
};

const overlapBody = (defaultSeconds: number) =>
  json({
    type: "object",
    properties: {
      overlap_seconds: { type: "integer", minimum: 0, maximum: 604_800, default: defaultSeconds },
    },
    additionalProperties: false,
  });

/** Paths of the Chat API, the context route and the admin routes for their keys. */
export const chatPaths = {
  "/{version}/{account_id}/{project_id}/chat/create": {
    parameters: tenant,
    post: {
      summary: "Chat API: start a conversation on the connector's agent; answers its opening text",
      security: chatSecurity,
      requestBody: json({
        type: "object",
        properties: {
          integration_attributes: flatObject,
          variant_id: { type: "string" },
          channel: { enum: ["webchat", "whatsapp", "sms", "api"], default: "api" },
          asr_lang_code: { type: "string" },
          tts_lang_code: { type: "string" },
        },
        additionalProperties: false,
      }),
      responses: {
        "200": ok("Started", {
          type: "object",
          properties: { conversation_id: { type: "string" }, response: { type: "string" } },
        }),
        "400": chatError(["INVALID_REQUEST"]),
        "404": chatError(["CHAT_DRAFT_NOT_EXIST", "NOT_FOUND"]),
        "500": chatError(["CHAT_DRAFT_DEPLOYMENT_FAILED", "AGENT_REPLY_FAILED", "INTERNAL_ERROR"]),
        ...authErrors,
      },
    },
  },
  "/{version}/{account_id}/{project_id}/chat/respond": {
    parameters: tenant,
    post: {
      summary: "Chat API: send a message (or none, to let the agent go on) and await the answer",
      security: chatSecurity,
      requestBody: json({
        type: "object",
        required: ["conversation_id"],
        properties: {
          conversation_id: { type: "string" },
          message: { type: "string", maxLength: 16384 },
        },
      }),
      responses: {
        "200": ok("The turn's answer", ref("ChatReply")),
        "400": chatError(["INVALID_REQUEST", "CHAT_TIMEOUT", "CONVERSATION_ENDED"]),
        "404": chatError(["CONVERSATION_NOT_FOUND"]),
        "500": chatError(["AGENT_REPLY_FAILED", "INTERNAL_ERROR"]),
        ...authErrors,
      },
    },
  },
  "/{version}/{account_id}/{project_id}/chat/close": {
    parameters: tenant,
    put: {
      summary: "Chat API: end the conversation (REASON_USER_END)",
      security: chatSecurity,
      requestBody: json({
        type: "object",
        required: ["conversation_id"],
        properties: { conversation_id: { type: "string" } },
      }),
      responses: {
        "200": ok("Closed", { type: "object", properties: { success: { const: true } } }),
        "404": chatError(["CONVERSATION_NOT_FOUND"]),
        ...authErrors,
      },
    },
  },
  "/api/v1/sessions/{session_id}/context": {
    parameters: [{ name: "session_id", in: "path", required: true, schema: { type: "string" } }],
    post: {
      summary:
        "Submit a signed verified-context token for a session (fails open: always 202 when well-formed)",
      security: [{ accessToken: [] }],
      requestBody: json({
        type: "object",
        required: ["token"],
        properties: { token: { type: "string", maxLength: 16384 } },
      }),
      responses: {
        "202": ok("Received; `accepted` says whether it replaced the context", {
          type: "object",
          properties: { accepted: { type: "boolean" } },
        }),
        "400": ok("missing_access_token or request_parse_error"),
        "401": ok("invalid_access_token"),
        "404": ok("context_session_not_found"),
      },
    },
  },
  "/admin/v1/connectors/{id}/context-keys": {
    parameters: [idParam],
    get: {
      summary: "The connector's verified-context signing keys (never their secrets)",
      responses: {
        "200": ok("Keys", {
          type: "object",
          properties: { context_keys: { type: "array", items: ref("ContextKey") } },
        }),
        ...errors,
      },
    },
    post: {
      summary: "Add a signing key; its secret is shown only in this answer",
      requestBody: json({
        type: "object",
        properties: { kid: { type: "string", pattern: "^[A-Za-z0-9._-]{1,64}$" } },
      }),
      responses: {
        "201": ok("The key and its secret", {
          type: "object",
          properties: { kid: { type: "string" }, secret: { type: "string" } },
        }),
        "409": ok("The connector already has this kid", ref("Error")),
        ...errors,
      },
    },
  },
  "/admin/v1/connectors/{id}/context-keys/{kid}/rotate": {
    parameters: [idParam, { name: "kid", in: "path", required: true, schema: { type: "string" } }],
    post: {
      summary:
        "A new secret for the key; the previous ones verify during the overlap (default a day)",
      requestBody: overlapBody(86_400),
      responses: {
        "200": ok("The new secret (shown once)", {
          type: "object",
          properties: {
            kid: { type: "string" },
            secret: { type: "string" },
            previous_expires_at: time,
          },
        }),
        ...errors,
      },
    },
  },
  "/admin/v1/connectors/{id}/context-keys/{kid}": {
    parameters: [idParam, { name: "kid", in: "path", required: true, schema: { type: "string" } }],
    delete: {
      summary: "Remove a signing key and all its secrets",
      responses: { "204": ok("Removed"), ...errors },
    },
  },
  "/admin/v1/accounts/{account}/api-keys": {
    parameters: [{ name: "account", in: "path", required: true, schema: { type: "string" } }],
    get: {
      summary: "The account's Chat API keys (never the keys)",
      responses: {
        "200": ok("Keys", {
          type: "object",
          properties: { api_keys: { type: "array", items: ref("ApiKey") } },
        }),
        ...errors,
      },
    },
    post: {
      summary: "A new Chat API key; shown only in this answer, stored hashed",
      responses: {
        "201": ok("The key", {
          allOf: [ref("ApiKey"), { type: "object", properties: { key: { type: "string" } } }],
        }),
        ...errors,
      },
    },
  },
  "/admin/v1/accounts/{account}/api-keys/{id}/rotate": {
    parameters: [
      { name: "account", in: "path", required: true, schema: { type: "string" } },
      idParam,
    ],
    post: {
      summary:
        "A new key replacing this one, which keeps working during the overlap (default an hour)",
      requestBody: overlapBody(3600),
      responses: { "200": ok("The new key (shown once)", ref("ApiKey")), ...errors },
    },
  },
  "/admin/v1/accounts/{account}/api-keys/{id}": {
    parameters: [
      { name: "account", in: "path", required: true, schema: { type: "string" } },
      idParam,
    ],
    delete: {
      summary: "Revoke a Chat API key at once",
      responses: { "204": ok("Revoked"), ...errors },
    },
  },
};

/** Security schemes of these parts. */
export const chatSecuritySchemes = {
  chatApiKey: {
    type: "apiKey",
    in: "header",
    name: "X-API-KEY",
    description: "An API key of the account",
  },
  connectorToken: {
    type: "apiKey",
    in: "header",
    name: "X-TOKEN",
    description: "The connector token",
  },
  accessToken: { type: "http", scheme: "bearer", description: "The session's access token" },
};
