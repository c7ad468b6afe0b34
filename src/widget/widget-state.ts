// The widget's own small state machine on top of the SDK's conversation model: what the window shows.
import type { ConnectionState, Conversation, ConversationMessage } from "../sdk/index.js";

/**
 * What the chat window is doing:
 * - `idle`: not started (the window was never opened);
 * - `starting`: creating or resuming the session, nothing to show yet;
 * - `chatting`: connected, the composer is live;
 * - `reconnecting`: the socket dropped; history stays, a banner shows, sends queue up;
 * - `offline`: the network is gone or the socket stopped answering (the SDK's `offline`); like
 *   `reconnecting`, with a banner that says so;
 * - `ended`: the session is over; "Start a new chat" is offered;
 * - `unavailable`: the session could not be started or resumed; "Try again" is offered.
 */
export type WidgetPhase =
  | "idle"
  | "starting"
  | "chatting"
  | "reconnecting"
  | "offline"
  | "ended"
  | "unavailable";

/** The phase for the client's connection state and conversation; `offline` once the SDK said so. */
export function phaseOf(
  state: ConnectionState,
  conversation: Conversation,
  offline = false,
): WidgetPhase {
  if (conversation.ended !== null || state === "ended") return "ended";
  if (offline && (state === "connecting" || state === "reconnecting")) return "offline";
  switch (state) {
    case "idle":
      return "idle";
    case "connecting":
      return conversation.messages.length > 0 ? "reconnecting" : "starting";
    case "open":
      return "chatting";
    case "reconnecting":
      return "reconnecting";
    case "failed":
      return "unavailable";
    case "closed":
      return "idle";
  }
}

/** Whether the user may type and send in this phase (sends while reconnecting are queued). */
export function canCompose(phase: WidgetPhase): boolean {
  return phase === "chatting" || phase === "reconnecting" || phase === "offline";
}

/** Whether the visitor waits for a person: asked for, or in a queue. */
export function isWaiting(conversation: Conversation): boolean {
  const { state } = conversation.handoff;
  return conversation.agent.kind === "none" && (state === "requested" || state === "queued");
}

/** Messages from an agent (AI or live) that have finished arriving. */
export function isCompleteAgentMessage(message: ConversationMessage): boolean {
  return (message.from === "ai" || message.from === "live") && message.complete;
}

/**
 * Who the header shows: the live agent once one joined, else the AI agent; while waiting for a
 * person, the team (`team`, with `waiting` set); once the session ended, the last one who spoke;
 * else the title.
 */
export function headerIdentity(
  conversation: Conversation,
  title: string,
  team = title,
): { name: string; avatarUrl?: string; live: boolean; waiting?: boolean } {
  const { agent } = conversation;
  if (isWaiting(conversation)) return { name: team, live: false, waiting: true };
  // An agent who left is not there any more; only a finished conversation keeps its last speaker.
  const last =
    agent.kind === "none" && conversation.ended !== null
      ? [...conversation.messages].reverse().find((m) => m.from === "ai" || m.from === "live")
      : undefined;
  const name = (agent.name ?? last?.agentName)?.trim() || title;
  const avatarUrl = agent.kind === "none" ? last?.avatarUrl : agent.avatarUrl;
  const identity: { name: string; avatarUrl?: string; live: boolean } = {
    name,
    live: agent.kind === "live",
  };
  if (avatarUrl) identity.avatarUrl = avatarUrl;
  return identity;
}
