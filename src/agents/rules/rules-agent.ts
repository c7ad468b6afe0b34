// The built-in rules agent: answers each message with the first rule that matches it.
import {
  type Agent,
  type AgentAction,
  type AgentContext,
  type AgentPart,
  DEFAULT_TURN_POLICY,
  type TurnPolicy,
} from "../../core/ports.js";
import { type MessageTemplate, messageParts } from "../message-content.js";
import type { CompiledRule, RulesDefinition } from "./definition.js";
import { LanguageVariants } from "./language-variants.js";
import { MatchInput } from "./matcher.js";
import { fillPlaceholders, hasPlaceholders, type VisitorFacts } from "./visitor-conditions.js";

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
      whenNoHuman: definition.whenNoHuman,
    });
    this.#rules = definition.rules;
    this.#variants = new LanguageVariants(definition);
  }

  /** The whole reply as parts: language switch first, then the message, then the action. */
  async *turn(context: AgentContext): AsyncIterable<AgentPart> {
    const messages = this.#variants.select(context.language);
    const trigger = context.trigger;
    const facts = { context: context.verifiedContext, attributes: context.integrationAttributes };
    if (trigger.type === "join") yield* filled(messages.greeting, facts);
    else if (trigger.type === "rejoin") yield* filled(messages.rejoin, facts);
    else if (trigger.type === "message") yield* this.#answer(trigger.text, context.language, facts);
  }

  *#answer(text: string, language: string | null, facts: VisitorFacts): Iterable<AgentPart> {
    const input = new MatchInput(text, facts);
    const index = this.#rules.findIndex((rule) => rule.matches(input));
    const rule = this.#rules[index];
    if (rule === undefined) {
      yield* filled(this.#variants.select(language).fallback, facts);
      return;
    }
    const action = rule.action;
    // The reply that confirms a language switch is already in the new language.
    if (action?.type === "language") yield actionPart(action);
    const replyLanguage = action?.type === "language" ? action.language_code : language;
    const reply = this.#variants.select(replyLanguage).ruleReplies[index];
    if (reply) yield* filled(reply, facts);
    if (action && action.type !== "language") yield actionPart(action);
  }
}

/** A message's parts with its `{{ctx.…}}` placeholders filled from the visitor's facts. */
function filled(message: MessageTemplate, facts: VisitorFacts): Iterable<AgentPart> {
  if (!hasPlaceholders(message.text)) return messageParts(message);
  return messageParts({ ...message, text: fillPlaceholders(message.text, facts) });
}

function actionPart(action: AgentAction): AgentPart {
  return { type: "action", action: { ...action } };
}
