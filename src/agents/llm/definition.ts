// The LLM agent's definition: its typed form and the parser that checks every field.

import { isPlainObject } from "../../protocol/index.js";
import { type ContextSettings, readContextSettings } from "../context-settings.js";
import {
  fieldPath,
  isLanguageTag,
  NAME_MAX_CHARS,
  Problems,
  readArray,
  readChoice,
  readNumber,
  readObject,
  readOptionalText,
  readUrl,
} from "../definition-checks.js";
import { type MessageTemplate, readMessage } from "../message-content.js";
import { readWhenNoHuman } from "../no-human.js";
import { DEFAULT_REJOIN_TEXT } from "../rules/index.js";
import { type EndpointSpec, readEndpoint } from "./endpoint-spec.js";
import { type HttpToolSpec, readHttpTools } from "./http-tool-spec.js";
import { type KnowledgeSpec, readKnowledge } from "./knowledge-spec.js";

/** Longest system prompt; far beyond any sensible one, it bounds what is sent per turn. */
export const INSTRUCTIONS_MAX_CHARS = 100_000;
/** Most fallback endpoints. */
export const FALLBACKS_MAX = 5;
/** Most tool rounds a definition may allow per turn. */
export const TOOL_ROUNDS_MAX = 10;

export const BUILTIN_TOOL_NAMES = [
  "handoff",
  "end_conversation",
  "set_language",
  "suggest_replies",
  "send_attachment",
  "mark_unanswerable",
] as const;
export type BuiltinToolName = (typeof BUILTIN_TOOL_NAMES)[number];

/** How long the history sent to the model may be. */
export type HistoryBudgetSpec = { unit: "tokens" | "characters"; limit: number };

export interface Guardrails {
  /** User messages the agent answers per session; then `onMaxTurns`. 0: no limit. */
  maxTurns: number;
  onMaxTurns: "handoff" | "end";
  maxTurnsText: string;
  /** Turns marked unanswerable (or failed upstream) before the agent offers a person. 0: never. */
  offerHandoffAfter: number;
  offerHandoffText: string;
  offerHandoffButton: string;
}

/** A checked `kind: "llm"` definition. */
export interface LlmDefinition {
  name: string;
  avatarUrl: string;
  endpoints: EndpointSpec[];
  instructions: string;
  greeting: { fixed: MessageTemplate } | { generate: string };
  rejoin: MessageTemplate;
  history: HistoryBudgetSpec;
  deadlineMs: number;
  interrupt: boolean;
  builtinTools: BuiltinToolName[];
  httpTools: HttpToolSpec[];
  maxToolRounds: number;
  knowledge: KnowledgeSpec | null;
  guardrails: Guardrails;
  /** Sent when the provider refuses (content filter). */
  refusalText: string;
  language: string;
  endOnHandoffFailure: boolean;
  whenNoHuman: "offline_message" | "agent";
  /** Which visitor facts the prompt states. */
  context: ContextSettings;
}

export type ParsedLlmDefinition =
  | { ok: true; definition: LlmDefinition }
  | { ok: false; problems: string[] };

const TOP_LEVEL_FIELDS = [
  "kind",
  "name",
  "avatar_url",
  "provider",
  "fallbacks",
  "instructions",
  "greeting",
  "rejoin",
  "history_budget",
  "deadline_seconds",
  "interrupt",
  "builtin_tools",
  "http_tools",
  "max_tool_rounds",
  "knowledge",
  "guardrails",
  "refusal_text",
  "language",
  "on_handoff_failure",
  "when_no_human",
  "context",
] as const;
const GUARDRAIL_FIELDS = [
  "max_turns",
  "on_max_turns",
  "max_turns_text",
  "offer_handoff_after",
  "offer_handoff_text",
  "offer_handoff_button",
] as const;

const DEFAULT_INSTRUCTIONS = "You are a helpful assistant. Answer briefly.";
const DEFAULT_GREETING_PROMPT =
  "Greet the user in one short sentence and ask how you can help. Do not call tools.";
