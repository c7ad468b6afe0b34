// Every fixed SQL statement of the SQLite store, prepared once when the store opens.
import type { Database } from "better-sqlite3";
import type { StoredEvent } from "../../core/records.js";
import type { Tables } from "../records/tables.js";
import { EVENT_COLUMNS } from "./rows.js";

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
    // The sequence is taken inside the write transaction, so it stays gap-free even when
    // several processes append to the same file.
    // The append's precondition is part of the same statement: no row comes back when the
    // session is missing, ended or at another revision (then `appendRefusal` tells which).
    advanceSequence: db.prepare<[Params], SequenceRow>(
      `UPDATE sessions SET last_sequence = last_sequence + @count, updated_at = @now
       WHERE id = @id AND state = 'active' AND coalesce(@expectedRevision, revision) = revision
       RETURNING last_sequence AS lastSequence, revision`,
    ),
    appendRefusal: db.prepare<[string], Tables["sessions"]>("SELECT * FROM sessions WHERE id = ?"),
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
    getEpoch: db.prepare<[], { epoch: string }>("SELECT epoch FROM store_meta WHERE id = 1"),
  };
}

export type Statements = ReturnType<typeof prepareStatements>;
