// The Scheduler port over any TimerTable: claims due timers on a clock-driven poll and runs their handlers.
import type {
  Clock,
  ScheduleMode,
  Scheduler,
  TimerHandle,
  TimerHandler,
  TimerPayload,
} from "../core/index.js";
import type { ClaimedTimer, TimerTable } from "./timer-table.js";

/** What the scheduler counts (metrics). */
export interface SchedulerObserver {
  fired(kind: string, attempt: number): void;
  failed(kind: string): void;
}

export interface PollingOptions {
  clock: Clock;
  /**
   * Longest sleep between looks at the table. Timers this process sets wake it at once; timers
   * set by other processes, or left by dead ones, are found within this long.
   */
  pollMs?: number;
  /** How long a claim lasts before a timer whose claimer went silent fires again elsewhere. */
  visibilityMs?: number;
  /** A handler that rejected is tried again this much later. */
  retryMs?: number;
  /** Timers claimed per look. */
  batch?: number;
  observer?: SchedulerObserver;
  onError?(error: unknown, context: string): void;
}

const DEFAULTS = { pollMs: 1000, visibilityMs: 30_000, retryMs: 5000, batch: 100 };

/** Durable timers: `table` holds them, this process fires the due ones it claims. */
export class PollingScheduler implements Scheduler {
  readonly #table: TimerTable;
  readonly #clock: Clock;
  readonly #options: Required<Omit<PollingOptions, "observer" | "onError">>;
  readonly #observer: SchedulerObserver | undefined;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #handlers = new Map<string, TimerHandler>();
  readonly #running = new Set<Promise<void>>();
  #started = false;
  #wake: { at: number; timer: TimerHandle } | undefined;
  #polling: Promise<void> | undefined;
  #again = false;

  constructor(table: TimerTable, options: PollingOptions) {
    this.#table = table;
    this.#clock = options.clock;
    this.#options = {
      clock: options.clock,
      pollMs: options.pollMs ?? DEFAULTS.pollMs,
      visibilityMs: options.visibilityMs ?? DEFAULTS.visibilityMs,
      retryMs: options.retryMs ?? DEFAULTS.retryMs,
      batch: options.batch ?? DEFAULTS.batch,
    };
    this.#observer = options.observer;
    this.#onError = options.onError ?? (() => undefined);
  }

  handle(kind: string, handler: TimerHandler): void {
    if (this.#handlers.has(kind)) throw new Error(`timer kind ${kind} already has a handler`);
    this.#handlers.set(kind, handler);
  }

  async schedule(
    kind: string,
    key: string,
    at: number,
    payload: TimerPayload = {},
    mode: ScheduleMode = "replace",
  ): Promise<void> {
    await this.#table.put(kind, key, at, payload, mode);
    if (this.#handlers.has(kind)) this.#wakeAt(at);
  }

  cancel(kind: string, key: string): Promise<void> {
    return this.#table.remove(kind, key);
  }

  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.#wakeAt(this.#clock.now());
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#wake?.timer.cancel();
    this.#wake = undefined;
    await this.#polling;
    await Promise.all([...this.#running]);
  }

  backlog(): Promise<number> {
    return this.#table.countReady(this.#clock.now());
  }

  /** Looks at the table no later than `at` (sooner when a wake-up is already set before it). */
  #wakeAt(at: number): void {
    if (!this.#started) return;
    if (this.#wake && this.#wake.at <= at) return;
    this.#wake?.timer.cancel();
    const delay = Math.max(0, at - this.#clock.now());
    const timer = this.#clock.setTimeout(() => {
      this.#wake = undefined;
      this.#poll();
    }, delay);
    this.#wake = { at: this.#clock.now() + delay, timer };
  }

  #poll(): void {
    if (this.#polling) {
      this.#again = true;
      return;
    }
    this.#polling = this.#pollOnce()
      .catch((error: unknown) => this.#onError(error, "scheduler poll"))
      .finally(() => {
        this.#polling = undefined;
        if (this.#again) {
          this.#again = false;
          this.#poll();
        }
      });
  }

  async #pollOnce(): Promise<void> {
    const { batch, pollMs, visibilityMs } = this.#options;
    let claimed: ClaimedTimer[];
    let claimedAt: number;
    do {
      if (!this.#started || this.#handlers.size === 0) return;
      const now = this.#clock.now();
      claimedAt = now;
      claimed = await this.#table.claim([...this.#handlers.keys()], now, now + visibilityMs, batch);
      for (const timer of claimed) this.#track(this.#fire(timer));
    } while (claimed.length === batch);
    const next = await this.#table.nextReady().catch((error: unknown) => {
      this.#onError(error, "scheduler poll");
      return undefined;
    });
    // Ready when the claim ran but not claimed: another process's kind, so look again later.
    const now = this.#clock.now();
    const soonest = next !== undefined && next > claimedAt ? next : Number.POSITIVE_INFINITY;
    this.#wakeAt(Math.min(soonest, now + pollMs));
  }

  #track(run: Promise<void>): void {
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
  }

  async #fire(timer: ClaimedTimer): Promise<void> {
    const handler = this.#handlers.get(timer.kind);
    if (!handler) return;
    const { kind, key, at, payload, attempt, token } = timer;
    this.#observer?.fired(kind, attempt);
    try {
      await handler({ kind, key, at, payload, attempt });
    } catch (error) {
      this.#observer?.failed(kind);
      this.#onError(error, `timer ${kind}`);
      const retryAt = this.#clock.now() + this.#options.retryMs;
      await this.#table
        .release(kind, key, token, retryAt)
        .catch((e: unknown) => this.#onError(e, "scheduler release"));
      this.#wakeAt(retryAt);
      return;
    }
    await this.#table
      .confirm(kind, key, token)
      .catch((error: unknown) => this.#onError(error, "scheduler confirm"));
  }
}
