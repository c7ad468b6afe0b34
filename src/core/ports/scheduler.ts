// The Scheduler port: durable, cluster-wide timers beside the Clock's in-process ones.

/** Plain JSON a timer carries to its handler. */
export type TimerPayload = Readonly<Record<string, string | number | boolean | null>>;

/** A timer as its handler receives it. */
export interface FiredTimer {
  kind: string;
  key: string;
  /** When it was due (ms since the epoch); it fires at or after this. */
  at: number;
  payload: TimerPayload;
  /** 1 on the first firing; higher when an earlier claimer died or its handler failed. */
  attempt: number;
}

/** Runs a fired timer. Resolving confirms it (it never fires again); rejecting retries it later. */
export type TimerHandler = (timer: FiredTimer) => Promise<void>;

/**
 * How `schedule` treats a timer already set under the same kind and key: `replace` (default)
 * moves it to the new time and payload; `later` keeps whichever is due later (activity pushing a
 * deadline back from several processes never pulls it earlier); `absent` leaves an existing one.
 */
export type ScheduleMode = "replace" | "later" | "absent";

/**
 * Durable timers shared by every process of a deployment. Contract (the suite in
 * `test/support/scheduler-contract.ts` checks it against every adapter):
 * - A timer is named by `kind` and `key`: scheduling the same name again never makes a second
 *   timer (see `ScheduleMode`); `cancel` removes it, and a cancelled timer never fires.
 * - `schedule` and `cancel` resolve once the change is durable: a timer outlives the process
 *   that set it and fires in whichever process runs a scheduler for that store.
 * - A due timer fires once across the cluster: a process claims it before running its handler
 *   and confirms it when the handler resolves. A claimer that dies (or whose handler rejects)
 *   before confirming loses the claim after the adapter's visibility timeout, and the timer
 *   fires again elsewhere with `attempt` + 1. Handlers are written to be repeatable (they
 *   check the state they act on), since a crash between acting and confirming repeats them.
 * - A handler that schedules its own kind and key (a repeating tick) makes a new timer that
 *   confirming the fired one does not remove.
 * - Timers of a kind with no handler registered here wait for a process that has one.
 * - Timers fire no earlier than `at`; how much later depends on the adapter's polling.
 */
export interface Scheduler {
  /** Registers the handler of a timer kind (one per kind). */
  handle(kind: string, handler: TimerHandler): void;
  /** Sets the timer `kind`/`key` to fire at `at` (ms since the epoch). */
  schedule(
    kind: string,
    key: string,
    at: number,
    payload?: TimerPayload,
    mode?: ScheduleMode,
  ): Promise<void>;
  /** Removes the timer; a no-op when there is none. */
  cancel(kind: string, key: string): Promise<void>;
  /** Starts firing due timers. */
  start(): void;
  /** Stops firing new timers and waits for running handlers; unconfirmed timers fire elsewhere later. */
  stop(): Promise<void>;
  /** Timers due now and not yet confirmed (the backlog metric). */
  backlog(): Promise<number>;
}
