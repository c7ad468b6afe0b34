// The built-in rules agent: answers each message with the first rule that matches it.
import type { Agent, AgentAction, AgentContext, AgentReply } from "../../core/ports.js";
import { copyMessage, type MessageContent } from "../message-content.js";
import type { CompiledRule, RulesDefinition } from "./definition.js";
import { LanguageVariants } from "./language-variants.js";
import { MatchInput } from "./matcher.js";

/** An agent driven by a checked rules definition; pure, fast and free of I/O. */
export class RulesAgent implements Agent {
  readonly name: string;
  readonly avatarUrl: string;
  readonly endOnHandoffFailure: boolean;
  readonly #rules: readonly CompiledRule[];
  readonly #variants: LanguageVariants;

  constructor(definition: RulesDefinition) {
    this.name = definition.name;
    this.avatarUrl = definition.avatarUrl;
    this.endOnHandoffFailure = definition.endOnHandoffFailure;
    this.#rules = definition.rules;
    this.#variants = new LanguageVariants(definition);
  }

  async greet(context: AgentContext): Promise<AgentReply> {
    return toReply(this.#variants.select(context.language).greeting);
  }

  async reply(context: AgentContext, userText: string): Promise<AgentReply> {
    const input = new MatchInput(userText);
    const index = this.#rules.findIndex((rule) => rule.matches(input));
    const rule = this.#rules[index];
    if (rule === undefined) return toReply(this.#variants.select(context.language).fallback);
    // The reply that confirms a language switch is already in the new language.
    const language =
      rule.action?.type === "language" ? rule.action.language_code : context.language;
    return toReply(this.#variants.select(language).ruleReplies[index], rule.action);
  }

  async rejoin(context: AgentContext): Promise<AgentReply> {
    return toReply(this.#variants.select(context.language).rejoin);
  }
}

function toReply(content: MessageContent | undefined, action?: AgentAction): AgentReply {
  const reply: AgentReply = content
    ? copyMessage(content)
    : { text: "", attachments: [], response_suggestions: [] };
  if (action !== undefined) reply.action = { ...action };
  return reply;
}
