// The OpenAPI of offline messages: the visitor's form, the connector's settings, the desk's list.
import { errors, idParam, type Json, json, ok, ref, time } from "./openapi-parts.js";

const desk = [{ deskToken: [] }, { deskSession: [], csrfHeader: [] }];
const nullableString = { type: ["string", "null"] };

/** Schemas of offline messages. */
export const offlineSchemas: Record<string, Json> = {
  OfflineSettings: {
    type: "object",
    required: ["enabled"],
    properties: {
      enabled: {
        type: "boolean",
        description:
          "Ask for an email and a message when nobody can take a chat (queue closed, nobody serving it)",
      },
      webhook_url: {
        ...nullableString,
        format: "uri",
        description: "Each offline message is POSTed here, signed",
      },
      webhook_secret: {
        ...nullableString,
        minLength: 16,
        maxLength: 512,
        description:
          'HMAC key of X-Switchboard-Signature; shown as "********", which sent back keeps it',
      },
    },
  },
  OfflineMessage: {
    type: "object",
    properties: {
      id: { type: "string" },
      session_id: { type: "string" },
      connector_id: { type: "string" },
      queue: { type: "string" },
      reason: { enum: ["QUEUE_CLOSED", "NO_AGENTS_AVAILABLE"] },
      email: { type: "string" },
      name: nullableString,
      message: { type: "string" },
      language: nullableString,
      created_at: time,
      delivery: { enum: ["none", "pending", "delivered", "failed"] },
      attempts: { type: "integer" },
      last_error: nullableString,
      delivered_at: { type: ["string", "null"], format: "date-time" },
    },
  },
};

/** Paths of offline messages. */
export const offlinePaths: Record<string, Json> = {
  "/api/v1/sessions/{session_id}/offline-message": {
    parameters: [{ name: "session_id", in: "path", required: true, schema: { type: "string" } }],
    post: {
      summary:
        "Leave an offline message after HANDOFF_FAILED with offline_message: true (the session then ends with a thank-you)",
      security: [{ accessToken: [] }],
      requestBody: json({
        type: "object",
        required: ["email", "message"],
        properties: {
          email: { type: "string", maxLength: 254 },
          name: { type: "string", maxLength: 100 },
          message: { type: "string", minLength: 1, maxLength: 4000 },
        },
      }),
      responses: {
        "201": ok("Kept", {
          type: "object",
          properties: { id: { type: "string" }, delivery: { enum: ["none", "pending"] } },
        }),
        "400": ok(
          "offline_invalid (with `problems`: `[{field, problem}]`), request_parse_error or missing_access_token",
        ),
        "401": ok("invalid_access_token"),
        "404": ok("offline_session_not_found"),
        "409": ok("offline_not_offered or offline_already_left"),
        "413": ok("payload_too_large (over 32 KiB)"),
        "429": ok("rate_limited"),
      },
    },
  },
  "/admin/v1/connectors/{id}/offline-messages": {
    parameters: [idParam],
    get: {
      summary: "The connector's offline-message settings (the secret masked)",
      responses: { "200": ok("Settings", ref("OfflineSettings")), ...errors },
    },
    put: {
      summary: "Replace the connector's offline-message settings",
      requestBody: json(ref("OfflineSettings")),
      responses: { "200": ok("Stored", ref("OfflineSettings")), ...errors },
    },
  },
  "/desk/v1/offline-messages": {
    get: {
      summary: "Offline messages of my queues, newest first",
      security: desk,
      parameters: [
        {
          name: "limit",
          in: "query",
          required: false,
          schema: { type: "integer", minimum: 1, maximum: 200 },
        },
        {
          name: "before",
          in: "query",
          required: false,
          description: "An id: only older ones",
          schema: { type: "string" },
        },
      ],
      responses: {
        "200": ok("Offline messages", {
          type: "object",
          properties: { offline_messages: { type: "array", items: ref("OfflineMessage") } },
        }),
        "400": ok("desk_invalid_request (limit)"),
      },
    },
  },
  "/desk/v1/offline-messages/{id}": {
    get: {
      summary: "One offline message of my queues with its conversation, read-only",
      security: desk,
      parameters: [idParam],
      responses: {
        "200": ok("The message, `session` and `events`", {
          type: "object",
          properties: {
            offline_message: ref("OfflineMessage"),
            session: { type: "object" },
            events: { type: "array", items: { type: "object" } },
          },
        }),
        "404": ok("not_found (none, or not of my queues)"),
      },
    },
  },
};
