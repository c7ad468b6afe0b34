// Record builders for the desk cases of the Store contract suite: queues, desk users, handoffs.
import { v7 } from "uuid";
import type { DeskUserRecord, HandoffRecord, QueueRecord } from "../../../src/core/records.js";
import { T0 } from "./fixtures.js";

/** A queue open on weekdays in Paris; the name is unique unless given. */
export function queue(overrides: Partial<QueueRecord> = {}): QueueRecord {
  return {
    name: `support-${v7()}`,
    maxWaitSeconds: 600,
    statusIntervalSeconds: 15,
    openingHours: {
      timezone: "Europe/Paris",
      weekly: { mon: ["09:00-12:30", "13:30-18:00"], fri: ["09:00-17:00"] },
    },
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A desk user serving `support`, with a unique token hash. */
export function deskUser(overrides: Partial<DeskUserRecord> = {}): DeskUserRecord {
  return {
    id: v7(),
    name: "Sarah",
    avatarUrl: "https://example.com/sarah.png",
    queues: ["support"],
    maxConcurrent: 3,
    tokenHash: `${v7()}-desk-hash`,
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** A queued handoff of `sessionId` in `support`, enqueued at T0. */
export function handoff(sessionId: string, overrides: Partial<HandoffRecord> = {}): HandoffRecord {
  return {
    id: v7(),
    sessionId,
    queue: "support",
    state: "queued",
    priority: 0,
    enqueuedAt: T0,
    assignedTo: null,
    assignedAt: null,
    closedAt: null,
    outcome: null,
    ...overrides,
  };
}
