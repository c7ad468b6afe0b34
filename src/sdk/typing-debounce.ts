// Typing indicator debounce: one STARTED per burst of keystrokes, STOPPED after a pause.
import type { TypingState } from "../protocol/index.js";

/** Turns keystrokes into TYPING_STATE_STARTED / TYPING_STATE_STOPPED, sent sparingly. */
export class TypingDebouncer {
  readonly #send: (state: TypingState) => boolean;
  readonly #idleMs: number;
  #typing = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(send: (state: TypingState) => boolean, idleMs: number) {
    this.#send = send;
    this.#idleMs = idleMs;
  }

  /** Call on every keystroke. */
  keystroke(): void {
    if (!this.#typing) this.#typing = this.#send("TYPING_STATE_STARTED");
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.stop(), this.#idleMs);
  }

  /** The user stopped (paused, or sent the message): STOPPED if STARTED was sent. */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    if (!this.#typing) return;
    this.#typing = false;
    this.#send("TYPING_STATE_STOPPED");
  }

  /** Forgets the burst without sending (the socket is gone; the server saw the typist leave). */
  reset(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#typing = false;
  }
}
