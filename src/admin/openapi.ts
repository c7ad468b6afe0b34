// The hand-written OpenAPI 3.1 document of the admin API and the agent API (served at /docs/openapi.json).
import { AGENT_SCHEMAS } from "./openapi-agents.js";
import { chatPaths, chatSchemas, chatSecuritySchemes } from "./openapi-chat.js";
import { deskPaths, deskSchemas } from "./openapi-desk.js";
import { deskApiPaths, deskApiSchemas, deskSecuritySchemes } from "./openapi-desk-api.js";
import { filePaths, fileSchemas } from "./openapi-files.js";
import { offlinePaths, offlineSchemas } from "./openapi-offline.js";
import { errorSchema, errors, idParam, json, ok, query, ref, time } from "./openapi-parts.js";
import { ratingPaths, ratingSchemas } from "./openapi-ratings.js";
import { webhookPaths, webhookSchemas } from "./openapi-webhook.js";

const handoff = {
  oneOf: [
    {
      type: "object",
      required: ["mode"],
      properties: { mode: { const: "server" }, queue: { type: "string" } },
      additionalProperties: false,
    },
    {
      type: "object",
      required: ["mode", "reason", "queue_name"],
      properties: {
        mode: { const: "client" },
        reason: { enum: ["COMPLEX_QUERY", "AGENT_DECISION", "POLICY"] },
        queue_name: { type: "string" },
        route: { type: "string", format: "uri" },
      },
      additionalProperties: false,
    },
    { type: "null" },
  ],
};

const languageDetection = {
  type: ["object", "null"],
  description:
    "Whether the user's language is detected from their messages (then LANGUAGE_CHANGED and answers in it), and among which languages. null (the default) means on, any language.",
  properties: {
    enabled: { type: "boolean" },
    languages: { type: ["array", "null"], items: { type: "string", pattern: "^[a-z]{2,3}$" } },
  },
  required: ["enabled"],
  additionalProperties: false,
};
const rating = {
  type: ["object", "null"],
  description:
    "The satisfaction question the widget asks when a conversation ends: a score from 1 to 5 (`five`) or thumbs up/down (`thumbs`), with an optional comment when `comment` is true. null (the default) asks nothing.",
  properties: {
    scale: { enum: ["five", "thumbs"] },
    comment: { type: "boolean", default: false },
  },
  required: ["scale"],
  additionalProperties: false,
};
const variants = {
  type: ["object", "null"],
  description:
    "Agent variants a Chat API conversation may be started on with `variant_id`: variant id → agent id (at most 50). null or {} means none; then any `variant_id` is CHAT_DRAFT_NOT_EXIST.",
  additionalProperties: { type: "string" },
  propertyNames: { pattern: "^[A-Za-z0-9._-]{1,64}$" },
};
const chunkJoin = {
  enum: ["auto", "space", "concat", null],
  description:
    "How streamed replies of the connector's new sessions are cut into chunks: `concat` (chunk texts concatenate to the message), `space` (the non-empty chunk texts joined with one space give it, as the official mobile SDKs join them), or `auto` (the default; `space` for sessions the official SDKs create, else `concat`). null resets to `auto`.",
};

const schemas = {
  Error: errorSchema,
  ...AGENT_SCHEMAS,
  Agent: {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: "string" },
      definition: ref("AgentDefinition"),
      has_agent_key: { type: "boolean", description: "Whether it has an agent API key" },
      created_at: time,
      updated_at: time,
    },
  },
  ConnectorInput: {
    type: "object",
    properties: {
      host: { type: ["string", "null"] },
      agent_id: { type: "string" },
      handoff,
      name: { type: ["string", "null"] },
      chunk_join: chunkJoin,
      language_detection: languageDetection,
      rating,
      variants,
    },
    additionalProperties: false,
  },
  Connector: {
    type: "object",
    properties: {
      id: { type: "string" },
      name: { type: ["string", "null"] },
      host: { type: ["string", "null"] },
      agent_id: { type: "string" },
      handoff,
      chunk_join: { enum: ["auto", "space", "concat"] },
      language_detection: languageDetection,
      rating,
      variants: { ...variants, type: "object" },
      created_at: time,
      updated_at: time,
    },
  },
  ConnectorWithToken: {
    allOf: [
      ref("Connector"),
      {
        type: "object",
        properties: { token: { type: "string", description: "Shown only in this response." } },
      },
    ],
  },
  Session: {
    type: "object",
    properties: {
      id: { type: "string" },
      connector_id: { type: "string" },
      state: { enum: ["active", "ended"] },
      agent_status: { enum: ["none", "ai", "handoff", "live"] },
      streaming: { type: "boolean" },
      client_profile: {
        enum: ["standard", "official-sdk"],
        description:
          "`official-sdk` when an official PolyAI mobile SDK created it (its User-Agent).",
      },
      chunk_layout: { enum: ["concat", "space"] },
      platform: { type: "string" },
      language: { type: ["string", "null"] },
      end_reason: { type: ["string", "null"] },
      last_sequence: { type: "integer" },
      rating: {
        oneOf: [ref("Rating"), { type: "null" }],
        description: "In the session detail: the visitor's rating, if any.",
      },
      created_at: time,
      updated_at: time,
      ended_at: { type: ["string", "null"], format: "date-time" },
    },
  },
  ...deskSchemas,
  ...chatSchemas,
  ...deskApiSchemas,
  ...webhookSchemas,
  ...ratingSchemas,
  ...offlineSchemas,
  ...fileSchemas,
};

