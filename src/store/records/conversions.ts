// Records to column values and back, for the tables the shared query layer owns.
import type {
  AgentRecord,
  ConnectorRecord,
  DeskUserRecord,
  HandoffConfig,
  HandoffPatch,
  HandoffRecord,
  LanguageDetection,
  NewEvent,
  NewSession,
  OpeningHours,
  QueueRecord,
  RatingSetting,
  SessionRating,
  SessionRecord,
  SigningKeyRecord,
  StoredEvent,
} from "../../core/records.js";
import type { Tables } from "./tables.js";

type Row<T extends keyof Tables> = Tables[T];

/** The record for a session row (either dialect). */
export function toSession(row: Row<"sessions">): SessionRecord {
  return {
    id: row.id,
    connectorId: row.connector_id,
    subject: row.subject,
    subjectExpiresAt: row.subject_expires_at,
    streaming: row.streaming === true || row.streaming === 1,
    clientProfile: row.client_profile as SessionRecord["clientProfile"],
    chunkLayout: row.chunk_layout as SessionRecord["chunkLayout"],
    platform: row.platform as SessionRecord["platform"],
    deviceType: row.device_type as SessionRecord["deviceType"],
    userAgent: row.user_agent,
    state: row.state as SessionRecord["state"],
    agentStatus: row.agent_status as SessionRecord["agentStatus"],
    language: row.language,
    endReason: row.end_reason as SessionRecord["endReason"],
    callSid: row.call_sid,
    lastSequence: row.last_sequence,
    revision: row.revision,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    endedAt: row.ended_at,
  };
}

