// The optional `translations` block: per-language variants of a rules agent's messages.
import { isPlainObject } from "../../protocol/index.js";
import { fieldPath, isLanguageTag, type Problems, readObject } from "../definition-checks.js";
import { type MessageTemplate, readMessage } from "../message-content.js";

/** Most languages one definition may carry. */
export const TRANSLATIONS_MAX = 100;

/** What a translation needs to know about each rule, by the rule's index (null: not an object). */
export interface RuleRef {
  id?: string;
  hasReply: boolean;
}

/** One language's variants; anything it leaves out comes from the default messages. */
export interface Translation {
  /** The BCP-47 tag, lower-cased for lookup. */
  language: string;
  greeting?: MessageTemplate;
  fallback?: MessageTemplate;
  rejoin?: MessageTemplate;
  /** Rule index → translated reply. */
  replies: Map<number, MessageTemplate>;
}

const TRANSLATION_FIELDS = ["greeting", "fallback", "rejoin", "replies"] as const;
const RULE_INDEX = /^(?:0|[1-9]\d*)$/;

/**
 * Reads `translations` at `path`; `rules` lets replies name a rule by index or `id`
 * (undefined when `rules` itself is broken: rule references are then not checked).
 */
export function readTranslations(
  value: unknown,
  path: string,
  problems: Problems,
  rules: readonly (RuleRef | null)[] | undefined,
): Translation[] {
  if (value === undefined) return [];
  if (!isPlainObject(value)) {
    problems.add(path, "must be an object");
    return [];
  }
  const entries = Object.entries(value);
  if (entries.length > TRANSLATIONS_MAX) {
    problems.add(path, `must have at most ${TRANSLATIONS_MAX} languages`);
    return [];
  }
  const tagByLanguage = new Map<string, string>();
  const translations: Translation[] = [];
  for (const [tag, spec] of entries) {
    const at = fieldPath(path, tag);
    if (!isLanguageTag(tag)) {
      problems.add(at, "must be keyed by a BCP-47 language tag such as fr or fr-FR");
      continue;
    }
    const language = tag.toLowerCase();
    const earlier = tagByLanguage.get(language);
    if (earlier !== undefined) {
      problems.add(at, `same language as ${fieldPath(path, earlier)}`);
      continue;
    }
    tagByLanguage.set(language, tag);
    const translation = readTranslation(spec, at, problems, rules);
    if (translation !== undefined) translations.push({ language, ...translation });
  }
  return translations;
}

function readTranslation(
  value: unknown,
  path: string,
  problems: Problems,
  rules: readonly (RuleRef | null)[] | undefined,
): Omit<Translation, "language"> | undefined {
  const raw = readObject(value, path, problems, TRANSLATION_FIELDS);
  if (raw === undefined) return undefined;
  const translation: Omit<Translation, "language"> = {
    replies: readReplies(raw.replies, fieldPath(path, "replies"), problems, rules),
  };
  for (const key of ["greeting", "fallback", "rejoin"] as const) {
    if (raw[key] === undefined) continue;
    const message = readMessage(raw[key], fieldPath(path, key), problems);
    if (message !== undefined) translation[key] = message;
  }
  return translation;
}

function readReplies(
  value: unknown,
  path: string,
  problems: Problems,
  rules: readonly (RuleRef | null)[] | undefined,
): Map<number, MessageTemplate> {
  const replies = new Map<number, MessageTemplate>();
  const keyByIndex = new Map<number, string>();
  if (value === undefined) return replies;
  if (!isPlainObject(value)) {
    problems.add(path, "must be an object");
    return replies;
  }
  for (const [ref, reply] of Object.entries(value)) {
    const at = fieldPath(path, ref);
    const message = readMessage(reply, at, problems);
    if (rules === undefined) continue;
    const index = resolveRuleRef(ref, rules);
    const earlier = index === undefined ? undefined : keyByIndex.get(index);
    if (index === undefined) {
      problems.add(at, "no rule has this index or id");
    } else if (rules[index] === null) {
      // The rule itself is broken and already reported.
    } else if (rules[index]?.hasReply !== true) {
      problems.add(at, `rules[${index}] has no reply to translate`);
    } else if (earlier !== undefined) {
      problems.add(at, `rules[${index}] is already translated by ${fieldPath(path, earlier)}`);
    } else {
      keyByIndex.set(index, ref);
      if (message !== undefined) replies.set(index, message);
    }
  }
  return replies;
}

function resolveRuleRef(ref: string, rules: readonly (RuleRef | null)[]): number | undefined {
  if (RULE_INDEX.test(ref)) {
    const index = Number(ref);
    return index < rules.length ? index : undefined;
  }
  const index = rules.findIndex((rule) => rule?.id === ref);
  return index === -1 ? undefined : index;
}
