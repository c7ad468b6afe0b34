// Per waiting session: queue status when the position changes and at the queue's interval, and the max-wait deadline.
import type { Clock, Store, TimerHandle } from "../ports.js";
import { queueStatusText } from "../visitor-texts.js";
import type { QueueBoard } from "./queue-board.js";

export interface QueueStatus {
  queue_name: string;
  position_in_queue: number;
  estimated_wait_seconds?: number;
  display_message: string;
}

interface Watch {
  position: number;
  intervalMs: number;
  ticker: TimerHandle | undefined;
  deadline: TimerHandle | undefined;
}

/** How recent waits must be to count for an estimate, and how many are used. */
const ESTIMATE_WINDOW_MS = 60 * 60_000;
const ESTIMATE_SAMPLES = 20;

/** Sends HANDOFF_QUEUE_STATUS to waiting sessions and fires their max-wait deadlines. */
export class QueueWatch {
  readonly #watches = new Map<string, Watch>();
  readonly #estimates = new Map<string, number | undefined>();
  readonly #board: QueueBoard;
  readonly #clock: Clock;
  readonly #store: Store;
  readonly #send: (sessionId: string, status: QueueStatus) => void;

  constructor(
    board: QueueBoard,
    clock: Clock,
    store: Store,
    send: (sessionId: string, status: QueueStatus) => void,
  ) {
    this.#board = board;
    this.#clock = clock;
    this.#store = store;
    this.#send = send;
  }

  /** Starts watching a waiting session: `onDeadline` runs after `maxWaitMs` unless stopped. */
  watch(sessionId: string, intervalMs: number, maxWaitMs: number, onDeadline: () => void): void {
    this.stop(sessionId);
    this.#watches.set(sessionId, {
      position: 0,
      intervalMs,
      ticker: undefined,
      deadline: this.#clock.setTimeout(onDeadline, Math.max(0, maxWaitMs)),
    });
  }

  stop(sessionId: string): void {
    const watch = this.#watches.get(sessionId);
    watch?.ticker?.cancel();
    watch?.deadline?.cancel();
    this.#watches.delete(sessionId);
  }

  stopAll(): void {
    for (const id of [...this.#watches.keys()]) this.stop(id);
  }

  /** After a change in `queue`: tells each waiting session whose position moved, at once. */
  async refresh(queue: string): Promise<void> {
    await this.#updateEstimate(queue);
    for (const [index, handoff] of this.#board.waiting(queue).entries()) {
      const watch = this.#watches.get(handoff.sessionId);
      if (!watch || watch.position === index + 1) continue;
      watch.position = index + 1;
      this.#tell(handoff.sessionId, queue, watch);
    }
  }

  /** The status a waiting session would be told now (sent after a replay). */
  current(sessionId: string): QueueStatus | undefined {
    const handoff = this.#board.get(sessionId);
    const position = this.#board.position(sessionId);
    if (!handoff || position === undefined) return undefined;
    return this.#status(handoff.queue, position);
  }

  #tell(sessionId: string, queue: string, watch: Watch): void {
    watch.ticker?.cancel();
    this.#send(sessionId, this.#status(queue, watch.position));
    watch.ticker = this.#clock.setTimeout(
      () => this.#tell(sessionId, queue, watch),
      watch.intervalMs,
    );
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
    const waits = await this.#store.recentWaits(
      queue,
      this.#clock.now() - ESTIMATE_WINDOW_MS,
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
