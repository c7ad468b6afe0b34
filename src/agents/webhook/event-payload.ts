// The JSON a webhook bot receives for each event: the session, the event, the history, the context.
import type { AgentNotice, AgentSessionView, TurnTrigger } from "../../core/ports.js";

/** The event names a bot sees, one per trigger (and `session_end`, which needs no answer). */
export type WebhookEventType = "join" | "message" | "rejoin" | "continue" | "session_end";

/** What is sent, besides the session view. */
export interface EventSpec {
  /** The event's id: the turn key (or the SESSION_END id), also the Idempotency-Key. */
  id: string;
  what: TurnTrigger | AgentNotice;
  /** Milliseconds since the epoch: when the request is built, and when Switchboard gives up. */
  now: number;
  deadline: number | null;
  /** The language to answer in when the session has none yet. */
  defaultLanguage: string;
}

/** The event name of a trigger or notice. */
export function eventType(what: TurnTrigger | AgentNotice): WebhookEventType {
  return what.type;
}

/**
 * The request body, as an object to be serialised once (retries send the same bytes):
 * `{id, type, created_at, deadline, session, message?, handoff?, session_end?, history, context}`.
 */
export function webhookEventBody(view: AgentSessionView, spec: EventSpec): Record<string, unknown> {
  return {
    id: spec.id,
    type: eventType(spec.what),
    created_at: new Date(spec.now).toISOString(),
    deadline: spec.deadline === null ? null : new Date(spec.deadline).toISOString(),
    session: {
      id: view.sessionId,
      language: view.language ?? spec.defaultLanguage,
      connector: { id: view.connector.id, name: view.connector.name, host: view.connector.host },
    },
    ...eventFields(spec.what),
    history: view.history,
    context: {
      verified: view.verifiedContext,
      integration_attributes: view.integrationAttributes,
    },
  };
}

function eventFields(what: TurnTrigger | AgentNotice): Record<string, unknown> {
  switch (what.type) {
    case "message":
      return { message: { id: what.messageId, text: what.text } };
    case "rejoin":
      return { handoff: { outcome: what.after } };
    case "session_end":
      return { session_end: { reason: what.reason } };
    default:
      return {};
  }
}
