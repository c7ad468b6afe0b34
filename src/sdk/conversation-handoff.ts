// The handoff part of the conversation reducer: handoff state, the live agent and handoff notices.
import { num, obj, str } from "./payload-fields.js";
import type {
  Conversation,
  ConversationMessage,
  HandoffInfo,
  HandoffState,
  QueueFacts,
  ServerEvent,
} from "./types.js";

/** Applies a handoff or live-agent event; returns `c` unchanged for any other event. */
export function reduceHandoff(c: Conversation, e: ServerEvent): Conversation {
  const p = e.payload;
  switch (e.type) {
    case "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF":
      return { ...c, thinking: false, handoff: { state: "requested" } };
    case "EVENT_TYPE_HANDOFF_ACCEPTED":
      return { ...c, handoff: defined({ state: "queued", queueName: str(p, "queue_name") }) };
    case "EVENT_TYPE_HANDOFF_QUEUE_STATUS":
      return queueStatus(c, e);
    case "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED": {
      const handoff = defined({
        state: "client_required" as const,
        queueName: str(p, "queue_name"),
        reason: str(p, "reason"),
        route: str(p, "route"),
      });
      return notice({ ...c, handoff }, e, "client_required", "Please continue with a person.");
    }
    case "EVENT_TYPE_HANDOFF_FAILED": {
      // The server follows with a system message saying so (or offers an offline message).
      const handoff = ended(c.handoff, "failed", p);
      return {
        ...c,
        handoff: p.offline_message === true ? { ...handoff, offlineMessage: true } : handoff,
      };
    }
    case "EVENT_TYPE_HANDOFF_TIMEOUT": {
      const next = { ...c, handoff: ended(c.handoff, "timed_out", p) };
      return notice(next, e, "timed_out", "No agent became available in time.");
    }
    case "EVENT_TYPE_LIVE_AGENT_JOINED":
      return liveJoined(c, e);
    case "EVENT_TYPE_LIVE_AGENT_LEFT": {
      const name = c.agent.kind === "live" ? c.agent.name : undefined;
      const next: Conversation = {
        ...c,
        agent: { kind: "none" },
        liveAgentTyping: false,
        handoff: { state: "none" },
      };
      return notice(next, e, "none", `${name ?? "The agent"} left the conversation.`);
    }
    case "EVENT_TYPE_LIVE_AGENT_TYPING":
      return { ...c, liveAgentTyping: str(p, "state") === "TYPING_STATE_STARTED" };
    default:
      return c;
  }
}

function queueStatus(c: Conversation, e: ServerEvent): Conversation {
  // A status is only news while waiting; a late one must not undo "connected".
  if (c.handoff.state !== "queued" && c.handoff.state !== "requested") return c;
  const p = e.payload;
  const position = num(p, "position_in_queue");
  const handoff = defined({
    state: "queued" as const,
    queueName: str(p, "queue_name") ?? c.handoff.queueName,
    position,
    estimatedWaitSeconds: num(p, "estimated_wait_seconds"),
    displayMessage: str(p, "display_message"),
  });
  const text =
    handoff.displayMessage ??
    (position === undefined ? "Waiting for an agent." : `You are #${position} in line.`);
  const next = { ...c, handoff };
  const queue = defined({
    queueName: handoff.queueName,
    position,
    estimatedWaitSeconds: handoff.estimatedWaitSeconds,
    displayMessage: handoff.displayMessage,
  });
  const at = currentQueueNotice(c.messages);
  if (at < 0) return withQueue(notice(next, e, "queued", text), queue);
  // One notice per wait, updated in place: a new status replaces the old one's text and facts.
  const current = c.messages[at] as ConversationMessage;
  if (current.text === text && sameQueue(current.queue, queue)) return next;
  const messages = c.messages.slice();
  messages[at] = { ...current, text, queue, timestamp: e.timestamp };
  return { ...next, messages };
}

// The queue notice of the wait under way: the last handoff notice, when it is a queue status.
function currentQueueNotice(messages: readonly ConversationMessage[]): number {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const m = messages[i] as ConversationMessage;
    if (m.kind === "handoff") return m.handoffState === "queued" ? i : -1;
  }
  return -1;
}

function withQueue(c: Conversation, queue: QueueFacts): Conversation {
  const last = c.messages.at(-1);
  if (last?.handoffState !== "queued") return c;
  return { ...c, messages: [...c.messages.slice(0, -1), { ...last, queue }] };
}

function sameQueue(a: QueueFacts | undefined, b: QueueFacts): boolean {
  return (
    a?.queueName === b.queueName &&
    a?.position === b.position &&
    a?.estimatedWaitSeconds === b.estimatedWaitSeconds &&
    a?.displayMessage === b.displayMessage
  );
}

function liveJoined(c: Conversation, e: ServerEvent): Conversation {
  const p = e.payload;
  const agent = obj(p, "agent");
  const name = str(agent, "name") ?? str(p, "agent_name");
  const avatarUrl = str(agent, "avatar_url") ?? str(p, "avatar_url");
  const next: Conversation = {
    ...c,
    thinking: false,
    agent: defined({ kind: "live" as const, name, avatarUrl }),
    handoff: defined({ state: "connected", queueName: c.handoff.queueName }),
  };
  return notice(next, e, "connected", `${name ?? "An agent"} joined the conversation.`);
}

function ended(
  previous: HandoffInfo,
  state: "failed" | "timed_out",
  p: Record<string, unknown>,
): HandoffInfo {
  return defined({
    state,
    queueName: str(p, "queue_name") ?? previous.queueName,
    reason: str(p, "reason"),
  });
}

function notice(c: Conversation, e: ServerEvent, step: HandoffState, text: string): Conversation {
  if (c.messages.some((m) => m.id === e.id)) return c;
  const line: ConversationMessage = {
    id: e.id,
    from: "system",
    text,
    complete: true,
    attachments: [],
    suggestions: [],
    level: "info",
    kind: "handoff",
    handoffState: step,
    timestamp: e.timestamp,
    sequence: e.sequence,
  };
  return { ...c, messages: [...c.messages, line] };
}

/** `value` without its undefined properties, so snapshots compare and serialise cleanly. */
export function defined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = v;
  return out as T;
}
