// User messages written while the AI agent was away, kept until it comes back to answer them.
import type { EventMetadata } from "../protocol/index.js";
import type { LiveSession } from "./live-session.js";
import type { Store } from "./ports.js";

/** A user message answered with "Conversation not found" and kept for the agent's return. */
export interface HeldMessage {
  text: string;
  metadata?: EventMetadata;
  clientKey?: string;
}

/** Most messages one session keeps while its AI agent is away; later ones are only refused. */
export const MAX_HELD_MESSAGES = 10;

/**
 * Whether the AI agent joined this session before and has left it since (a client-managed
 * handoff, or the moment between a live agent leaving and the AI agent's return). A session
 * loaded from the store asks it once.
 */
export async function aiAgentHasLeft(session: LiveSession, store: Store): Promise<boolean> {
  if (session.record.agentStatus !== "none") return false;
  session.aiAgentHasJoined ??=
    (await store.findFirstEvent(session.id, "EVENT_TYPE_POLY_AGENT_JOINED")) !== undefined;
  return session.aiAgentHasJoined;
}

/** Keeps a message for the agent's return; a repeat of a kept `local_id` is kept once. */
export function holdMessage(session: LiveSession, message: HeldMessage): void {
  const held = session.heldMessages;
  if (message.clientKey !== undefined && held.some((m) => m.clientKey === message.clientKey))
    return;
  if (held.length < MAX_HELD_MESSAGES) held.push(message);
}

/** The kept messages, oldest first; the session keeps none afterwards. */
export function takeHeldMessages(session: LiveSession): HeldMessage[] {
  return session.heldMessages.splice(0);
}
