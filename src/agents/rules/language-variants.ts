// Each language's complete set of messages, and which set answers a session's language.
import { completeMessage, type MessageContent } from "../message-content.js";
import type { RulesDefinition } from "./definition.js";
import type { Translation } from "./translations.js";

/** Every message an agent can send, in one language. */
export interface LocalizedMessages {
  greeting: MessageContent;
  fallback: MessageContent;
  rejoin: MessageContent;
  /** By rule index; undefined for rules that only act. */
  ruleReplies: readonly (MessageContent | undefined)[];
}

/** The default messages plus one merged set per translated language. */
export class LanguageVariants {
  readonly #default: LocalizedMessages;
  readonly #byLanguage = new Map<string, LocalizedMessages>();

  constructor(definition: RulesDefinition) {
    this.#default = {
      greeting: completeMessage(definition.greeting),
      fallback: completeMessage(definition.fallback),
      rejoin: completeMessage(definition.rejoin),
      ruleReplies: definition.rules.map((rule) => rule.reply && completeMessage(rule.reply)),
    };
    for (const translation of definition.translations) {
      this.#byLanguage.set(translation.language, overlay(this.#default, translation));
    }
  }

  /**
   * The messages for a BCP-47 `language`: the exact tag, else its primary subtag
   * ("fr-FR" → "fr"), else the defaults. Tags compare case-insensitively.
   */
  select(language: string | null): LocalizedMessages {
    if (language === null) return this.#default;
    const tag = language.toLowerCase();
    const primary = tag.split("-")[0] ?? tag;
    return this.#byLanguage.get(tag) ?? this.#byLanguage.get(primary) ?? this.#default;
  }
}

// A translated message keeps the default's attachments and suggestions unless it gives its own.
function overlay(base: LocalizedMessages, translation: Translation): LocalizedMessages {
  return {
    greeting: translated(translation.greeting, base.greeting),
    fallback: translated(translation.fallback, base.fallback),
    rejoin: translated(translation.rejoin, base.rejoin),
    ruleReplies: base.ruleReplies.map((reply, index) => {
      const template = translation.replies.get(index);
      return template && reply ? completeMessage(template, reply) : reply;
    }),
  };
}

function translated(
  template: Translation["greeting"],
  fallbackContent: MessageContent,
): MessageContent {
  return template ? completeMessage(template, fallbackContent) : fallbackContent;
}
