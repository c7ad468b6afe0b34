// Event rows as SQLite returns them.

/** Event columns aliased so a row already is a StoredEvent (no per-row copying on replay). */
export const EVENT_COLUMNS = `session_id AS sessionId, sequence, id, type, timestamp,
  payload_json AS payloadJson, metadata_json AS metadataJson, client_key AS clientKey`;
