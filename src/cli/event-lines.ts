// Readable one-line descriptions of protocol events, shared by the transcript and the chat client.
import type { ServerEvent } from "../protocol/index.js";

type Payload = Record<string, unknown>;

const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** A line for an event that is neither a user nor an agent message; null when it shows nothing. */
export function systemLine(event: ServerEvent): string | null {
  const p = event.payload as Payload;
  switch (event.type) {
    case "EVENT_TYPE_SESSION_START":
      return "session started";
    case "EVENT_TYPE_POLY_AGENT_JOINED":
      return `${text(p.agent_name) || "the AI agent"} joined`;
    case "EVENT_TYPE_POLY_AGENT_LEFT":
      return "the AI agent left";
    case "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF":
      return "the AI agent is handing the conversation over";
    case "EVENT_TYPE_LIVE_AGENT_JOINED":
      return `${liveAgentName(p)} (live agent) joined`;
    case "EVENT_TYPE_LIVE_AGENT_LEFT":
      return "the live agent left";
    case "EVENT_TYPE_HANDOFF_ACCEPTED":
      return `handoff accepted${p.queue_name ? ` (queue ${text(p.queue_name)})` : ""}`;
    case "EVENT_TYPE_HANDOFF_QUEUE_STATUS":
      return queueLine(p);
    case "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED":
      return `handoff required: ${text(p.reason)}, queue ${text(p.queue_name)}${p.route ? `, ${text(p.route)}` : ""}`;
    case "EVENT_TYPE_HANDOFF_FAILED":
      return "handoff failed";
    case "EVENT_TYPE_HANDOFF_TIMEOUT":
      return "handoff timed out";
    case "EVENT_TYPE_SESSION_END":
      return `session ended (${text(p.reason)})`;
    case "EVENT_TYPE_SYSTEM_MESSAGE":
      return `system ${text(p.level).replace("SYSTEM_MESSAGE_LEVEL_", "").toLowerCase()}: ${text(p.message)}`;
    case "EVENT_TYPE_LANGUAGE_CHANGED":
      return `language changed to ${text(p.language_code)}`;
    case "EVENT_TYPE_USER_END_SESSION":
      return "the user ended the session";
    default:
      return null;
  }
}

/** The name a live-agent event carries (top-level or in `agent`). */
export function liveAgentName(payload: Payload): string {
  const agent = (payload.agent ?? {}) as Payload;
  return text(payload.agent_name) || text(agent.name) || "Live agent";
}

function queueLine(p: Payload): string {
  if (p.display_message) return text(p.display_message);
  const parts = [`waiting in ${text(p.queue_name) || "the queue"}`];
  if (typeof p.position_in_queue === "number") parts.push(`position ${p.position_in_queue}`);
  if (typeof p.estimated_wait_seconds === "number")
    parts.push(`about ${p.estimated_wait_seconds}s`);
  return parts.join(", ");
}

/** Attachment and suggestion lines under a message, suggestions numbered from 1. */
export function messageExtras(payload: Payload): string[] {
  const lines: string[] = [];
  const attachments = Array.isArray(payload.attachments) ? (payload.attachments as Payload[]) : [];
  for (const a of attachments) {
    const label = text(a.title) || text(a.call_to_action_text) || "attachment";
    lines.push(`  [link] ${label}: ${text(a.content_url) || text(a.preview_image_url)}`);
  }
  const suggestions = Array.isArray(payload.response_suggestions)
    ? (payload.response_suggestions as Payload[])
    : [];
  suggestions.forEach((s, i) => {
    lines.push(`  ${i + 1}) ${text(s.message_text)}`);
  });
  return lines;
}
