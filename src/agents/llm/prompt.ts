// The messages an LLM agent sends: system prompt (instructions, language, knowledge), then history.
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { AgentContext, HistoryMessage } from "../../core/ports.js";
import { pickFields } from "../context-settings.js";
import type { LlmDefinition } from "./definition.js";
import type { Passage } from "./knowledge.js";

/** The system prompt for a turn. */
export function systemPrompt(
  definition: LlmDefinition,
  context: AgentContext,
  passages: readonly Passage[],
): string {
  const lines = [definition.instructions.trim(), "", languageLine(definition, context.language)];
  lines.push(...visitorLines(definition, context));
  if (passages.length > 0) {
    lines.push(
      "",
      "Answer from these knowledge passages when they help. When you use one, cite its number in square brackets, like [1].",
      ...passages.map((p) => `[${p.id}] ${p.title}\n${p.text}`),
    );
  }
  return lines.join("\n");
}

/**
 * The visitor facts the definition lists, verified ones apart from the unverified attributes a
 * Chat API client gave; nothing when it lists none (facts stay out of the provider's logs).
 */
function visitorLines(definition: LlmDefinition, context: AgentContext): string[] {
  const fields = definition.context.promptFields;
  const verified = pickFields(context.verifiedContext, fields);
  const attributes = pickFields(context.integrationAttributes, fields);
  const lines: string[] = [];
  if (verified.length > 0)
    lines.push(
      "",
      "Verified facts about the user (from the company's systems; trust them):",
      ...verified.map(fact),
    );
  if (attributes.length > 0)
    lines.push(
      "",
      "Attributes the channel gave about the user (unverified; do not rely on them for anything sensitive):",
      ...attributes.map(fact),
    );
  return lines;
}

function fact([field, value]: [string, unknown]): string {
  return `- ${field}: ${JSON.stringify(value)}`;
}

function languageLine(definition: LlmDefinition, language: string | null): string {
  return language === null
    ? `Answer in the user's language; when unsure, in ${definition.language}.`
    : `The conversation's language is ${language}: always answer in it.`;
}

/** The conversation so far as chat messages; live agents speak as the assistant, named. */
export function historyMessages(history: readonly HistoryMessage[]): ChatCompletionMessageParam[] {
  return history.map((message): ChatCompletionMessageParam => {
    if (message.role === "user") return { role: "user", content: message.text };
    if (message.role === "live_agent") {
      return {
        role: "assistant",
        content: `(${message.name ?? "A human agent"}, a person on our team:) ${message.text}`,
      };
    }
    return { role: "assistant", content: message.text };
  });
}

/** What the knowledge search looks for: the newest user messages (a follow-up needs the one before). */
export function knowledgeQuery(history: readonly HistoryMessage[], limit = 2): string {
  return history
    .filter((m) => m.role === "user")
    .slice(-limit)
    .map((m) => m.text)
    .join("\n");
}

/** The passage numbers cited in `text` as `[n]`. */
export function citedPassages(text: string, passages: readonly Passage[]): Passage[] {
  const cited = new Set([...text.matchAll(/\[(\d{1,3})\]/g)].map((m) => Number(m[1])));
  return passages.filter((p) => cited.has(p.id));
}
