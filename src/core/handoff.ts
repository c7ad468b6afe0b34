// Handing a conversation to humans: client-managed, server-managed, and the way back.
import { protocolError } from "../protocol/index.js";
import type { AgentDirectory } from "./agent-directory.js";
import type { LiveSession } from "./live-session.js";
import type { AgentAction, Clock, HandoffRefusal, HandoffReturn } from "./ports.js";
import type { HandoffResult } from "./turn-run.js";

/** What a handoff needs besides the session. */
export interface HandoffDeps {
  agents: AgentDirectory;
  desk: HandoffDesk;
  clock: Clock;
  /** Brings the AI agent back after a failed handoff (joined event and a short message). */
  rejoin(session: LiveSession, after: HandoffReturn): Promise<void>;
  /** Offers the visitor an offline message when nobody can be reached; true when it did. */
  offline?: {
    offer(session: LiveSession, queue: string, reason: HandoffRefusal): Promise<boolean>;
  };
}

/** Where server-managed handoffs go: the live-agent desk. */
export interface HandoffDesk {
  enqueue(
    session: LiveSession,
    queue: string,
  ): Promise<{ ok: true } | { ok: false; reason: HandoffRefusal }>;
}

const DEFAULT_QUEUE = "default";

/** Carries out an agent's handoff action; says where it went, or null when it did not happen. */
export async function startHandoff(
  session: LiveSession,
  action: Extract<AgentAction, { type: "handoff" }>,
  deps: HandoffDeps,
): Promise<HandoffResult> {
  const lookup = await deps.agents.forSession(session.record);
  const target = lookup.ok ? lookup.connector.handoff : null;
  if (target?.mode === "client" && action.queue === undefined) {
    const required = {
      reason: target.reason,
      queue_name: target.queue_name,
      ...(target.route ? { route: target.route } : {}),
    };
    await session.append(
      [
        { type: "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF", payload: {} },
        { type: "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED", payload: required },
        { type: "EVENT_TYPE_POLY_AGENT_LEFT", payload: { reason: "HANDOFF" } },
      ],
      { agentStatus: "none" },
    );
    return { destination: target.queue_name, reason: action.reason ?? target.reason };
  }
  if (target?.mode !== "server" && action.queue === undefined) {
    session.broadcastError(protocolError("handoff_not_initiated"));
    return null;
  }
  const queue =
    action.queue ?? (target?.mode === "server" ? target.queue : undefined) ?? DEFAULT_QUEUE;
  await session.append(
    [
      { type: "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF", payload: {} },
      { type: "EVENT_TYPE_POLY_AGENT_LEFT", payload: { reason: "HANDOFF" } },
    ],
    { agentStatus: "handoff" },
  );
  const outcome = await deps.desk.enqueue(session, queue);
  if (outcome.ok) return { destination: queue, reason: action.reason ?? "" };
  // Nobody to reach: an offline message instead of the failure text and the AI agent again.
  const offerOffline = !lookup.ok || lookup.agent.policy.whenNoHuman !== "agent";
  if (offerOffline && (await deps.offline?.offer(session, queue, outcome.reason))) return null;
  await recordHandoffFailure(session, queue, outcome.reason);
  await deps.rejoin(session, "failed");
  return null;
}

/** A handoff that could not reach a human: HANDOFF_FAILED and the spec's message; the caller brings the AI back. */
export async function recordHandoffFailure(
  session: LiveSession,
  queue: string,
  reason: HandoffRefusal,
): Promise<void> {
  await session.append(
    [{ type: "EVENT_TYPE_HANDOFF_FAILED", payload: { reason, queue_name: queue } }],
    { agentStatus: "none" },
  );
  session.broadcastError(protocolError("handoff_no_agent"));
}
