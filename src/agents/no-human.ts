// `when_no_human` in agent definitions: what a visitor is offered when no human can be reached.
import { type Problems, readChoice } from "./definition-checks.js";

/** The field's values; `offline_message` is the default. */
export const WHEN_NO_HUMAN_CHOICES = ["offline_message", "agent"] as const;

/** The checked `when_no_human` of a definition (default `offline_message`). */
export function readWhenNoHuman(
  raw: Record<string, unknown>,
  problems: Problems,
): "offline_message" | "agent" {
  return (
    readChoice(raw, "when_no_human", "", problems, WHEN_NO_HUMAN_CHOICES, false) ??
    "offline_message"
  );
}
