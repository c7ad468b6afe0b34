// Agent implementations behind the core's Agent port: the factory, validation, rules, LLM and webhook agents.

export {
  AGENT_KIND_NAMES,
  type AgentDeps,
  type AgentKind,
  createAgentFactory,
  validateAgentDefinition,
} from "./agent-kinds.js";
export type { ContextSettings } from "./context-settings.js";
export {
  BUILTIN_TOOL_NAMES,
  cutPassages,
  KnowledgeIndex,
  type LlmObserver,
  type UpstreamErrorKind,
} from "./llm/index.js";
export {
  ATTACHMENTS_MAX,
  MESSAGE_TEXT_MAX_CHARS,
  SUGGESTIONS_MAX,
} from "./message-content.js";
export {
  createRulesAgent,
  DEFAULT_REJOIN_TEXT,
  exampleRulesDefinition,
  REGEX_INPUT_MAX_CHARS,
  RULES_MAX,
} from "./rules/index.js";
export {
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signatureHeader,
  verifySignature,
} from "./signing.js";
export {
  exampleWebhookDefinition,
  type PushBody,
  quietWebhookObserver,
  readChunkBody,
  readEndBody,
  readHandoffBody,
  readMessageBody,
  type WebhookObserver,
  type WireResult,
} from "./webhook/index.js";
