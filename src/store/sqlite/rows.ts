// Row shapes as SQLite returns them and their conversion to the core's records.
import type {
  AgentRecord,
  ConnectorRecord,
  HandoffConfig,
  LanguageDetection,
  NewEvent,
  NewSession,
  SessionRecord,
  SigningKeyRecord,
  StoredEvent,
} from "../../core/records.js";

/** Session columns aliased to record field names; only `streaming` needs converting. */
export const SESSION_COLUMNS = `id, connector_id AS connectorId, subject,
  subject_expires_at AS subjectExpiresAt, streaming, client_profile AS clientProfile,
  chunk_layout AS chunkLayout, platform,
  device_type AS deviceType, user_agent AS userAgent, state, agent_status AS agentStatus,
  language, end_reason AS endReason, call_sid AS callSid, last_sequence AS lastSequence, revision,
  created_at AS createdAt, updated_at AS updatedAt, ended_at AS endedAt`;

/** Event columns aliased so a row already is a StoredEvent (no per-row copying on replay). */
export const EVENT_COLUMNS = `session_id AS sessionId, sequence, id, type, timestamp,
  payload_json AS payloadJson, metadata_json AS metadataJson, client_key AS clientKey`;

export const AGENT_COLUMNS = `id, name, definition_json AS definitionJson, key_hash AS keyHash,
  created_at AS createdAt, updated_at AS updatedAt`;

export const CONNECTOR_COLUMNS = `id, name, host, agent_id AS agentId, handoff_json AS handoffJson,
  chunk_join AS chunkJoin, language_detection_json AS languageDetectionJson,
  token_hash AS tokenHash, created_at AS createdAt, updated_at AS updatedAt`;

export const SIGNING_KEY_COLUMNS = `kid, alg, secret, created_at AS createdAt,
  retired_at AS retiredAt`;

export type SessionRow = Omit<SessionRecord, "streaming"> & { streaming: number };
export type AgentRow = Omit<AgentRecord, "definition"> & { definitionJson: string };
export type ConnectorRow = Omit<ConnectorRecord, "handoff" | "languageDetection"> & {
  handoffJson: string | null;
  languageDetectionJson: string | null;
};
export type SigningKeyRow = SigningKeyRecord;

/** The record for a session row. */
export function toSession(row: SessionRow): SessionRecord {
  return { ...row, streaming: row.streaming === 1 };
}

/** The record for an agent row. */
export function toAgent(row: AgentRow): AgentRecord {
  return {
    id: row.id,
    name: row.name,
    definition: JSON.parse(row.definitionJson) as Record<string, unknown>,
    keyHash: row.keyHash,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The record for a connector row. */
export function toConnector(row: ConnectorRow): ConnectorRecord {
  const connector: ConnectorRecord = {
    id: row.id,
    name: row.name,
    host: row.host,
    agentId: row.agentId,
    handoff: row.handoffJson === null ? null : (JSON.parse(row.handoffJson) as HandoffConfig),
    chunkJoin: row.chunkJoin,
    tokenHash: row.tokenHash,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  if (row.languageDetectionJson !== null) {
    connector.languageDetection = JSON.parse(row.languageDetectionJson) as LanguageDetection;
  }
  return connector;
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
