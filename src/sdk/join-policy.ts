// When the client asks the AI agent to join: after the first batch of a new session, and once more
// at once when the server says the conversation could not be found or started.
import { str } from "./payload-fields.js";
import type { Conversation, ServerEvent } from "./types.js";

/** Error texts after which the official SDKs re-send the join (`sdk-expectations.md` rule 25). */
const REJOIN_TRIGGERS = [
  "conversation not found",
  "conversation id not found",
  "unable to start a conversation",
];

/** Join attempts after errors per session; the server ends the session after three. */
export const MAX_JOIN_RETRIES = 3;

/**
 * True when the first batch of a connection shows a session nobody has joined yet: it holds
 * SESSION_START and no POLY_AGENT_JOINED, and the conversation has not ended or handed off.
 */
export function needsJoin(firstBatch: readonly ServerEvent[], c: Conversation): boolean {
  const types = new Set(firstBatch.map((e) => e.type));
  if (!types.has("EVENT_TYPE_SESSION_START")) return false;
  if (types.has("EVENT_TYPE_POLY_AGENT_JOINED") || types.has("EVENT_TYPE_SESSION_END"))
    return false;
  return c.ended === null && c.agent.kind === "none" && c.handoff.state === "none";
}

/** True for an ERROR system message after which the join is re-sent. */
export function isRejoinTrigger(event: ServerEvent): boolean {
  if (event.type !== "EVENT_TYPE_SYSTEM_MESSAGE") return false;
  if (str(event.payload, "level") !== "SYSTEM_MESSAGE_LEVEL_ERROR") return false;
  const text = (str(event.payload, "message") ?? "").toLowerCase();
  return REJOIN_TRIGGERS.some((trigger) => text.includes(trigger));
}
