// The lifecycle part of the Store port: readiness and shutdown.

/** Readiness and shutdown of a store. */
export interface StoreLifecycle {
  /** Resolves when the store answers; rejects when it does not (readiness). */
  ping(): Promise<void>;
  /** Finishes pending writes, then releases the store. */
  close(): Promise<void>;
}
