// Tells the user when I type: STARTED on the first keystroke, STOPPED after a pause or when I send.
import type { TypingState } from "./types.js";

/** Default pause after which typing counts as stopped. */
export const TYPING_IDLE_MS = 2_000;

/** Turns keystrokes into STARTED/STOPPED signals, never two of the same in a row. */
export class TypingSignal {
  readonly #notify: (state: TypingState) => void;
  readonly #idleMs: number;
  #typing = false;
  #idle: ReturnType<typeof setTimeout> | undefined;

  constructor(notify: (state: TypingState) => void, idleMs = TYPING_IDLE_MS) {
    this.#notify = notify;
    this.#idleMs = idleMs;
  }

  get typing(): boolean {
    return this.#typing;
  }

  /** A keystroke that changed the draft. */
  input(): void {
    if (!this.#typing) {
      this.#typing = true;
      this.#notify("TYPING_STATE_STARTED");
    }
    clearTimeout(this.#idle);
    this.#idle = setTimeout(() => this.stop(), this.#idleMs);
  }

  /** Sent, cleared, or switched away: typing is over. */
  stop(): void {
    clearTimeout(this.#idle);
    if (!this.#typing) return;
    this.#typing = false;
    this.#notify("TYPING_STATE_STOPPED");
  }
}