export const DEFAULT_REFUSAL_TEXT = "Sorry, I can't help with that. Could you ask in another way?";
const DEFAULT_MAX_TURNS_TEXT = "We have covered a lot. Let me pass you to a person.";
const DEFAULT_OFFER_TEXT = "I'm not able to help with this. Would you like to talk to a person?";
const DEFAULT_OFFER_BUTTON = "Talk to a person";
const HTTP = ["http:", "https:"];

/** Checks a `kind: "llm"` definition; lists every bad field. */
export function parseLlmDefinition(raw: Record<string, unknown>): ParsedLlmDefinition {
  const problems = new Problems();
  readObject(raw, "", problems, TOP_LEVEL_FIELDS);
  const name = readRequired(raw, "name", problems, () =>
    readOptionalText(raw, "name", "", problems, NAME_MAX_CHARS),
  );
  const avatarUrl = raw.avatar_url === "" ? "" : readUrl(raw, "avatar_url", "", problems, HTTP);
  const primary = readRequired(raw, "provider", problems, () =>
    readEndpoint(raw.provider, "provider", problems),
  );
  const fallbacks = (
    readArray(raw, "fallbacks", "", problems, { max: FALLBACKS_MAX, nonEmpty: false }) ?? []
  )
    .map((item, index) => readEndpoint(item, fieldPath("fallbacks", index), problems))
    .filter((endpoint): endpoint is EndpointSpec => endpoint !== undefined);
  const instructions =
    readOptionalText(raw, "instructions", "", problems, INSTRUCTIONS_MAX_CHARS) ??
    DEFAULT_INSTRUCTIONS;
  const greeting = readGreeting(raw.greeting, problems);
  const rejoin = raw.rejoin === undefined ? undefined : readMessage(raw.rejoin, "rejoin", problems);
  const history = readHistoryBudget(raw.history_budget, problems);
  const deadlineSeconds = readNumber(raw, "deadline_seconds", "", problems, {
    min: 1,
    max: 600,
    integer: false,
  });
  const interrupt = readBoolean(raw, "interrupt", problems);
  const builtinTools = readBuiltinTools(raw, problems);
  const httpTools = readHttpTools(raw.http_tools, "http_tools", problems, builtinTools);
  const maxToolRounds = readNumber(raw, "max_tool_rounds", "", problems, {
    min: 0,
    max: TOOL_ROUNDS_MAX,
    integer: true,
  });
  const knowledge =
    raw.knowledge === undefined ? null : readKnowledge(raw.knowledge, "knowledge", problems);
  const guardrails = readGuardrails(raw.guardrails, problems);
  const refusalText = readOptionalText(raw, "refusal_text", "", problems, 2000);
  const language = readLanguage(raw, problems);
  const onFailure = readChoice(raw, "on_handoff_failure", "", problems, ["rejoin", "end"], false);
  const context = readContextSettings(raw.context, problems, true);
  if (!problems.isEmpty || !name || !primary) return { ok: false, problems: problems.list() };
  return {
    ok: true,
    definition: {
      name,
      avatarUrl: avatarUrl ?? "",
      endpoints: [primary, ...fallbacks],
      instructions,
      greeting,
      rejoin: rejoin ?? { text: DEFAULT_REJOIN_TEXT },
      history,
      deadlineMs: Math.round((deadlineSeconds ?? 30) * 1000),
      interrupt: interrupt ?? false,
      builtinTools,
      httpTools,
      maxToolRounds: maxToolRounds ?? 3,
      knowledge: knowledge ?? null,
      guardrails,
      refusalText: refusalText ?? DEFAULT_REFUSAL_TEXT,
      language: language ?? "en",
      endOnHandoffFailure: onFailure === "end",
      whenNoHuman: readWhenNoHuman(raw, problems),
      context,
    },
  };
}

function readRequired<T>(
  raw: Record<string, unknown>,
  key: string,
  problems: Problems,
  read: () => T | undefined,
): T | undefined {
  if (raw[key] !== undefined) return read();
  problems.add(key, "required");
  return undefined;
}

