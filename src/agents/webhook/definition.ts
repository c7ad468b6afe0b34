// The webhook agent's definition: its typed form and the parser that checks every field.

import type { AgentAction, HistoryBudget, TurnPolicy } from "../../core/ports.js";
import { isPlainObject } from "../../protocol/index.js";
import { readHandoff } from "../action-checks.js";
import { readContextSettings } from "../context-settings.js";
import {
  fieldPath,
  isLanguageTag,
  NAME_MAX_CHARS,
  Problems,
  readBoolean,
  readChoice,
  readNumber,
  readObject,
  readRequiredText,
  readSecretSource,
  readStringMap,
  readUrl,
  type SecretSource,
} from "../definition-checks.js";
import { completeMessage, type MessageContent, readMessage } from "../message-content.js";
import { readWhenNoHuman } from "../no-human.js";

/** Shortest signing secret: an HMAC key should carry at least 128 bits. */
export const SECRET_MIN_CHARS = 16;
/** Most extra headers a definition may add to its requests. */
export const HEADERS_MAX = 20;

/** What the agent does when its backend cannot answer (retries spent, circuit open). */
export interface WebhookFallback {
  /** Said to the user instead of the spec's agent error. */
  message: MessageContent | null;
  /** Then hands the conversation off (not on a rejoin: that would loop). */
  handoff: Extract<AgentAction, { type: "handoff" }> | null;
}

/** A checked `kind: "webhook"` definition. */
export interface WebhookDefinition {
  name: string;
  avatarUrl: string;
  url: string;
  secret: SecretSource;
  headers: Readonly<Record<string, string>>;
  /** Longest wait for one request's answer (headers, or a whole inline body). */
  timeoutMs: number;
  /** Further attempts after a timeout, network error, 408, 429 or 5xx (same idempotency key). */
  retries: number;
  /** Backoff before the first retry; doubled for each next one, with full jitter. */
  backoffMs: number;
  /** Failed requests in a row that open the circuit, and how long it then stays open. */
  breaker: { failures: number; cooldownMs: number };
  fallback: WebhookFallback;
  policy: TurnPolicy;
}

export type ParsedWebhookDefinition =
  | { ok: true; definition: WebhookDefinition }
  | { ok: false; problems: string[] };

const TOP_LEVEL_FIELDS = [
  "kind",
  "name",
  "avatar_url",
  "url",
  "secret",
  "secret_env",
  "headers",
  "timeout_ms",
  "retries",
  "backoff_ms",
  "circuit_breaker",
  "fallback",
  "deadline_ms",
  "interrupt",
  "history",
  "on_handoff_failure",
  "when_no_human",
  "default_language",
  "context",
] as const;
const HTTP = ["http:", "https:"];
/** Headers the agent sets itself; a definition may not override them. */
const RESERVED_HEADERS = new Set([
  "content-type",
  "content-length",
  "host",
  "accept",
  "user-agent",
  "idempotency-key",
  "x-switchboard-signature",
  "x-switchboard-event",
  "x-switchboard-attempt",
]);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const HANDOFF_FAILURE_CHOICES = ["rejoin", "end"] as const;
const HISTORY_UNITS = ["characters", "tokens"] as const;

/** What a definition gets for each field it leaves out. */
const WEBHOOK_DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  retries: 2,
  backoffMs: 250,
  breakerFailures: 5,
  breakerCooldownMs: 30_000,
  deadlineMs: 30_000,
  history: Object.freeze({ unit: "characters", limit: 8000 }) as HistoryBudget,
  language: "en",
});

/** Checks a `kind: "webhook"` definition; lists every bad field (never a secret's value). */
export function parseWebhookDefinition(raw: Record<string, unknown>): ParsedWebhookDefinition {
  const problems = new Problems();
  readObject(raw, "", problems, TOP_LEVEL_FIELDS);
  const name = readRequiredText(raw, "name", "", problems, NAME_MAX_CHARS);
  const avatarUrl = raw.avatar_url === "" ? "" : readUrl(raw, "avatar_url", "", problems, HTTP);
  if (raw.url === undefined) problems.add("url", "required");
  const url = readUrl(raw, "url", "", problems, HTTP);
  const secret = readSecretSource(raw, "secret", "", problems, {
    required: true,
    minChars: SECRET_MIN_CHARS,
  });
  const headers = readHeaders(raw, problems);
  const limits = readLimits(raw, problems);
  const fallback = readFallback(raw.fallback, problems);
  const policy = readPolicy(raw, problems);
  readContextSettings(raw.context, problems, false);
  if (!problems.isEmpty || !name || !url || !secret) {
    return { ok: false, problems: problems.list() };
  }
  const definition: WebhookDefinition = {
    name,
    avatarUrl: avatarUrl ?? "",
    url,
    secret,
    headers: Object.freeze(headers),
    ...limits,
    fallback,
    policy,
  };
  return { ok: true, definition };
}

