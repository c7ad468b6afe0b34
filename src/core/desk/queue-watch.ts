// Per waiting session: queue status when the position changes and at the queue's interval, and the max-wait deadline.
import type { Clock, FiredTimer, Scheduler, Store } from "../ports.js";
import { queueStatusText } from "../visitor-texts.js";
import type { QueueBoard } from "./queue-board.js";

export interface QueueStatus {
  queue_name: string;
  position_in_queue: number;
  estimated_wait_seconds?: number;
  display_message: string;
}

/** Durable timer kinds, keyed by session id. */
export const MAX_WAIT_TIMER = "handoff.max-wait";
export const STATUS_TIMER = "handoff.status";

/** How recent waits must be to count for an estimate, and how many are used. */
const ESTIMATE_WINDOW_MS = 60 * 60_000;
const ESTIMATE_SAMPLES = 20;

/** What the watch needs around it. */
export interface QueueWatchDeps {
  board: QueueBoard;
  clock: Clock;
  store: Store;
  scheduler: Scheduler;
  send(sessionId: string, status: QueueStatus): void;
  /** A handoff's max wait passed (it may have been taken or closed meanwhile: check). */
  timedOut(sessionId: string, handoffId: string): Promise<void>;
  onError(error: unknown, context: string): void;
}

/**
 * Sends HANDOFF_QUEUE_STATUS to waiting sessions and fires their max-wait deadlines. Both are
 * durable timers, so a wait outlives the process it started in and times out exactly once.
 */
export class QueueWatch {
  /** Positions last told, per waiting session (this process's view). */
  readonly #told = new Map<string, number>();
  readonly #estimates = new Map<string, number | undefined>();
  readonly #deps: QueueWatchDeps;

  constructor(deps: QueueWatchDeps) {
    this.#deps = deps;
    deps.scheduler.handle(MAX_WAIT_TIMER, (timer) =>
      deps.timedOut(timer.key, String(timer.payload.handoff_id)),
    );
    deps.scheduler.handle(STATUS_TIMER, (timer) => this.#tick(timer));
  }

  /**
   * Starts watching a waiting session: its max wait ends at `deadline`. `restored`: after a
   * restart, where a timer already set keeps its time.
   */
  async watch(
    sessionId: string,
    handoffId: string,
    deadline: number,
    restored = false,
  ): Promise<void> {
    this.#told.delete(sessionId);
    await this.#deps.scheduler.schedule(
      MAX_WAIT_TIMER,
      sessionId,
      deadline,
      { handoff_id: handoffId },
      restored ? "absent" : "replace",
    );
  }

  /** The session stopped waiting: no more statuses, no timeout. */
  stop(sessionId: string): void {
    this.#told.delete(sessionId);
    const { scheduler } = this.#deps;
    Promise.all([
      scheduler.cancel(MAX_WAIT_TIMER, sessionId),
      scheduler.cancel(STATUS_TIMER, sessionId),
    ]).catch((error: unknown) => this.#deps.onError(error, "queue timers"));
  }

  /** After a change in `queue`: tells each waiting session whose position moved, at once. */
  async refresh(queue: string): Promise<void> {
    await this.#updateEstimate(queue);
    for (const [index, handoff] of this.#deps.board.waiting(queue).entries()) {
      if (this.#told.get(handoff.sessionId) === index + 1) continue;
      await this.#tell(handoff.sessionId, queue, index + 1);
    }
  }

  /** The status a waiting session would be told now (sent after a replay). */
  current(sessionId: string): QueueStatus | undefined {
    const handoff = this.#deps.board.get(sessionId);
    const position = this.#deps.board.position(sessionId);
    if (!handoff || position === undefined) return undefined;
    return this.#status(handoff.queue, position);
  }

  async #tell(sessionId: string, queue: string, position: number): Promise<void> {
    this.#told.set(sessionId, position);
    this.#deps.send(sessionId, this.#status(queue, position));
    const intervalMs = (await this.#deps.store.getQueue(queue))?.statusIntervalSeconds ?? 30;
    await this.#deps.scheduler.schedule(
      STATUS_TIMER,
      sessionId,
      this.#deps.clock.now() + intervalMs * 1000,
      { queue },
    );
  }

  // The interval passed: the session hears its position again, if it still waits.
  async #tick(timer: FiredTimer): Promise<void> {
    const handoff = this.#deps.board.get(timer.key);
    const position = this.#deps.board.position(timer.key);
    if (handoff?.state !== "queued" || position === undefined) return;
    await this.#tell(timer.key, handoff.queue, position);
  }

  #status(queue: string, position: number): QueueStatus {
    const perPosition = this.#estimates.get(queue);
    const estimate =
      perPosition === undefined ? undefined : Math.max(1, Math.round(perPosition * position));
    return {
      queue_name: queue,
      position_in_queue: position,
      ...(estimate === undefined ? {} : { estimated_wait_seconds: estimate }),
      display_message: displayMessage(position, estimate),
    };
  }

  // Median recent wait, in seconds, taken as the wait of the first in line.
  async #updateEstimate(queue: string): Promise<void> {
    const waits = await this.#deps.store.recentWaits(
      queue,
      this.#deps.clock.now() - ESTIMATE_WINDOW_MS,
      ESTIMATE_SAMPLES,
    );
    if (waits.length === 0) {
      this.#estimates.set(queue, undefined);
      return;
    }
    const sorted = [...waits].sort((a, b) => a - b);
    this.#estimates.set(queue, (sorted[Math.floor(sorted.length / 2)] as number) / 1000);
  }
}

/** "You are #2 in line. Estimated wait: about 3 minutes.", in `language` (English by default). */
export function displayMessage(
  position: number,
  estimateSeconds: number | undefined,
  language: string | null = null,
): string {
  return queueStatusText(position, estimateSeconds, language);
}

/** The status as a session of `language` is told it (its display_message in that language). */
export function statusFor(status: QueueStatus, language: string | null): QueueStatus {
  return {
    ...status,
    display_message: displayMessage(
      status.position_in_queue,
      status.estimated_wait_seconds,
      language,
    ),
  };
}
