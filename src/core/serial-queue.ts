// Runs async tasks one at a time, in the order they were queued.

/** A FIFO of async tasks; a failing task rejects its own promise and never blocks the rest. */
export class SerialQueue {
  #tail: Promise<unknown> = Promise.resolve();
  #pending = 0;

  /** Queues `task`; resolves with its result once every earlier task has settled. */
  run<T>(task: () => Promise<T>): Promise<T> {
    this.#pending += 1;
    const result = this.#tail.then(task);
    this.#tail = result.then(
      () => this.#settle(),
      () => this.#settle(),
    );
    return result;
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.#pending;
  }

  #settle(): void {
    this.#pending -= 1;
  }
}
