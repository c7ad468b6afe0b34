// An agent action as definitions and bot answers write it: handoff, end or language.
import type { AgentAction } from "../core/ports.js";
import { isPlainObject } from "../protocol/index.js";
import {
  fieldPath,
  isLanguageTag,
  type Problems,
  readChoice,
  readObject,
  readOptionalText,
} from "./definition-checks.js";

/** Longest queue name a handoff action may name. */
export const QUEUE_NAME_MAX_CHARS = 100;
/** Longest handoff reason; it is shown to the desk, not the user. */
export const HANDOFF_REASON_MAX_CHARS = 500;

const ACTION_TYPES = ["handoff", "end", "language"] as const;
const HANDOFF = ["type", "queue"];
const HANDOFF_WITH_REASON = ["type", "queue", "reason"];

/**
 * Reads `{type: "handoff", queue?}`, `{type: "end"}` or `{type: "language", language_code}` at
 * `path`, naming every bad field; `withReason` also allows a handoff's `reason`.
 */
export function readAction(
  value: unknown,
  path: string,
  problems: Problems,
  withReason = false,
): AgentAction | undefined {
  if (!isPlainObject(value)) {
    problems.add(path, "must be an object");
    return undefined;
  }
  const type = readChoice(value, "type", path, problems, ACTION_TYPES, true);
  switch (type) {
    case "handoff":
      return readHandoff(value, path, problems, withReason ? HANDOFF_WITH_REASON : HANDOFF);
    case "end":
      readObject(value, path, problems, ["type"]);
      return { type };
    case "language": {
      readObject(value, path, problems, ["type", "language_code"]);
      const code = value.language_code;
      if (isLanguageTag(code)) return { type, language_code: code };
      problems.add(
        fieldPath(path, "language_code"),
        code === undefined ? "required" : "must be a BCP-47 language tag such as fr or fr-FR",
      );
      return undefined;
    }
    default:
      return undefined;
  }
}

/** A handoff's `queue?` and `reason?` (when `fields` allows it) at `path`, as a handoff action. */
export function readHandoff(
  value: Record<string, unknown>,
  path: string,
  problems: Problems,
  fields: readonly string[],
): Extract<AgentAction, { type: "handoff" }> {
  readObject(value, path, problems, fields);
  const queue = readOptionalText(value, "queue", path, problems, QUEUE_NAME_MAX_CHARS);
  const reason = fields.includes("reason")
    ? readOptionalText(value, "reason", path, problems, HANDOFF_REASON_MAX_CHARS)
    : undefined;
  const action: Extract<AgentAction, { type: "handoff" }> = { type: "handoff" };
  if (queue !== undefined) action.queue = queue;
  if (reason !== undefined) action.reason = reason;
  return action;
}