const paths = {
  "/admin/v1/agents": {
    get: {
      summary: "List agents",
      responses: {
        "200": ok("Agents", {
          type: "object",
          properties: { agents: { type: "array", items: ref("Agent") } },
        }),
        "401": errors["401"],
      },
    },
    post: {
      summary: "Create an agent",
      requestBody: json(ref("AgentDefinition")),
      responses: {
        "201": ok("Created; a webhook agent's key is shown only here", ref("AgentWithKey")),
        ...errors,
        "409": ok("Id taken", ref("Error")),
      },
    },
  },
  "/admin/v1/agents/{id}": {
    parameters: [idParam],
    get: {
      summary: "Read an agent",
      responses: { "200": ok("The agent", ref("Agent")), ...errors },
    },
    put: {
      summary: "Replace an agent's definition",
      requestBody: json(ref("AgentDefinition")),
      responses: { "200": ok("Updated", ref("Agent")), ...errors },
    },
    delete: {
      summary: "Delete an agent",
      responses: {
        "204": ok("Deleted"),
        ...errors,
        "409": ok("Still used by a connector", ref("Error")),
      },
    },
  },
  "/admin/v1/connectors": {
    get: {
      summary: "List connectors",
      responses: {
        "200": ok("Connectors", {
          type: "object",
          properties: { connectors: { type: "array", items: ref("Connector") } },
        }),
        "401": errors["401"],
      },
    },
    post: {
      summary: "Create a connector",
      requestBody: json(ref("ConnectorInput")),
      responses: {
        "201": ok("Created; the token is shown only here", ref("ConnectorWithToken")),
        ...errors,
      },
    },
  },
  "/admin/v1/connectors/{id}": {
    parameters: [idParam],
    get: {
      summary: "Read a connector",
      responses: { "200": ok("The connector", ref("Connector")), ...errors },
    },
    patch: {
      summary: "Change a connector",
      requestBody: json(ref("ConnectorInput")),
      responses: { "200": ok("Updated", ref("Connector")), ...errors },
    },
    delete: { summary: "Delete a connector", responses: { "204": ok("Deleted"), ...errors } },
  },
  "/admin/v1/connectors/{id}/rotate-token": {
    parameters: [idParam],
    post: {
      summary: "Replace the connector token",
      responses: { "200": ok("The new token, shown once", ref("ConnectorWithToken")), ...errors },
    },
  },
  "/admin/v1/sessions": {
    get: {
      summary: "List sessions, newest first",
      parameters: [
        query("connector_id", "Only this connector's sessions"),
        query("state", "active or ended"),
        query("created_after", "ISO 8601 or epoch ms"),
        query("created_before", "ISO 8601 or epoch ms"),
        query("limit", "1-500, default 50"),
        query("before", "A session id: the page after it (next_before of the previous page)"),
      ],
      responses: {
        "200": ok("A page", {
          type: "object",
          properties: {
            sessions: { type: "array", items: ref("Session") },
            next_before: { type: ["string", "null"] },
          },
        }),
        "400": errors["400"],
        "401": errors["401"],
      },
    },
  },
  "/admin/v1/sessions/{id}": {
    parameters: [idParam],
    get: {
      summary: "A session with its full event log",
      responses: { "200": ok("The session and `events`", ref("Session")), ...errors },
    },
    delete: {
      summary: "Erase a session and its events",
      responses: { "204": ok("Erased"), ...errors },
    },
  },
  "/admin/v1/signing-keys/rotate": {
    post: {
      summary: "Rotate the access-token signing key",
      responses: {
        "200": ok("The new key id", { type: "object", properties: { kid: { type: "string" } } }),
        "401": errors["401"],
      },
    },
  },
  ...deskPaths,
  ...deskApiPaths,
  ...webhookPaths,
  ...chatPaths,
  ...ratingPaths,
  ...offlinePaths,
  ...filePaths,
};

/** The OpenAPI 3.1 document of the admin API. */
export const ADMIN_OPENAPI = {
  openapi: "3.1.0",
  info: { title: "Switchboard admin API", version: "1" },
  components: {
    schemas,
    securitySchemes: {
      adminToken: { type: "http", scheme: "bearer", description: "SWITCHBOARD_ADMIN_TOKEN" },
      agentKey: {
        type: "http",
        scheme: "bearer",
        description: "A webhook agent's key (/agent/v1)",
      },
      ...chatSecuritySchemes,
      ...deskSecuritySchemes,
    },
  },
  security: [{ adminToken: [] }],
  paths,
} as const;
