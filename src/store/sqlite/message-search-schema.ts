// The SQLite full-text index of message texts (migration 14), kept in step with appends by triggers.
import { SEARCHABLE_TYPES_SQL as TYPES } from "../records/searchable-events.js";

/**
 * `message_search` is a contentless FTS5 index (the texts stay in `events` only); its rowid is
 * the id of a `message_search_rows` row naming the event. That small table exists because
 * `events` has no INTEGER PRIMARY KEY, so its rowids may change on VACUUM: the index must not
 * point at them. Rows hang off their session, and deleting one deletes its index entry, so an
 * erased or purged session leaves nothing searchable. The triggers run inside the append's
 * own transaction: a message is searchable exactly when it is committed. The tokenizer folds
 * case but not accents, as PostgreSQL's `simple` configuration does. `detail = none` keeps no
 * word positions (the search matches words and word starts, never phrases), which makes each
 * append's index write markedly cheaper (docs/benchmarks.md).
 */
export const MESSAGE_SEARCH_MIGRATION = {
  version: 14,
  name: "message search",
  sql: `
    CREATE TABLE message_search_rows (
      id         INTEGER NOT NULL PRIMARY KEY,
      session_id TEXT    NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
      sequence   INTEGER NOT NULL
    );
    CREATE INDEX message_search_rows_session ON message_search_rows (session_id, sequence);
    CREATE VIRTUAL TABLE message_search USING fts5 (
      text, content = '', contentless_delete = 1, detail = none,
      tokenize = 'unicode61 remove_diacritics 0'
    );
    CREATE TRIGGER message_search_add AFTER INSERT ON events WHEN NEW.type IN (${TYPES})
    BEGIN
      INSERT INTO message_search_rows (session_id, sequence) VALUES (NEW.session_id, NEW.sequence);
      INSERT INTO message_search (rowid, text) VALUES (
        last_insert_rowid(),
        CASE WHEN json_valid(NEW.payload_json)
          THEN coalesce(json_extract(NEW.payload_json, '$.text'), '') ELSE '' END
      );
    END;
    CREATE TRIGGER message_search_remove AFTER DELETE ON message_search_rows
    BEGIN
      DELETE FROM message_search WHERE rowid = OLD.id;
    END;
    INSERT INTO message_search_rows (session_id, sequence)
      SELECT session_id, sequence FROM events WHERE type IN (${TYPES}) ORDER BY session_id, sequence;
    INSERT INTO message_search (rowid, text)
      SELECT r.id, CASE WHEN json_valid(e.payload_json)
          THEN coalesce(json_extract(e.payload_json, '$.text'), '') ELSE '' END
      FROM message_search_rows r JOIN events e ON e.session_id = r.session_id AND e.sequence = r.sequence;
  `,
};
