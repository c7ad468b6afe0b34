// The budget of outbound bytes waiting for slow clients: per connection and for the whole process.

/** A connection whose waiting outbound bytes count against the budget. */
export interface BufferedConnection {
  /** Bytes sent but not yet handed to the network (the client is not reading them). */
  readonly bufferedAmount: number;
  /** Closes the connection for reading too slowly (1013); called at most once. */
  shed(): void;
}

/**
 * Keeps the bytes waiting in connections' send buffers bounded. Each write is checked against
 * the per-connection cap; the process-wide total is kept as an upper bound (raised on writes,
 * lowered when a connection drains) and recounted exactly only when it crosses the budget, so a
 * write costs O(1) however many connections there are. Over the budget, the connections holding
 * the most are shed until the total fits again.
 */
export class OutboundBudget {
  readonly #perConnection: number;
  readonly #total: number;
  readonly #known = new Map<BufferedConnection, number>();
  #upperBound = 0;
  #shedTotal = 0;

  constructor(limits: { perConnectionBytes: number; totalBytes: number }) {
    this.#perConnection = limits.perConnectionBytes;
    this.#total = limits.totalBytes;
  }

  /** Bytes waiting in all watched connections, as last seen on a write or a drain. */
  get waitingBytes(): number {
    return this.#upperBound;
  }

  /** Connections shed so far. */
  get shedTotal(): number {
    return this.#shedTotal;
  }

  /** Connections being watched. */
  get size(): number {
    return this.#known.size;
  }

  /** Starts watching a connection. */
  add(connection: BufferedConnection): void {
    if (!this.#known.has(connection)) this.#known.set(connection, 0);
  }

  /** Stops watching (the connection closed). */
  remove(connection: BufferedConnection): void {
    const last = this.#known.get(connection);
    if (last === undefined) return;
    this.#known.delete(connection);
    this.#upperBound -= last;
  }

  /**
   * Whether `connection` may be written to: it is watched (not shed, not removed) and not over
   * its own cap, else it is shed now.
   */
  admits(connection: BufferedConnection): boolean {
    if (!this.#known.has(connection)) return false;
    if (connection.bufferedAmount <= this.#perConnection) return true;
    this.#shed(connection);
    return false;
  }

  /** Called after each write to `connection`: sheds it over its cap, or the worst over the total. */
  wrote(connection: BufferedConnection): void {
    if (!this.admits(connection)) return;
    this.#record(connection, connection.bufferedAmount);
    if (this.#upperBound > this.#total) this.#rebalance();
  }

  /** Called when a connection's send buffer emptied. */
  drained(connection: BufferedConnection): void {
    if (this.#known.has(connection)) this.#record(connection, connection.bufferedAmount);
  }

  #record(connection: BufferedConnection, bytes: number): void {
    this.#upperBound += bytes - (this.#known.get(connection) ?? 0);
    this.#known.set(connection, bytes);
  }

  // Recounts exactly (buffers may have drained unseen), then sheds the largest first.
  #rebalance(): void {
    for (const connection of this.#known.keys())
      this.#record(connection, connection.bufferedAmount);
    if (this.#upperBound <= this.#total) return;
    const largestFirst = [...this.#known].sort(([, a], [, b]) => b - a);
    for (const [connection] of largestFirst) {
      if (this.#upperBound <= this.#total) return;
      this.#shed(connection);
    }
  }

  #shed(connection: BufferedConnection): void {
    this.remove(connection);
    this.#shedTotal += 1;
    connection.shed();
  }
}