/** The record for an agent row. */
export function toAgent(row: Row<"agents">): AgentRecord {
  return {
    id: row.id,
    name: row.name,
    definition: JSON.parse(row.definition_json) as Record<string, unknown>,
    keyHash: row.key_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns of an agent. */
export function agentRow(a: AgentRecord): Row<"agents"> {
  return {
    id: a.id,
    name: a.name,
    definition_json: JSON.stringify(a.definition),
    key_hash: a.keyHash,
    created_at: a.createdAt,
    updated_at: a.updatedAt,
  };
}

/** The record for a connector row. */
export function toConnector(row: Row<"connectors">): ConnectorRecord {
  const connector: ConnectorRecord = {
    id: row.id,
    name: row.name,
    host: row.host,
    agentId: row.agent_id,
    handoff: row.handoff_json === null ? null : (JSON.parse(row.handoff_json) as HandoffConfig),
    chunkJoin: row.chunk_join as ConnectorRecord["chunkJoin"],
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
  if (row.language_detection_json !== null) {
    connector.languageDetection = JSON.parse(row.language_detection_json) as LanguageDetection;
  }
  if (row.rating_json !== null) connector.rating = JSON.parse(row.rating_json) as RatingSetting;
  if (row.variants_json !== null) {
    connector.variants = JSON.parse(row.variants_json) as Record<string, string>;
  }
  return connector;
}

/** The columns of a connector. */
export function connectorRow(c: ConnectorRecord): Row<"connectors"> {
  return {
    id: c.id,
    name: c.name,
    host: c.host,
    agent_id: c.agentId,
    handoff_json: c.handoff === null ? null : JSON.stringify(c.handoff),
    chunk_join: c.chunkJoin,
    language_detection_json: c.languageDetection ? JSON.stringify(c.languageDetection) : null,
    rating_json: c.rating ? JSON.stringify(c.rating) : null,
    variants_json:
      c.variants && Object.keys(c.variants).length > 0 ? JSON.stringify(c.variants) : null,
    token_hash: c.tokenHash,
    created_at: c.createdAt,
    updated_at: c.updatedAt,
  };
}

/** The record for a signing-key row. */
export function toSigningKey(row: Row<"signing_keys">): SigningKeyRecord {
  return {
    kid: row.kid,
    alg: row.alg as SigningKeyRecord["alg"],
    secret: row.secret,
    createdAt: row.created_at,
    retiredAt: row.retired_at,
  };
}

/** The record for a queue row. */
export function toQueue(row: Row<"queues">): QueueRecord {
  return {
    name: row.name,
    maxWaitSeconds: row.max_wait_seconds,
    statusIntervalSeconds: row.status_interval_seconds,
    openingHours:
      row.opening_hours_json === null ? null : (JSON.parse(row.opening_hours_json) as OpeningHours),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns of a queue. */
export function queueRow(q: QueueRecord): Row<"queues"> {
  return {
    name: q.name,
    max_wait_seconds: q.maxWaitSeconds,
    status_interval_seconds: q.statusIntervalSeconds,
    opening_hours_json: q.openingHours === null ? null : JSON.stringify(q.openingHours),
    created_at: q.createdAt,
    updated_at: q.updatedAt,
  };
}

/** The record for a desk-user row. */
export function toDeskUser(row: Row<"desk_users">): DeskUserRecord {
  return {
    id: row.id,
    name: row.name,
    avatarUrl: row.avatar_url,
    queues: JSON.parse(row.queues_json) as string[],
    maxConcurrent: row.max_concurrent,
    tokenHash: row.token_hash,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns of a desk user. */
export function deskUserRow(u: DeskUserRecord): Row<"desk_users"> {
  return {
    id: u.id,
    name: u.name,
    avatar_url: u.avatarUrl,
    queues_json: JSON.stringify(u.queues),
    max_concurrent: u.maxConcurrent,
    token_hash: u.tokenHash,
    created_at: u.createdAt,
    updated_at: u.updatedAt,
  };
}

/** The record for a handoff row. */
export function toHandoff(row: Row<"handoffs">): HandoffRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    queue: row.queue,
    state: row.state as HandoffRecord["state"],
    priority: row.priority,
    enqueuedAt: row.enqueued_at,
    assignedTo: row.assigned_to,
    assignedAt: row.assigned_at,
    closedAt: row.closed_at,
    outcome: row.outcome as HandoffRecord["outcome"],
  };
}

/** The columns of a handoff; copies only the record's fields, whatever else the object has. */
export function handoffRow(h: HandoffRecord): Row<"handoffs"> {
  return {
    id: h.id,
    session_id: h.sessionId,
    queue: h.queue,
    state: h.state,
    priority: h.priority,
    enqueued_at: h.enqueuedAt,
    assigned_to: h.assignedTo,
    assigned_at: h.assignedAt,
    closed_at: h.closedAt,
    outcome: h.outcome,
  };
}

/** The columns a handoff patch sets; undefined fields are left out (left as they are). */
export function handoffPatchColumns(patch: HandoffPatch): Partial<Row<"handoffs">> {
  const columns: Partial<Row<"handoffs">> = {};
  if (patch.state !== undefined) columns.state = patch.state;
  if (patch.priority !== undefined) columns.priority = patch.priority;
  if (patch.assignedTo !== undefined) columns.assigned_to = patch.assignedTo;
  if (patch.assignedAt !== undefined) columns.assigned_at = patch.assignedAt;
  if (patch.closedAt !== undefined) columns.closed_at = patch.closedAt;
  if (patch.outcome !== undefined) columns.outcome = patch.outcome;
  return columns;
}

/** The record of a session just created: active, no agent yet, its start event at 1. */
export function newSessionRecord(s: NewSession): SessionRecord {
  return {
    id: s.id,
    connectorId: s.connectorId,
    subject: s.subject,
    subjectExpiresAt: s.subjectExpiresAt,
    streaming: s.streaming,
    clientProfile: s.clientProfile,
    chunkLayout: s.chunkLayout,
    platform: s.platform,
    deviceType: s.deviceType,
    userAgent: s.userAgent,
    createdAt: s.createdAt,
    state: "active",
    agentStatus: "none",
    language: null,
    endReason: null,
    callSid: null,
    lastSequence: 1,
    revision: 0,
    updatedAt: s.createdAt,
    endedAt: null,
  };
}

/** The event as stored; copies only the NewEvent fields, whatever else the caller's object has. */
export function storedEvent(sessionId: string, sequence: number, e: NewEvent): StoredEvent {
  return {
    sessionId,
    sequence,
    id: e.id,
    type: e.type,
    timestamp: e.timestamp,
    payloadJson: e.payloadJson,
    metadataJson: e.metadataJson,
    clientKey: e.clientKey,
  };
}

/** The record for a rating row. */
export function toRating(row: Row<"session_ratings">): SessionRating {
  return {
    sessionId: row.session_id,
    connectorId: row.connector_id,
    scale: row.scale as SessionRating["scale"],
    score: row.score,
    comment: row.comment,
    ratedAt: Number(row.rated_at),
  };
}
