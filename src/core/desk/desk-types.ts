// The desk's shared vocabulary: what it needs from the rest of the core, and the shapes of its answers.
import type { HttpErrorCode, QueueEntry } from "../../protocol/index.js";

export type { QueueEntry };

import type { EventFactory } from "../event-factory.js";
import type { LiveSession } from "../live-session.js";
import type {
  Clock,
  DeskNoteStore,
  DeskSignals,
  DeskStatusStore,
  HandoffReturn,
  Scheduler,
  Store,
} from "../ports.js";
import type { DeskUserRecord } from "../records.js";
import type { DeskEvent } from "./desk-feed.js";

/** Why a desk action was refused. */
export type DeskFailure = Extract<
  HttpErrorCode,
  | "desk_session_not_found"
  | "desk_already_taken"
  | "desk_over_capacity"
  | "desk_not_your_queue"
  | "desk_queue_not_found"
  | "desk_transfer_unavailable"
  | "desk_not_available"
  | "desk_colleague_unavailable"
>;
/** The outcome of a desk action: its value, or why it was refused. */
export type DeskResult<T> = { ok: true; value: T } | { ok: false; error: DeskFailure };

/** Handoff outcomes counted for metrics. */
export interface DeskObserver {
  outcome(outcome: "accepted" | "failed" | "timed_out" | "abandoned"): void;
  waited(queue: string, seconds: number): void;
}

/** What the desk needs from the rest of the core. */
export interface DeskDeps {
  store: Store;
  clock: Clock;
  /** Durable timers: max waits, queue-status ticks and grace periods fire in any process. */
  scheduler: Scheduler;
  events: EventFactory;
  /** A desk user with no connection keeps their chats this long before they go back to the queue. */
  graceMs: number;
  sessions: { load(id: string): Promise<LiveSession | undefined> };
  /** Brings the AI agent back (or ends the session) after a handoff that did not reach a human. */
  rejoin(session: LiveSession, after: HandoffReturn): Promise<void>;
  observer?: DeskObserver;
  /** Keeps each desk user's chosen status; absent: choices last until the process stops. */
  statuses?: DeskStatusStore;
  /** Keeps internal notes; absent: in memory only. */
  notes?: DeskNoteStore;
  /** A session began (or began again) to wait in a queue: its visitor's presence is watched. */
  queued?(sessionId: string): void;
  /**
   * The other processes of the deployment: presence heartbeats, desk events and handoff changes
   * travel through it. Absent: one process, whose memory is the whole desk.
   */
  signals?: DeskSignals;
  /** How often this process repeats who is connected here (ms); a process silent for 3 beats is gone. */
  heartbeatMs?: number;
  /** Reports failures of work nobody awaits (timers, fan-out); they must never crash the process. */
  onError?(error: unknown, context: string): void;
}

/** A message from a desk user. */
export interface DeskMessage {
  text: string;
  attachments: unknown[];
  response_suggestions: unknown[];
}

/** What the queues need of desk presence: who is online, and a way to tell a desk user. */
export interface DeskReach {
  /** Desk users with a desk connection open on this process. */
  online(): Iterable<DeskUserRecord>;
  /** Connected (on any process) and neither away nor offline by choice: may be given new conversations. */
  available(deskUserId: string): boolean;
  /** Whether some desk user serving `queue` is available, on any process. */
  servesQueue(queue: string): boolean;
  /** Tells a desk user, wherever they are connected. */
  push(deskUserId: string, event: DeskEvent): void;
  /** Tells a desk user's connections on this process only (each process sends its own views). */
  pushHere(deskUserId: string, event: DeskEvent): void;
}

/** Runs work nobody awaits; a failure goes to `DeskDeps.onError` under `context`. */
export type Background = (work: Promise<unknown>, context: string) => void;
