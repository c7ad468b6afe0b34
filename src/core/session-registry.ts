// The live sessions held in memory, loaded from the store on first use.
import type { LiveSession } from "./live-session.js";
import type { Clock, Store } from "./ports.js";
import type { SessionRecord } from "./records.js";

/** Sessions by id; concurrent loads of one session share a single store read. */
export class SessionRegistry {
  readonly #sessions = new Map<string, LiveSession>();
  readonly #loading = new Map<string, Promise<LiveSession | undefined>>();
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #create: (record: SessionRecord, now: number) => LiveSession;
  readonly #forgotten: (id: string) => void;

  constructor(
    store: Store,
    clock: Clock,
    create: (record: SessionRecord, now: number) => LiveSession,
    forgotten: (id: string) => void = () => undefined,
  ) {
    this.#store = store;
    this.#clock = clock;
    this.#create = create;
    this.#forgotten = forgotten;
  }

  /** The session if it is in memory. */
  get(id: string): LiveSession | undefined {
    return this.#sessions.get(id);
  }

  /** Holds a session built from `record` (unless one is held already) and returns it. */
  hold(record: SessionRecord, now = this.#clock.now()): LiveSession {
    const existing = this.#sessions.get(record.id);
    if (existing) return existing;
    const live = this.#create(record, now);
    this.#sessions.set(record.id, live);
    return live;
  }

  /** The session from memory or the store; undefined when there is none. */
  load(id: string): Promise<LiveSession | undefined> {
    const cached = this.#sessions.get(id);
    if (cached) return Promise.resolve(cached);
    let loading = this.#loading.get(id);
    if (!loading) {
      loading = this.#store
        .getSession(id)
        // Activity elsewhere is not known here: the durable abandonment timer has it.
        .then((record) => (record ? this.hold(record, 0) : undefined))
        // A failed read is not remembered: the next caller asks the store again.
        .finally(() => this.#loading.delete(id));
      this.#loading.set(id, loading);
    }
    return loading;
  }

  /** Drops a session from memory (it may be loaded again later). */
  forget(id: string): void {
    this.#sessions.delete(id);
    this.#forgotten(id);
  }

  [Symbol.iterator](): IterableIterator<[string, LiveSession]> {
    return this.#sessions.entries();
  }
}
