// What a networked bus reports: how late events arrive, and what went wrong.
/** Hooks a bus calls; the composition root points them at metrics and logs. */
export interface BusObserver {
  /** An event arrived `seconds` after it was published (publisher's clock to receiver's). */
  delivered(seconds: number): void;
  /** Something failed: a publish, a subscribe, a connection (`what` names it), with the error. */
  failed(what: BusFailure, error: unknown): void;
  /** The bus connection came back (subscriptions renewed, subscribers told to check). */
  reconnected(): void;
}

/** What a bus reports failing. */
export type BusFailure = "publish" | "subscribe" | "connection" | "message" | "too_big";

/** An observer that ignores everything (tools and tests). */
export const quietBusObserver: BusObserver = {
  delivered() {},
  failed() {},
  reconnected() {},
};