function readHeaders(raw: Record<string, unknown>, problems: Problems): Record<string, string> {
  const headers = readStringMap(raw, "headers", "", problems, HEADERS_MAX);
  for (const [name, value] of Object.entries(headers)) {
    const at = fieldPath("headers", name);
    if (!HEADER_NAME.test(name)) problems.add(at, "is not a valid header name");
    else if (RESERVED_HEADERS.has(name.toLowerCase())) problems.add(at, "is set by Switchboard");
    if (/[\r\n]/.test(value) || value.length > 4000) {
      problems.add(at, "must be one line of at most 4000 characters");
    }
  }
  return headers;
}

function readLimits(raw: Record<string, unknown>, problems: Problems) {
  const timeoutMs = readNumber(raw, "timeout_ms", "", problems, whole(100, 120_000));
  const retries = readNumber(raw, "retries", "", problems, whole(0, 10));
  const backoffMs = readNumber(raw, "backoff_ms", "", problems, whole(0, 10_000));
  const breaker =
    raw.circuit_breaker === undefined
      ? undefined
      : readObject(raw.circuit_breaker, "circuit_breaker", problems, ["failures", "cooldown_ms"]);
  const at = "circuit_breaker";
  const failures = breaker && readNumber(breaker, "failures", at, problems, whole(1, 1000));
  const cooldownMs =
    breaker && readNumber(breaker, "cooldown_ms", at, problems, whole(1000, 3_600_000));
  return {
    timeoutMs: timeoutMs ?? WEBHOOK_DEFAULTS.timeoutMs,
    retries: retries ?? WEBHOOK_DEFAULTS.retries,
    backoffMs: backoffMs ?? WEBHOOK_DEFAULTS.backoffMs,
    breaker: {
      failures: failures ?? WEBHOOK_DEFAULTS.breakerFailures,
      cooldownMs: cooldownMs ?? WEBHOOK_DEFAULTS.breakerCooldownMs,
    },
  };
}

function readFallback(value: unknown, problems: Problems): WebhookFallback {
  const none: WebhookFallback = { message: null, handoff: null };
  if (value === undefined) return none;
  const raw = readObject(value, "fallback", problems, ["message", "handoff"]);
  if (raw === undefined) return none;
  if (raw.message === undefined && raw.handoff === undefined) {
    problems.add("fallback", "needs a message, a handoff or both");
  }
  const message =
    raw.message === undefined ? undefined : readMessage(raw.message, "fallback.message", problems);
  let handoff: WebhookFallback["handoff"] = null;
  if (isPlainObject(raw.handoff)) {
    handoff = readHandoff(raw.handoff, "fallback.handoff", problems, ["queue", "reason"]);
  } else if (raw.handoff !== undefined) {
    problems.add("fallback.handoff", "must be an object");
  }
  return { message: message ? completeMessage(message) : null, handoff };
}

function readPolicy(raw: Record<string, unknown>, problems: Problems): TurnPolicy {
  const deadlineMs = readNumber(raw, "deadline_ms", "", problems, whole(1000, 600_000));
  const interrupt = readBoolean(raw, "interrupt", "", problems);
  const history = readHistory(raw.history, problems);
  const onFailure = readChoice(
    raw,
    "on_handoff_failure",
    "",
    problems,
    HANDOFF_FAILURE_CHOICES,
    false,
  );
  const language = raw.default_language;
  if (language !== undefined && !isLanguageTag(language)) {
    problems.add("default_language", "must be a BCP-47 language tag such as fr or fr-FR");
  }
  return Object.freeze({
    deadlineMs: deadlineMs ?? WEBHOOK_DEFAULTS.deadlineMs,
    interrupt: interrupt ?? false,
    history,
    endOnHandoffFailure: onFailure === "end",
    whenNoHuman: readWhenNoHuman(raw, problems),
    defaultLanguage: isLanguageTag(language) ? language : WEBHOOK_DEFAULTS.language,
  });
}

function readHistory(value: unknown, problems: Problems): HistoryBudget {
  if (value === undefined) return WEBHOOK_DEFAULTS.history;
  const raw = readObject(value, "history", problems, ["unit", "limit"]);
  if (raw === undefined) return WEBHOOK_DEFAULTS.history;
  const unit = readChoice(raw, "unit", "history", problems, HISTORY_UNITS, true);
  if (raw.limit === undefined) problems.add("history.limit", "required");
  const limit = readNumber(raw, "limit", "history", problems, whole(0, 1_000_000));
  if (unit === undefined || limit === undefined) return WEBHOOK_DEFAULTS.history;
  return Object.freeze({ unit, limit });
}

function whole(min: number, max: number) {
  return { min, max, integer: true };
}
