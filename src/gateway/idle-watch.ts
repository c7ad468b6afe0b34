// Closes a WebSocket that has sent nothing for the idle timeout, with one timer per socket.
import type { WebSocket } from "ws";
import type { Clock, TimerHandle } from "../core/index.js";
import { CLOSE_CODES } from "../protocol/index.js";

/** Re-arms its one timer for the time left instead of resetting it on every frame. */
export class IdleWatch {
  readonly #ws: WebSocket;
  readonly #clock: Clock;
  readonly #timeoutMs: number;
  #last: number;
  #timer: TimerHandle | undefined;

  constructor(ws: WebSocket, clock: Clock, timeoutMs: number) {
    this.#ws = ws;
    this.#clock = clock;
    this.#timeoutMs = timeoutMs;
    this.#last = clock.now();
    this.#arm(this.#timeoutMs);
  }

  /** The client sent something. */
  touch(): void {
    this.#last = this.#clock.now();
  }

  stop(): void {
    this.#timer?.cancel();
  }

  #arm(ms: number): void {
    this.#timer = this.#clock.setTimeout(() => this.#check(), ms);
  }

  #check(): void {
    const quiet = this.#clock.now() - this.#last;
    if (quiet >= this.#timeoutMs) this.#ws.close(CLOSE_CODES.goingAway, "idle timeout");
    else this.#arm(this.#timeoutMs - quiet);
  }
}
