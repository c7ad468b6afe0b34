// The rules agent's definition: its typed form and the parser that checks and compiles it.

import type { AgentAction } from "../../core/ports.js";
import { isPlainObject } from "../../protocol/index.js";
import { readAction } from "../action-checks.js";
import { readContextSettings } from "../context-settings.js";
import {
  fieldPath,
  NAME_MAX_CHARS,
  Problems,
  readArray,
  readChoice,
  readObject,
  readRequiredText,
  readUrl,
} from "../definition-checks.js";
import { type MessageTemplate, readMessage } from "../message-content.js";
import { readWhenNoHuman } from "../no-human.js";
import { type Matcher, readMatch } from "./matcher.js";
import { type RuleRef, readTranslations, type Translation } from "./translations.js";

/** Most rules in one definition; every message is tested against them in order. */
export const RULES_MAX = 500;
/** What the agent says when it rejoins after a failed handoff, unless `rejoin` says otherwise. */
export const DEFAULT_REJOIN_TEXT = "I'm back. How else can I help?";

const TOP_LEVEL_FIELDS = [
  "kind",
  "name",
  "avatar_url",
  "greeting",
  "fallback",
  "rules",
  "rejoin",
  "translations",
  "on_handoff_failure",
  "when_no_human",
  "context",
] as const;
const RULE_FIELDS = ["id", "match", "reply", "action"] as const;
const HANDOFF_FAILURE_CHOICES = ["rejoin", "end"] as const;
const RULE_ID = /^[A-Za-z][\w.-]{0,63}$/;

/** One rule, its match compiled. */
export interface CompiledRule {
  id?: string;
  matches: Matcher;
  reply?: MessageTemplate;
  action?: AgentAction;
}

/** A checked rules-agent definition, ready to build an agent from. */
export interface RulesDefinition {
  name: string;
  avatarUrl: string;
  greeting: MessageTemplate;
  fallback: MessageTemplate;
  rejoin: MessageTemplate;
  rules: CompiledRule[];
  translations: Translation[];
  endOnHandoffFailure: boolean;
  whenNoHuman: "offline_message" | "agent";
}

export type ParsedRulesDefinition =
  | { ok: true; definition: RulesDefinition }
  | { ok: false; problems: string[] };

/** Checks a `kind: "rules"` definition and compiles it; lists every bad field. */
export function parseRulesDefinition(raw: Record<string, unknown>): ParsedRulesDefinition {
  const problems = new Problems();
  readObject(raw, "", problems, TOP_LEVEL_FIELDS);
  const name = readRequiredText(raw, "name", "", problems, NAME_MAX_CHARS);
  const avatarUrl = raw.avatar_url === "" ? "" : readUrl(raw, "avatar_url", "", problems, HTTP);
  const greeting = readRequiredMessage(raw, "greeting", problems);
  const fallback = readRequiredMessage(raw, "fallback", problems);
  const rejoin = raw.rejoin === undefined ? undefined : readMessage(raw.rejoin, "rejoin", problems);
  const { rules, refs } = readRules(raw, problems);
  const translations = readTranslations(raw.translations, "translations", problems, refs);
  readContextSettings(raw.context, problems, false);
  const onFailure = readChoice(
    raw,
    "on_handoff_failure",
    "",
    problems,
    HANDOFF_FAILURE_CHOICES,
    false,
  );
  if (!problems.isEmpty || !name || !greeting || !fallback) {
    return { ok: false, problems: problems.list() };
  }
  const definition: RulesDefinition = {
    name,
    avatarUrl: avatarUrl ?? "",
    greeting,
    fallback,
    rejoin: rejoin ?? { text: DEFAULT_REJOIN_TEXT },
    rules,
    translations,
    endOnHandoffFailure: onFailure === "end",
    whenNoHuman: readWhenNoHuman(raw, problems),
  };
  return { ok: true, definition };
}

const HTTP = ["http:", "https:"];

function readRequiredMessage(
  raw: Record<string, unknown>,
  key: string,
  problems: Problems,
): MessageTemplate | undefined {
  if (raw[key] !== undefined) return readMessage(raw[key], key, problems);
  problems.add(key, "required");
  return undefined;
}

// `refs` stays aligned with the definition's rule indexes even when some rules are invalid.
function readRules(
  raw: Record<string, unknown>,
  problems: Problems,
): { rules: CompiledRule[]; refs: (RuleRef | null)[] | undefined } {
  const items = readArray(raw, "rules", "", problems, { max: RULES_MAX, nonEmpty: false });
  if (items === undefined) return { rules: [], refs: raw.rules === undefined ? [] : undefined };
  const rules: CompiledRule[] = [];
  const ruleIndexById = new Map<string, number>();
  items.forEach((item, index) => {
    const path = fieldPath("rules", index);
    const rule = readRule(item, path, problems);
    if (rule === undefined) return;
    if (rule.id !== undefined) {
      const earlier = ruleIndexById.get(rule.id);
      if (earlier !== undefined) {
        problems.add(fieldPath(path, "id"), `"${rule.id}" is already used by rules[${earlier}]`);
      }
      ruleIndexById.set(rule.id, index);
    }
    rules.push(rule);
  });
  return { rules, refs: items.map(toRuleRef) };
}

function toRuleRef(item: unknown): RuleRef | null {
  if (!isPlainObject(item)) return null;
  const ref: RuleRef = { hasReply: item.reply !== undefined };
  if (typeof item.id === "string") ref.id = item.id;
  return ref;
}

function readRule(value: unknown, path: string, problems: Problems): CompiledRule | undefined {
  const raw = readObject(value, path, problems, RULE_FIELDS);
  if (raw === undefined) return undefined;
  const id = readRuleId(raw, path, problems);
  if (raw.match === undefined) problems.add(fieldPath(path, "match"), "required");
  const matches =
    raw.match === undefined ? undefined : readMatch(raw.match, fieldPath(path, "match"), problems);
  const reply =
    raw.reply === undefined
      ? undefined
      : readMessage(raw.reply, fieldPath(path, "reply"), problems);
  const action =
    raw.action === undefined
      ? undefined
      : readAction(raw.action, fieldPath(path, "action"), problems);
  if (raw.reply === undefined && raw.action === undefined) {
    problems.add(path, "needs a reply, an action or both");
  }
  if (matches === undefined) return undefined;
  const rule: CompiledRule = { matches };
  if (id !== undefined) rule.id = id;
  if (reply !== undefined) rule.reply = reply;
  if (action !== undefined) rule.action = action;
  return rule;
}

function readRuleId(
  raw: Record<string, unknown>,
  path: string,
  problems: Problems,
): string | undefined {
  if (raw.id === undefined) return undefined;
  if (typeof raw.id === "string" && RULE_ID.test(raw.id)) return raw.id;
  problems.add(
    fieldPath(path, "id"),
    "must start with a letter and hold only letters, digits, _, - or . (at most 64 characters)",
  );
  return undefined;
}
