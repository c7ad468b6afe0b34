// Records as the admin API shows them: snake_case fields, ISO 8601 times, never a token hash.
import type {
  AgentRecord,
  ConnectorRecord,
  DeskUserRecord,
  QueueRecord,
  SessionRating,
  SessionRecord,
  StoredEvent,
} from "../core/index.js";
import { ratingJson } from "../core/index.js";
import type { ServerEvent } from "../protocol/index.js";
import { isoTime } from "./fields.js";
import { redactSecrets } from "./secret-fields.js";

/**
 * An agent as JSON: secrets (`api_key`, `secret`) shown as `********`, and whether it has an agent
 * key (never the key or its hash).
 */
export function agentJson(agent: AgentRecord): Record<string, unknown> {
  return {
    id: agent.id,
    name: agent.name,
    definition: redactSecrets(agent.definition),
    has_agent_key: agent.keyHash !== null,
    created_at: isoTime(agent.createdAt),
    updated_at: isoTime(agent.updatedAt),
  };
}

/** A connector as JSON; the token is added by the caller only where it is shown once. */
export function connectorJson(connector: ConnectorRecord): Record<string, unknown> {
  return {
    id: connector.id,
    name: connector.name,
    host: connector.host,
    agent_id: connector.agentId,
    handoff: connector.handoff,
    chunk_join: connector.chunkJoin,
    language_detection: connector.languageDetection ?? { enabled: true, languages: null },
    rating: connector.rating ?? null,
    variants: connector.variants ?? {},
    created_at: isoTime(connector.createdAt),
    updated_at: isoTime(connector.updatedAt),
  };
}

/** A queue as JSON. */
export function queueJson(queue: QueueRecord): Record<string, unknown> {
  return {
    name: queue.name,
    max_wait_seconds: queue.maxWaitSeconds,
    status_interval_seconds: queue.statusIntervalSeconds,
    opening_hours: queue.openingHours,
    created_at: isoTime(queue.createdAt),
    updated_at: isoTime(queue.updatedAt),
  };
}

/** A desk user as the admin API shows it; the token is added only where it is shown once. */
export function deskUserAdminJson(user: DeskUserRecord): Record<string, unknown> {
  return {
    id: user.id,
    name: user.name,
    avatar_url: user.avatarUrl,
    queues: user.queues,
    max_concurrent: user.maxConcurrent,
    created_at: isoTime(user.createdAt),
    updated_at: isoTime(user.updatedAt),
  };
}

/** A session as JSON (without its subject: it identifies the token, not the conversation). */
export function sessionJson(session: SessionRecord): Record<string, unknown> {
  return {
    id: session.id,
    connector_id: session.connectorId,
    state: session.state,
    agent_status: session.agentStatus,
    streaming: session.streaming,
    client_profile: session.clientProfile,
    chunk_layout: session.chunkLayout,
    platform: session.platform,
    device_type: session.deviceType,
    user_agent: session.userAgent,
    language: session.language,
    end_reason: session.endReason,
    call_sid: session.callSid,
    last_sequence: session.lastSequence,
    created_at: isoTime(session.createdAt),
    updated_at: isoTime(session.updatedAt),
    ended_at: isoTime(session.endedAt),
  };
}

/** A stored event as it went out on the wire. */
export function wireEvent(event: StoredEvent): ServerEvent {
  const wire: ServerEvent = {
    id: event.id,
    sequence: event.sequence,
    timestamp: event.timestamp,
    type: event.type,
    payload: JSON.parse(event.payloadJson) as Record<string, unknown>,
  };
  if (event.metadataJson !== null) wire.metadata = JSON.parse(event.metadataJson);
  return wire;
}

/** A page of sessions with the cursor of the next page. */
export function sessionPageJson(page: {
  sessions: SessionRecord[];
  nextBefore: string | null;
}): Record<string, unknown> {
  return { sessions: page.sessions.map(sessionJson), next_before: page.nextBefore };
}

/** A session with its full event log, as the wire showed each event. */
export function sessionWithEventsJson(value: {
  session: SessionRecord;
  events: StoredEvent[];
  rating?: SessionRating | null;
}): Record<string, unknown> {
  return {
    ...sessionJson(value.session),
    events: value.events.map(wireEvent),
    rating: value.rating ? ratingJson(value.rating) : null,
  };
}
