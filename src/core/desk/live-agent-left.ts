// How a session is told that its live agent left while the conversation goes on.
import type { Pending } from "../live-session.js";
import type { SessionRecord } from "../records.js";
import { type LeftReason, leftNotice } from "../visitor-texts.js";

export { type LeftReason, leftNotice };

/** The live agent who left: their id, and their name when it is still known. */
export interface LeavingAgent {
  id: string;
  name: string | null;
}

/**
 * The event that records a live agent leaving a conversation that does not end with it, with the
 * agent's name and, for a transfer, the queue they hand the visitor to (`transfer_to`), so that
 * clients can say "Sam is transferring you to billing". The official SDKs end the conversation on
 * LIVE_AGENT_LEFT (`sdk-expectations.md` rule 29), so in sessions of their profile it is an INFO
 * system message they show as it is, in the session's language, carrying the same facts under
 * `live_agent_left` for transcripts and tools.
 */
export function liveAgentLeftEvent(
  session: Pick<SessionRecord, "clientProfile" | "language">,
  agent: LeavingAgent,
  reason: LeftReason,
  transferTo?: string,
): Pending {
  const left = {
    reason,
    agent_id: agent.id,
    ...(agent.name === null ? {} : { agent_name: agent.name }),
    ...(reason === "TRANSFER" && transferTo ? { transfer_to: transferTo } : {}),
  };
  if (session.clientProfile !== "official-sdk") {
    return { type: "EVENT_TYPE_LIVE_AGENT_LEFT", payload: left };
  }
  const payload = {
    level: "SYSTEM_MESSAGE_LEVEL_INFO",
    message: leftNotice(reason, agent.name, session.language, transferTo),
    live_agent_left: left,
  };
  return { type: "EVENT_TYPE_SYSTEM_MESSAGE", payload };
}
