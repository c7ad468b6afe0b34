// The built-in rules agent: answers each message with the first rule that matches it.
import {
  type Agent,
  type AgentAction,
  type AgentContext,
  type AgentPart,
  DEFAULT_TURN_POLICY,
  type TurnPolicy,
} from "../../core/ports.js";
import { messageParts } from "../message-content.js";
import type { CompiledRule, RulesDefinition } from "./definition.js";
import { LanguageVariants } from "./language-variants.js";
import { MatchInput } from "./matcher.js";

/** An agent driven by a checked rules definition; pure, fast and free of I/O. */
export class RulesAgent implements Agent {
  readonly name: string;
  readonly avatarUrl: string;
  readonly policy: TurnPolicy;
  readonly #rules: readonly CompiledRule[];
  readonly #variants: LanguageVariants;

  constructor(definition: RulesDefinition) {
    this.name = definition.name;
    this.avatarUrl = definition.avatarUrl;
    this.policy = Object.freeze({
      ...DEFAULT_TURN_POLICY,
      endOnHandoffFailure: definition.endOnHandoffFailure,
    });
    this.#rules = definition.rules;
    this.#variants = new LanguageVariants(definition);
  }

  /** The whole reply as parts: language switch first, then the message, then the action. */
  async *turn(context: AgentContext): AsyncIterable<AgentPart> {
    const messages = this.#variants.select(context.language);
    const trigger = context.trigger;
    if (trigger.type === "join") yield* messageParts(messages.greeting);
    else if (trigger.type === "rejoin") yield* messageParts(messages.rejoin);
    else if (trigger.type === "message") yield* this.#answer(trigger.text, context.language);
  }

  *#answer(text: string, language: string | null): Iterable<AgentPart> {
    const input = new MatchInput(text);
    const index = this.#rules.findIndex((rule) => rule.matches(input));
    const rule = this.#rules[index];
    if (rule === undefined) {
      yield* messageParts(this.#variants.select(language).fallback);
      return;
    }
    const action = rule.action;
    // The reply that confirms a language switch is already in the new language.
    if (action?.type === "language") yield actionPart(action);
    const replyLanguage = action?.type === "language" ? action.language_code : language;
    const reply = this.#variants.select(replyLanguage).ruleReplies[index];
    if (reply) yield* messageParts(reply);
    if (action && action.type !== "language") yield actionPart(action);
  }
}

function actionPart(action: AgentAction): AgentPart {
  return { type: "action", action: { ...action } };
}
