// The liveness check: a heartbeat that gets no answer within a bound means the connection is dead.

/**
 * Sends a heartbeat every `intervalMs` and on `probe()`, and calls `dead` when nothing at all
 * arrives within `timeoutMs` of one (or of a send that `expect()`s an answer). A half-open socket (a phone in a tunnel, a frozen NAT entry)
 * accepts writes and never errors, so only a missing answer can tell that it is gone.
 */
export class Liveness {
  readonly #beat: () => boolean;
  readonly #dead: () => void;
  readonly #timeoutMs: number;
  #interval: ReturnType<typeof setInterval> | undefined;
  #deadline: ReturnType<typeof setTimeout> | undefined;

  constructor(beat: () => boolean, dead: () => void, timeoutMs: number) {
    this.#beat = beat;
    this.#dead = dead;
    this.#timeoutMs = timeoutMs;
  }

  /** Beats every `intervalMs` from now on. */
  start(intervalMs: number): void {
    this.stop();
    this.#interval = setInterval(() => this.probe(), intervalMs);
  }

  /** Sends one heartbeat now and expects an answer within the bound (one check at a time). */
  probe(): void {
    if (this.#beat()) this.expect();
  }

  /** Expects an answer within the bound to something just sent (a message is echoed). */
  expect(): void {
    if (this.#deadline !== undefined) return;
    this.#deadline = setTimeout(() => {
      this.#deadline = undefined;
      this.#dead();
    }, this.#timeoutMs);
  }

  /** Something arrived: the connection is alive. */
  heard(): void {
    if (this.#deadline !== undefined) clearTimeout(this.#deadline);
    this.#deadline = undefined;
  }

  /** Stops beating and checking. */
  stop(): void {
    if (this.#interval !== undefined) clearInterval(this.#interval);
    this.#interval = undefined;
    this.heard();
  }
}
