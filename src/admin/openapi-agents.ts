// OpenAPI schemas of agent definitions, one per kind (docs/agents.md describes every field).
type Json = Record<string, unknown>;

const text = { type: "string" };
const message: Json = {
  type: "object",
  required: ["text"],
  properties: { text, attachments: { type: "array" }, response_suggestions: { type: "array" } },
};
const secret: Json = {
  type: "string",
  writeOnly: true,
  description: "Write-only: read back as `********`; sending `********` keeps the stored value.",
};
const endpoint: Json = {
  type: "object",
  required: ["base_url", "model"],
  properties: {
    base_url: { type: "string", format: "uri" },
    model: text,
    api_key_env: { type: "string", description: "Environment variable holding the key." },
    api_key: secret,
    api_key_header: {
      type: "string",
      description: "Header carrying the key, e.g. api-key (Azure).",
    },
    headers: { type: "object", additionalProperties: text },
    query: { type: "object", additionalProperties: text, description: "e.g. Azure's api-version." },
    temperature: { type: "number", minimum: 0, maximum: 2 },
    max_tokens: { type: "integer", minimum: 1 },
    top_p: { type: "number", minimum: 0, maximum: 1 },
    max_retries: { type: "integer", minimum: 0, maximum: 10 },
  },
};

/** `AgentDefinition` (one of the kinds) and its per-kind schemas. */
export const AGENT_SCHEMAS: Record<string, Json> = {
  AgentDefinition: {
    description: "An agent definition (docs/agents.md); an optional `id` on create chooses the id.",
    oneOf: [
      { $ref: "#/components/schemas/RulesAgentDefinition" },
      { $ref: "#/components/schemas/LlmAgentDefinition" },
      { $ref: "#/components/schemas/WebhookAgentDefinition" },
    ],
    discriminator: { propertyName: "kind" },
  },
  RulesAgentDefinition: {
    type: "object",
    required: ["kind", "name", "greeting", "fallback"],
    properties: {
      id: text,
      kind: { const: "rules" },
      name: text,
      avatar_url: text,
      greeting: message,
      fallback: message,
      rules: { type: "array" },
      rejoin: message,
      translations: { type: "object" },
      on_handoff_failure: { enum: ["rejoin", "end"] },
      when_no_human: { enum: ["offline_message", "agent"], default: "offline_message" },
    },
  },
  LlmAgentDefinition: {
    type: "object",
    required: ["kind", "name", "provider"],
    properties: {
      id: text,
      kind: { const: "llm" },
      name: text,
      avatar_url: text,
      provider: endpoint,
      fallbacks: { type: "array", items: endpoint, maxItems: 5 },
      instructions: text,
      greeting: {
        oneOf: [
          message,
          { type: "object", properties: { generate: { type: ["boolean", "string"] } } },
        ],
      },
      rejoin: message,
      history_budget: {
        type: "object",
        properties: { tokens: { type: "integer" }, characters: { type: "integer" } },
      },
      deadline_seconds: { type: "number", minimum: 1, maximum: 600 },
      interrupt: { type: "boolean" },
      builtin_tools: { type: "array", items: text },
      http_tools: {
        type: "array",
        items: {
          type: "object",
          required: ["name", "description", "url"],
          properties: {
            name: text,
            description: text,
            parameters: { type: "object" },
            url: { type: "string", format: "uri" },
            secret_env: text,
            secret,
            timeout_seconds: { type: "number" },
          },
        },
      },
      max_tool_rounds: { type: "integer", minimum: 0, maximum: 10 },
      knowledge: {
        type: "object",
        properties: { documents: { type: "array" }, max_passages: { type: "integer" } },
      },
      guardrails: { type: "object" },
      refusal_text: text,
      language: text,
      on_handoff_failure: { enum: ["rejoin", "end"] },
      when_no_human: { enum: ["offline_message", "agent"], default: "offline_message" },
    },
  },
};
