// A stream of agent parts fed by pushes: for output that arrives in pieces from outside a turn.
import type { AgentPart } from "./ports.js";

/**
 * An `AsyncIterable<AgentPart>` whose parts are pushed by a caller (an HTTP handler receiving a
 * bot's chunks one request at a time). It can be iterated once; `end` finishes it.
 */
export class PartChannel implements AsyncIterable<AgentPart> {
  readonly #queued: AgentPart[] = [];
  #waiting: ((result: IteratorResult<AgentPart>) => void) | undefined;
  #ended = false;

  /** Adds a part; ignored after `end`. */
  push(part: AgentPart): void {
    if (this.#ended) return;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    if (waiting) waiting({ done: false, value: part });
    else this.#queued.push(part);
  }

  /** No more parts: the turn finishes once it has read the queued ones. */
  end(): void {
    this.#ended = true;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.({ done: true, value: undefined });
  }

  get ended(): boolean {
    return this.#ended;
  }

  /** Whether no pushed part is waiting to be read. */
  get isEmpty(): boolean {
    return this.#queued.length === 0;
  }

  [Symbol.asyncIterator](): AsyncIterator<AgentPart> {
    return {
      next: () => {
        const part = this.#queued.shift();
        if (part) return Promise.resolve({ done: false, value: part });
        if (this.#ended) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => {
          this.#waiting = resolve;
        });
      },
      return: () => {
        this.end();
        return Promise.resolve({ done: true, value: undefined });
      },
    };
  }
}
