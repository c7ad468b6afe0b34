// The SQL statements of the live-agent desk tables (queues, desk users, handoffs), prepared once.
import type { Database } from "better-sqlite3";
import {
  DESK_USER_COLUMNS,
  type DeskUserRow,
  HANDOFF_COLUMNS,
  type HandoffRow,
  QUEUE_COLUMNS,
  type QueueRow,
} from "./desk-rows.js";

type Params = Record<string, string | number | null>;

/** Builds the desk's prepared statements. */
export function prepareDeskStatements(db: Database) {
  return { ...queueStatements(db), ...deskUserStatements(db), ...handoffStatements(db) };
}

export type DeskStatements = ReturnType<typeof prepareDeskStatements>;

function queueStatements(db: Database) {
  return {
    // "Creates or replaces": the stored queue is exactly the last one put, createdAt included.
    putQueue: db.prepare<[Params]>(
      `INSERT INTO queues (name, max_wait_seconds, status_interval_seconds, opening_hours_json,
         created_at, updated_at)
       VALUES (@name, @maxWaitSeconds, @statusIntervalSeconds, @openingHoursJson, @createdAt,
         @updatedAt)
       ON CONFLICT (name) DO UPDATE SET max_wait_seconds = excluded.max_wait_seconds,
         status_interval_seconds = excluded.status_interval_seconds,
         opening_hours_json = excluded.opening_hours_json, created_at = excluded.created_at,
         updated_at = excluded.updated_at`,
    ),
    getQueue: db.prepare<[string], QueueRow>(`SELECT ${QUEUE_COLUMNS} FROM queues WHERE name = ?`),
    listQueues: db.prepare<[], QueueRow>(`SELECT ${QUEUE_COLUMNS} FROM queues ORDER BY name`),
    deleteQueue: db.prepare<[string]>("DELETE FROM queues WHERE name = ?"),
  };
}

function deskUserStatements(db: Database) {
  return {
    insertDeskUser: db.prepare<[Params]>(
      `INSERT INTO desk_users (id, name, avatar_url, queues_json, max_concurrent, token_hash,
         created_at, updated_at)
       VALUES (@id, @name, @avatarUrl, @queuesJson, @maxConcurrent, @tokenHash, @createdAt,
         @updatedAt)`,
    ),
    getDeskUser: db.prepare<[string], DeskUserRow>(
      `SELECT ${DESK_USER_COLUMNS} FROM desk_users WHERE id = ?`,
    ),
    getDeskUserByTokenHash: db.prepare<[string], DeskUserRow>(
      `SELECT ${DESK_USER_COLUMNS} FROM desk_users WHERE token_hash = ?`,
    ),
    listDeskUsers: db.prepare<[], DeskUserRow>(
      `SELECT ${DESK_USER_COLUMNS} FROM desk_users ORDER BY created_at, id`,
    ),
    // createdAt is deliberately not written: it never changes.
    updateDeskUser: db.prepare<[Params]>(
      `UPDATE desk_users SET name = @name, avatar_url = @avatarUrl, queues_json = @queuesJson,
         max_concurrent = @maxConcurrent, token_hash = @tokenHash, updated_at = @updatedAt
       WHERE id = @id`,
    ),
    deleteDeskUser: db.prepare<[string]>("DELETE FROM desk_users WHERE id = ?"),
  };
}

function handoffStatements(db: Database) {
  return {
    insertHandoff: db.prepare<[Params]>(
      `INSERT INTO handoffs (id, session_id, queue, state, priority, enqueued_at, assigned_to,
         assigned_at, closed_at, outcome)
       VALUES (@id, @sessionId, @queue, @state, @priority, @enqueuedAt, @assignedTo,
         @assignedAt, @closedAt, @outcome)`,
    ),
    getHandoff: db.prepare<[string], HandoffRow>(
      `SELECT ${HANDOFF_COLUMNS} FROM handoffs WHERE id = ?`,
    ),
    listOpenHandoffs: db.prepare<[], HandoffRow>(
      `SELECT ${HANDOFF_COLUMNS} FROM handoffs WHERE state IN ('queued', 'assigned')
       ORDER BY enqueued_at, id`,
    ),
    // One statement, evaluated under the write lock: of concurrent claims from any process,
    // only the first still finds the handoff queued.
    claimHandoff: db.prepare<[string, number, string]>(
      `UPDATE handoffs SET state = 'assigned', assigned_to = ?, assigned_at = ?
       WHERE id = ? AND state = 'queued'`,
    ),
    updateHandoff: db.prepare<[Params]>(
      `UPDATE handoffs SET
         state = CASE WHEN @setState THEN @state ELSE state END,
         priority = CASE WHEN @setPriority THEN @priority ELSE priority END,
         assigned_to = CASE WHEN @setAssignedTo THEN @assignedTo ELSE assigned_to END,
         assigned_at = CASE WHEN @setAssignedAt THEN @assignedAt ELSE assigned_at END,
         closed_at = CASE WHEN @setClosedAt THEN @closedAt ELSE closed_at END,
         outcome = CASE WHEN @setOutcome THEN @outcome ELSE outcome END
       WHERE id = @id AND state = @from`,
    ),
    recentWaits: db.prepare<[string, number, number], { wait: number }>(
      `SELECT assigned_at - enqueued_at AS wait FROM handoffs
       WHERE queue = ? AND assigned_at IS NOT NULL AND assigned_at >= ?
       ORDER BY assigned_at DESC, id DESC LIMIT ?`,
    ),
  };
}
