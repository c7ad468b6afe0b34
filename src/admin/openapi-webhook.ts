// The OpenAPI schemas and paths of webhook agents: their definition, agent keys and the agent API.
import { errors, idParam, type Json, json, ok, ref } from "./openapi-parts.js";

const message = {
  type: "object",
  required: ["text"],
  properties: {
    text: { type: "string", minLength: 1, maxLength: 10000 },
    attachments: { type: "array", maxItems: 10, items: { type: "object" } },
    response_suggestions: { type: "array", maxItems: 10, items: { type: "object" } },
  },
};

const pushFields = {
  reply_to: {
    type: "string",
    description: "The `id` of the event this answers (the webhook request's Idempotency-Key).",
  },
  more: {
    type: "boolean",
    default: false,
    description: "More parts of this answer follow; the answer stays open.",
  },
};

/** Component schemas of webhook agents and the agent API. */
export const webhookSchemas = {
  WebhookAgentDefinition: {
    type: "object",
    description: "docs/webhook-agents.md describes every field, the events and the answers.",
    required: ["kind", "name", "url"],
    properties: {
      id: { type: "string" },
      kind: { const: "webhook" },
      name: { type: "string", maxLength: 100 },
      avatar_url: { type: "string", format: "uri" },
      url: { type: "string", format: "uri" },
      secret: {
        type: "string",
        minLength: 16,
        writeOnly: true,
        description: 'The signing secret; answers show "********", and sending that back keeps it.',
      },
      secret_env: { type: "string", description: "Or: the environment variable holding it." },
      headers: { type: "object", additionalProperties: { type: "string" }, maxProperties: 20 },
      timeout_ms: { type: "integer", minimum: 100, maximum: 120000, default: 10000 },
      retries: { type: "integer", minimum: 0, maximum: 10, default: 2 },
      backoff_ms: { type: "integer", minimum: 0, maximum: 10000, default: 250 },
      circuit_breaker: {
        type: "object",
        properties: {
          failures: { type: "integer", minimum: 1, maximum: 1000, default: 5 },
          cooldown_ms: { type: "integer", minimum: 1000, maximum: 3600000, default: 30000 },
        },
      },
      fallback: {
        type: "object",
        properties: {
          message,
          handoff: {
            type: "object",
            properties: { queue: { type: "string" }, reason: { type: "string" } },
          },
        },
      },
      deadline_ms: { type: "integer", minimum: 1000, maximum: 600000, default: 30000 },
      interrupt: { type: "boolean", default: false },
      history: {
        type: "object",
        required: ["unit", "limit"],
        properties: {
          unit: { enum: ["characters", "tokens"] },
          limit: { type: "integer", minimum: 0 },
        },
      },
      on_handoff_failure: { enum: ["rejoin", "end"], default: "rejoin" },
      when_no_human: { enum: ["offline_message", "agent"], default: "offline_message" },
      default_language: { type: "string", default: "en" },
    },
    additionalProperties: false,
  },
  AgentWithKey: {
    allOf: [
      ref("Agent"),
      {
        type: "object",
        properties: {
          agent_key: {
            type: "string",
            description: "The agent API key of a webhook agent; shown only in this response.",
          },
        },
      },
    ],
  },
  AgentMessageBody: {
    ...message,
    properties: { ...message.properties, ...pushFields },
    additionalProperties: false,
  },
  AgentChunkBody: {
    type: "object",
    required: ["text"],
    properties: {
      text: { type: "string", maxLength: 10000, description: "A text delta (may split words)." },
      final: { type: "boolean", default: false, description: "Closes the message." },
      attachments: message.properties.attachments,
      response_suggestions: message.properties.response_suggestions,
      ...pushFields,
    },
    additionalProperties: false,
  },
  AgentPushResult: {
    type: "object",
    description: "202: `{turn, status: accepted}`; 200: the finished turn's outcome.",
    properties: {
      turn: { type: "string" },
      status: {
        enum: [
          "accepted",
          "completed",
          "failed",
          "timed_out",
          "stopped",
          "interrupted",
          "duplicate",
        ],
      },
      message_ids: { type: "array", items: { type: "string" } },
      end_conversation: { type: "boolean" },
      handoff: { type: ["object", "null"] },
      error: { type: ["string", "null"] },
    },
  },
  AgentApiError: {
    type: "object",
    required: ["message", "code"],
    properties: {
      message: { type: "string" },
      code: { type: "string" },
      details: { type: "array", items: { type: "string" } },
    },
  },
};

const sessionParam = {
  name: "session_id",
  in: "path",
  required: true,
  schema: { type: "string" },
};
const idempotencyHeader = {
  name: "Idempotency-Key",
  in: "header",
  required: false,
  description: "A push repeated with the same key is applied once and answered like the first.",
  schema: { type: "string", maxLength: 200 },
};
const agentErrors: Json = {
  "400": ok("Invalid body; `details` names every bad field", ref("AgentApiError")),
  "401": ok("Missing or invalid agent key", ref("AgentApiError")),
  "404": ok("No such conversation for this agent", ref("AgentApiError")),
  "409": ok("The conversation ended, or the AI agent is not in it", ref("AgentApiError")),
  "429": ok("Too many requests (Retry-After)", ref("AgentApiError")),
};

function push(summary: string, body: Json | null): Json {
  return {
    summary,
    security: [{ agentKey: [] }],
    parameters: [idempotencyHeader],
    ...(body ? { requestBody: json(body) } : {}),
    responses: {
      "200": ok("The answer is complete: its turn's outcome", ref("AgentPushResult")),
      "202": ok("Accepted; more parts of this answer may follow", ref("AgentPushResult")),
      ...agentErrors,
    },
  };
}

/** Paths of agent keys (admin) and of the agent API (bearer agent key). */
export const webhookPaths = {
  "/admin/v1/agents/{id}/rotate-key": {
    parameters: [idParam],
    post: {
      summary: "Give a webhook agent a new agent key (the old one stops working)",
      responses: {
        "200": ok("The new key, shown once", ref("AgentWithKey")),
        ...errors,
        "409": ok("This kind of agent has no agent key", ref("Error")),
      },
    },
  },
  "/agent/v1/sessions/{session_id}/messages": {
    parameters: [sessionParam],
    post: push("Send a whole message", ref("AgentMessageBody")),
  },
  "/agent/v1/sessions/{session_id}/chunks": {
    parameters: [sessionParam],
    post: push("Stream a message, one text delta per request", ref("AgentChunkBody")),
  },
  "/agent/v1/sessions/{session_id}/handoff": {
    parameters: [sessionParam],
    post: push("Hand the conversation to a person", {
      type: "object",
      properties: {
        queue: { type: "string" },
        reason: { type: "string" },
        reply_to: pushFields.reply_to,
      },
    }),
  },
  "/agent/v1/sessions/{session_id}/end": {
    parameters: [sessionParam],
    post: push("End the conversation", {
      type: "object",
      properties: { reply_to: pushFields.reply_to },
    }),
  },
  "/agent/v1/sessions/{session_id}/typing": {
    parameters: [sessionParam],
    post: {
      summary: "Show the agent as working (POLY_AGENT_THINKING)",
      security: [{ agentKey: [] }],
      responses: { "204": ok("Shown"), ...agentErrors },
    },
  },
};
