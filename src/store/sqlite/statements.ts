// Every fixed SQL statement of the SQLite store, prepared once when the store opens.
import type { Database } from "better-sqlite3";
import type { StoredEvent } from "../../core/records.js";
import {
  AGENT_COLUMNS,
  type AgentRow,
  CONNECTOR_COLUMNS,
  type ConnectorRow,
  EVENT_COLUMNS,
  SESSION_COLUMNS,
  type SessionRow,
  SIGNING_KEY_COLUMNS,
  type SigningKeyRow,
} from "./rows.js";

type Params = Record<string, string | number | null>;
type SequenceRow = { lastSequence: number; revision: number };

/** Builds the prepared statements; statements with RETURNING are only ever run with `.all()`. */
export function prepareStatements(db: Database) {
  return {
    insertSession: db.prepare<[Params]>(
      `INSERT INTO sessions (id, connector_id, subject, subject_expires_at, streaming,
         client_profile, chunk_layout, platform, device_type, user_agent, state, agent_status,
         language, end_reason, call_sid, last_sequence, created_at, updated_at, ended_at)
       VALUES (@id, @connectorId, @subject, @subjectExpiresAt, @streaming, @clientProfile,
         @chunkLayout, @platform, @deviceType, @userAgent, 'active', 'none', NULL, NULL, NULL, 1,
         @createdAt, @createdAt, NULL)`,
    ),
    getSession: db.prepare<[string], SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`,
    ),
    getSessionCreatedAt: db.prepare<[string], { createdAt: number }>(
      "SELECT created_at AS createdAt FROM sessions WHERE id = ?",
    ),
    // The sequence is taken inside the write transaction, so it stays gap-free even when
    // several processes append to the same file.
    // The append's precondition is part of the same statement: no row comes back when the
    // session is missing, ended or at another revision (then `appendRefusal` tells which).
    advanceSequence: db.prepare<[Params], SequenceRow>(
      `UPDATE sessions SET last_sequence = last_sequence + @count, updated_at = @now
       WHERE id = @id AND state = 'active' AND coalesce(@expectedRevision, revision) = revision
       RETURNING last_sequence AS lastSequence, revision`,
    ),
    appendRefusal: db.prepare<[string], SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`,
    ),
    advanceSequenceWithPatch: db.prepare<[Params], SequenceRow>(
      `UPDATE sessions SET
         last_sequence = last_sequence + @count,
         updated_at = @now,
         state = CASE WHEN @setState THEN @state ELSE state END,
         agent_status = CASE WHEN @setAgentStatus THEN @agentStatus ELSE agent_status END,
         language = CASE WHEN @setLanguage THEN @language ELSE language END,
         end_reason = CASE WHEN @setEndReason THEN @endReason ELSE end_reason END,
         call_sid = CASE WHEN @setCallSid THEN @callSid ELSE call_sid END,
         ended_at = CASE WHEN @setEndedAt THEN @endedAt ELSE ended_at END,
         subject = CASE WHEN @setSubject THEN @subject ELSE subject END,
         subject_expires_at =
           CASE WHEN @setSubjectExpiresAt THEN @subjectExpiresAt ELSE subject_expires_at END,
         revision = revision + @bump
       WHERE id = @id AND state = 'active' AND coalesce(@expectedRevision, revision) = revision
       RETURNING last_sequence AS lastSequence, revision`,
    ),
    insertEvent: db.prepare<
      [string, number, string, string, string, string, string | null, string | null]
    >(
      `INSERT INTO events (session_id, sequence, id, type, timestamp, payload_json,
         metadata_json, client_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    readEvents: db.prepare<[string, number, number], StoredEvent>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE session_id = ? AND sequence > ? ORDER BY sequence LIMIT ?`,
    ),
    findFirstEvent: db.prepare<[string, string], StoredEvent>(
      `SELECT ${EVENT_COLUMNS} FROM events
       WHERE session_id = ? AND type = ? ORDER BY sequence LIMIT 1`,
    ),
    findEventByClientKey: db.prepare<[string, string], StoredEvent>(
      `SELECT ${EVENT_COLUMNS} FROM events WHERE session_id = ? AND client_key = ?`,
    ),
    listActiveSessions: db.prepare<[], SessionRow>(
      `SELECT ${SESSION_COLUMNS} FROM sessions WHERE state = 'active' ORDER BY created_at, id`,
    ),
    countSessionsByState: db.prepare<[], { state: string; count: number }>(
      "SELECT state, count(*) AS count FROM sessions GROUP BY state",
    ),
    // Events and handoffs go with their session through ON DELETE CASCADE (erasure).
    deleteSession: db.prepare<[string]>("DELETE FROM sessions WHERE id = ?"),
    purgeEndedBefore: db.prepare<[number]>(
      "DELETE FROM sessions WHERE state = 'ended' AND ended_at < ?",
    ),
    getEpoch: db.prepare<[], { epoch: string }>("SELECT epoch FROM store_meta WHERE id = 1"),
    getSetting: db.prepare<[string], { value: string }>(
      "SELECT value FROM settings WHERE name = ?",
    ),
    claimSetting: db.prepare<[string, string, number]>(
      `INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO NOTHING`,
    ),
    putSetting: db.prepare<[string, string, number]>(
      `INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
    ),
    ...agentStatements(db),
    ...connectorStatements(db),
    ...signingKeyStatements(db),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;

function agentStatements(db: Database) {
  return {
    insertAgent: db.prepare<[Params]>(
      `INSERT INTO agents (id, name, definition_json, key_hash, created_at, updated_at)
       VALUES (@id, @name, @definitionJson, @keyHash, @createdAt, @updatedAt)`,
    ),
    getAgent: db.prepare<[string], AgentRow>(`SELECT ${AGENT_COLUMNS} FROM agents WHERE id = ?`),
    getAgentByKeyHash: db.prepare<[string], AgentRow>(
      `SELECT ${AGENT_COLUMNS} FROM agents WHERE key_hash = ?`,
    ),
    listAgents: db.prepare<[], AgentRow>(
      `SELECT ${AGENT_COLUMNS} FROM agents ORDER BY created_at, id`,
    ),
    updateAgent: db.prepare<[Params]>(
      `UPDATE agents SET name = @name, definition_json = @definitionJson, key_hash = @keyHash,
         updated_at = @updatedAt WHERE id = @id`,
    ),
    deleteAgent: db.prepare<[string]>("DELETE FROM agents WHERE id = ?"),
  };
}

function connectorStatements(db: Database) {
  return {
    insertConnector: db.prepare<[Params]>(
      `INSERT INTO connectors (id, name, host, agent_id, handoff_json, chunk_join,
         language_detection_json, token_hash, created_at, updated_at)
       VALUES (@id, @name, @host, @agentId, @handoffJson, @chunkJoin, @languageDetectionJson,
         @tokenHash, @createdAt, @updatedAt)`,
    ),
    getConnector: db.prepare<[string], ConnectorRow>(
      `SELECT ${CONNECTOR_COLUMNS} FROM connectors WHERE id = ?`,
    ),
    getConnectorByTokenHash: db.prepare<[string], ConnectorRow>(
      `SELECT ${CONNECTOR_COLUMNS} FROM connectors WHERE token_hash = ?`,
    ),
    listConnectors: db.prepare<[], ConnectorRow>(
      `SELECT ${CONNECTOR_COLUMNS} FROM connectors ORDER BY created_at, id`,
    ),
    // createdAt is deliberately not written: it never changes.
    updateConnector: db.prepare<[Params]>(
      `UPDATE connectors SET name = @name, host = @host, agent_id = @agentId,
         handoff_json = @handoffJson, chunk_join = @chunkJoin,
         language_detection_json = @languageDetectionJson, token_hash = @tokenHash,
         updated_at = @updatedAt
       WHERE id = @id`,
    ),
    deleteConnector: db.prepare<[string]>("DELETE FROM connectors WHERE id = ?"),
  };
}

function signingKeyStatements(db: Database) {
  return {
    listSigningKeys: db.prepare<[], SigningKeyRow>(
      `SELECT ${SIGNING_KEY_COLUMNS} FROM signing_keys ORDER BY created_at DESC, rowid DESC`,
    ),
    retireSigningKeys: db.prepare<[number]>(
      "UPDATE signing_keys SET retired_at = ? WHERE retired_at IS NULL",
    ),
    insertSigningKey: db.prepare<[Params]>(
      `INSERT INTO signing_keys (kid, alg, secret, created_at, retired_at)
       VALUES (@kid, @alg, @secret, @createdAt, @retiredAt)`,
    ),
  };
}
