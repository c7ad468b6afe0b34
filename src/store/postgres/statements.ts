// The hand-written SQL of the PostgreSQL event log: one round trip per create and per append.

/** Event columns quoted to the record's field names, so a row already is a StoredEvent. */
const EVENT_COLUMNS = `session_id AS "sessionId", sequence, id, type, timestamp,
  payload_json AS "payloadJson", metadata_json AS "metadataJson", client_key AS "clientKey"`;

/** The session row and its SESSION_START at sequence 1, in one statement. */
export const CREATE_SESSION = `
  WITH s AS (
    INSERT INTO sessions (id, connector_id, subject, subject_expires_at, streaming,
      client_profile, chunk_layout, platform, device_type, user_agent, state, agent_status,
      last_sequence, revision, created_at, updated_at)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'active', 'none', 1, 0, $11, $11)
    RETURNING id
  )
  INSERT INTO events (session_id, sequence, id, type, timestamp, payload_json, metadata_json,
    client_key)
  SELECT s.id, 1, $12, $13, $14, $15, $16, $17 FROM s`;

/**
 * Takes the sequences and applies the patch — only when the session is active and at the
 * expected revision — and inserts the events numbered from the sequences taken, in one
 * statement. The UPDATE locks the session row, so concurrent appends from any process queue
 * behind it and re-check the condition on the committed row: sequences stay gap-free and
 * nothing lands after the append that ended the session. No row back means refused.
 * Each patch field has a set-flag, so one statement covers every patch and can set nulls.
 */
export const APPEND = `
  WITH s AS (
    UPDATE sessions SET
      last_sequence = last_sequence + $2,
      updated_at = $3,
      revision = revision + $4,
      state = CASE WHEN $6 THEN $7::text ELSE state END,
      agent_status = CASE WHEN $8 THEN $9::text ELSE agent_status END,
      language = CASE WHEN $10 THEN $11::text ELSE language END,
      end_reason = CASE WHEN $12 THEN $13::text ELSE end_reason END,
      call_sid = CASE WHEN $14 THEN $15::text ELSE call_sid END,
      ended_at = CASE WHEN $16 THEN $17::bigint ELSE ended_at END,
      subject = CASE WHEN $18 THEN $19::text ELSE subject END,
      subject_expires_at = CASE WHEN $20 THEN $21::bigint ELSE subject_expires_at END
    WHERE id = $1 AND state = 'active' AND revision = coalesce($5::bigint, revision)
    RETURNING last_sequence, revision
  ), e AS (
    INSERT INTO events (session_id, sequence, id, type, timestamp, payload_json, metadata_json,
      client_key)
    SELECT $1, s.last_sequence - $2 + n.ord, n.id, n.type, n.ts, n.payload, n.metadata, n.ckey
    FROM s, unnest($22::text[], $23::text[], $24::text[], $25::text[], $26::text[],
      $27::text[]) WITH ORDINALITY AS n(id, type, ts, payload, metadata, ckey, ord)
  )
  SELECT last_sequence AS "lastSequence", revision FROM s`;

export const SESSION_BY_ID = "SELECT * FROM sessions WHERE id = $1";

export const READ_EVENTS = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE session_id = $1 AND sequence > $2 ORDER BY sequence LIMIT $3`;

export const FIRST_EVENT_OF_TYPE = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE session_id = $1 AND type = $2 ORDER BY sequence LIMIT 1`;

export const EVENT_BY_CLIENT_KEY = `SELECT ${EVENT_COLUMNS} FROM events
  WHERE session_id = $1 AND client_key = $2`;

export const EPOCH = "SELECT epoch FROM store_meta WHERE id = 1";

/** Advisory locks are per database: the schema is part of the key, so deployments do not meet. */
export const LOCK = "SELECT pg_advisory_lock(hashtext(current_schema() || ':' || $1))";
export const UNLOCK = "SELECT pg_advisory_unlock(hashtext(current_schema() || ':' || $1))";