function readBoolean(
  owner: Record<string, unknown>,
  key: string,
  problems: Problems,
  path = "",
): boolean | undefined {
  const value = owner[key];
  if (value === undefined || typeof value === "boolean") return value;
  problems.add(fieldPath(path, key), "must be true or false");
  return undefined;
}

// A message like the rules agent's, or `{ "generate": true | "prompt" }` for a model-written one.
function readGreeting(value: unknown, problems: Problems): LlmDefinition["greeting"] {
  if (value === undefined) return { generate: DEFAULT_GREETING_PROMPT };
  if (isPlainObject(value) && value.generate !== undefined) {
    readObject(value, "greeting", problems, ["generate"]);
    if (value.generate === true) return { generate: DEFAULT_GREETING_PROMPT };
    if (typeof value.generate === "string" && value.generate.trim() !== "") {
      return { generate: value.generate };
    }
    problems.add("greeting.generate", "must be true or a prompt (a non-empty string)");
    return { generate: DEFAULT_GREETING_PROMPT };
  }
  const fixed = readMessage(value, "greeting", problems);
  return { fixed: fixed ?? { text: "" } };
}

function readHistoryBudget(value: unknown, problems: Problems): HistoryBudgetSpec {
  const fallback: HistoryBudgetSpec = { unit: "tokens", limit: 4000 };
  if (value === undefined) return fallback;
  const budget = readObject(value, "history_budget", problems, ["tokens", "characters"]);
  if (budget === undefined) return fallback;
  const units = (["tokens", "characters"] as const).filter((unit) => budget[unit] !== undefined);
  if (units.length !== 1) {
    problems.add("history_budget", "needs exactly one of tokens, characters");
    return fallback;
  }
  const unit = units[0] as "tokens" | "characters";
  const limit = readNumber(budget, unit, "history_budget", problems, {
    min: 0,
    max: 2_000_000,
    integer: true,
  });
  return { unit, limit: limit ?? fallback.limit };
}

function readBuiltinTools(raw: Record<string, unknown>, problems: Problems): BuiltinToolName[] {
  const items = readArray(raw, "builtin_tools", "", problems, {
    max: BUILTIN_TOOL_NAMES.length,
    nonEmpty: false,
  });
  if (items === undefined) return [...BUILTIN_TOOL_NAMES];
  const tools: BuiltinToolName[] = [];
  items.forEach((item, index) => {
    const found = BUILTIN_TOOL_NAMES.find((name) => name === item);
    const at = fieldPath("builtin_tools", index);
    if (found === undefined) problems.add(at, `must be one of: ${BUILTIN_TOOL_NAMES.join(", ")}`);
    else if (tools.includes(found)) problems.add(at, `"${found}" is listed twice`);
    else tools.push(found);
  });
  return tools;
}

function readGuardrails(value: unknown, problems: Problems): Guardrails {
  const raw =
    value === undefined ? {} : readObject(value, "guardrails", problems, GUARDRAIL_FIELDS);
  const g = raw ?? {};
  const at = "guardrails";
  const whole = { min: 0, max: 100_000, integer: true };
  return {
    maxTurns: readNumber(g, "max_turns", at, problems, whole) ?? 0,
    onMaxTurns: readChoice(g, "on_max_turns", at, problems, ["handoff", "end"], false) ?? "handoff",
    maxTurnsText:
      readOptionalText(g, "max_turns_text", at, problems, 2000) ?? DEFAULT_MAX_TURNS_TEXT,
    offerHandoffAfter: readNumber(g, "offer_handoff_after", at, problems, whole) ?? 2,
    offerHandoffText:
      readOptionalText(g, "offer_handoff_text", at, problems, 2000) ?? DEFAULT_OFFER_TEXT,
    offerHandoffButton:
      readOptionalText(g, "offer_handoff_button", at, problems, 200) ?? DEFAULT_OFFER_BUTTON,
  };
}

function readLanguage(raw: Record<string, unknown>, problems: Problems): string | undefined {
  if (raw.language === undefined) return undefined;
  if (isLanguageTag(raw.language)) return raw.language;
  problems.add("language", "must be a BCP-47 language tag such as en or fr-FR");
  return undefined;
}
