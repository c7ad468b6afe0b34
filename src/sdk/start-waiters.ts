// Callers of start() waiting for the outcome of the current start; settled together.
import type { StartResult, StateChange } from "./types.js";

/** A list of pending start() promises, all resolved with the same result. */
export class StartWaiters {
  #pending: Array<(result: StartResult) => void> = [];

  /** A promise for the next settle. */
  wait(): Promise<StartResult> {
    return new Promise((resolve) => this.#pending.push(resolve));
  }

  /** Resolves every waiting promise with `result`. */
  settle(result: StartResult): void {
    for (const resolve of this.#pending.splice(0)) resolve(result);
  }

  /** Settles on the states that end a start: failed (an error) and ended (the session replayed). */
  settleOnState(change: StateChange, sessionId: string | null): void {
    if (change.to === "failed") {
      this.settle({
        ok: false,
        error: { code: "failed", message: change.reason ?? "connection failed" },
      });
    }
    if (change.to === "ended" && sessionId !== null) this.settle({ ok: true, sessionId });
  }
}
