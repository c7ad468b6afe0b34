// Queue, desk-user and handoff rows: column lists, conversion to records, and bind parameters.
import type {
  DeskUserRecord,
  HandoffPatch,
  HandoffRecord,
  OpeningHours,
  QueueRecord,
} from "../../core/records.js";

type Params = Record<string, string | number | null>;

export const QUEUE_COLUMNS = `name, max_wait_seconds AS maxWaitSeconds,
  status_interval_seconds AS statusIntervalSeconds, opening_hours_json AS openingHoursJson,
  created_at AS createdAt, updated_at AS updatedAt`;

export const DESK_USER_COLUMNS = `id, name, avatar_url AS avatarUrl, queues_json AS queuesJson,
  max_concurrent AS maxConcurrent, token_hash AS tokenHash, created_at AS createdAt,
  updated_at AS updatedAt`;

/** Handoff columns aliased so a row already is a HandoffRecord (every field is a plain value). */
export const HANDOFF_COLUMNS = `id, session_id AS sessionId, queue, state, priority,
  enqueued_at AS enqueuedAt, assigned_to AS assignedTo, assigned_at AS assignedAt,
  closed_at AS closedAt, outcome`;

export type QueueRow = Omit<QueueRecord, "openingHours"> & { openingHoursJson: string | null };
export type DeskUserRow = Omit<DeskUserRecord, "queues"> & { queuesJson: string };
export type HandoffRow = HandoffRecord;

/** The record for a queue row. */
export function toQueue(row: QueueRow): QueueRecord {
  return {
    name: row.name,
    maxWaitSeconds: row.maxWaitSeconds,
    statusIntervalSeconds: row.statusIntervalSeconds,
    openingHours:
      row.openingHoursJson === null ? null : (JSON.parse(row.openingHoursJson) as OpeningHours),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The record for a desk-user row. */
export function toDeskUser(row: DeskUserRow): DeskUserRecord {
  return {
    id: row.id,
    name: row.name,
    avatarUrl: row.avatarUrl,
    queues: JSON.parse(row.queuesJson) as string[],
    maxConcurrent: row.maxConcurrent,
    tokenHash: row.tokenHash,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Parameters of `putQueue`. */
export function queueParams(q: QueueRecord): Params {
  return {
    name: q.name,
    maxWaitSeconds: q.maxWaitSeconds,
    statusIntervalSeconds: q.statusIntervalSeconds,
    openingHoursJson: q.openingHours === null ? null : JSON.stringify(q.openingHours),
    createdAt: q.createdAt,
    updatedAt: q.updatedAt,
  };
}

/** Parameters of `insertDeskUser` and `updateDeskUser`. */
export function deskUserParams(u: DeskUserRecord): Params {
  return {
    id: u.id,
    name: u.name,
    avatarUrl: u.avatarUrl,
    queuesJson: JSON.stringify(u.queues),
    maxConcurrent: u.maxConcurrent,
    tokenHash: u.tokenHash,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

/** Parameters of `insertHandoff`; copies only the record's fields, whatever else the object has. */
export function handoffParams(h: HandoffRecord): Params {
  return {
    id: h.id,
    sessionId: h.sessionId,
    queue: h.queue,
    state: h.state,
    priority: h.priority,
    enqueuedAt: h.enqueuedAt,
    assignedTo: h.assignedTo,
    assignedAt: h.assignedAt,
    closedAt: h.closedAt,
    outcome: h.outcome,
  };
}

/**
 * Parameters of `updateHandoff`: each field has a `set…` flag, so one statement covers every
 * combination and a field can be set to null. Undefined means "leave as is".
 */
export function handoffPatchParams(id: string, from: string, patch: HandoffPatch): Params {
  return {
    id,
    from,
    setState: flag(patch.state),
    state: patch.state ?? null,
    setPriority: flag(patch.priority),
    priority: patch.priority ?? null,
    setAssignedTo: flag(patch.assignedTo),
    assignedTo: patch.assignedTo ?? null,
    setAssignedAt: flag(patch.assignedAt),
    assignedAt: patch.assignedAt ?? null,
    setClosedAt: flag(patch.closedAt),
    closedAt: patch.closedAt ?? null,
    setOutcome: flag(patch.outcome),
    outcome: patch.outcome ?? null,
  };
}

function flag(value: unknown): number {
  return value === undefined ? 0 : 1;
}
