// Visitor presence: each connection recorded where every process sees it, the desk told, and waiting ghosts dropped.
import type { LiveSession } from "./live-session.js";
import type {
  Clock,
  Scheduler,
  Store,
  TimerHandle,
  VisitorPresence,
  VisitorPresenceStore,
} from "./ports.js";

/** Timer kind (key: the session id): a waiting visitor may have been offline for the grace. */
export const OFFLINE_TIMER = "visitor.offline";
/** A connection row not refreshed for this long (its process died) no longer counts as open. */
export const PRESENCE_TTL_MS = 60_000;
/** How often a process reads the presence of the sessions its desk shows (changes made elsewhere). */
export const PRESENCE_POLL_MS = 5_000;

export interface PresenceDeps {
  store: VisitorPresenceStore;
  records: Store;
  clock: Clock;
  scheduler: Scheduler;
  /** A waiting visitor offline this long leaves the queue: the session ends REASON_USER_ABANDONED. */
  graceMs: number;
  sessions: { load(id: string): Promise<LiveSession | undefined> };
  /** Sessions the desk of this process shows (open handoffs). */
  shown(): Iterable<string>;
  /** The presence of a shown session, as read now (the desk pushes it when it changed). */
  changed(sessionId: string, presence: VisitorPresence): void;
  onError(error: unknown, context: string): void;
}

/**
 * Keeps one row per visitor connection in the `VisitorPresenceStore`, so whether a visitor is
 * connected is the same answer in every process, whichever process holds their sockets. A
 * session waiting for a human gets a durable timer; when it fires (in any process) it reads the
 * store: a visitor offline for the grace is dropped from the queue, one still online is looked
 * at again a grace later (so a process that died with the sockets is noticed too).
 */
export class VisitorPresenceTracker {
  readonly #deps: PresenceDeps;
  /** Connections open in this process: holder -> session id and its recording. */
  readonly #open = new Map<string, { sessionId: string; recorded: Promise<void> }>();
  #refreshing: TimerHandle | undefined;
  #polling: TimerHandle | undefined;
  #stopped = false;

  constructor(deps: PresenceDeps) {
    this.#deps = deps;
    deps.scheduler.handle(OFFLINE_TIMER, (timer) => this.#check(timer.key));
  }

  /** Refreshes this process's connections and reads the shown sessions' presence now and then. */
  start(): void {
    const { clock } = this.#deps;
    this.#refreshing = clock.setInterval(() => this.#refresh(), PRESENCE_TTL_MS / 3);
    this.#polling = clock.setInterval(
      () => this.#background(this.poll(), "presence poll"),
      PRESENCE_POLL_MS,
    );
  }

  /**
   * Stops the timers and records this process's connections as closed (a graceful shutdown:
   * other processes see the visitors offline at once, not after the TTL). Opens and closes
   * that arrive afterwards, as the sockets close, write nothing: the store may be closing.
   */
  async stop(): Promise<void> {
    this.#refreshing?.cancel();
    this.#polling?.cancel();
    if (this.#stopped) return;
    this.#stopped = true;
    const now = this.#deps.clock.now();
    const open = [...this.#open.entries()];
    this.#open.clear();
    await Promise.all(
      open.map(async ([holder, { sessionId, recorded }]) => {
        await recorded;
        await this.#deps.store
          .closed(sessionId, holder, now, now - PRESENCE_TTL_MS)
          .catch((error: unknown) => this.#deps.onError(error, "visitor presence"));
      }),
    );
  }

  /** A visitor connection opened: recorded durably, then the desk hears of it. */
  async opened(sessionId: string, holder: string): Promise<void> {
    if (this.#stopped) return;
    const recorded = this.#deps.store.opened(sessionId, holder, this.#deps.clock.now());
    this.#open.set(holder, { sessionId, recorded: recorded.catch(() => undefined) });
    await recorded;
    if (!this.#stopped) await this.#announce(sessionId);
  }

  /** A visitor connection closed; the last one starts the grace of a waiting session. */
  async closed(live: LiveSession, holder: string): Promise<void> {
    const open = this.#open.get(holder);
    if (!open || this.#stopped) return;
    this.#open.delete(holder);
    // Closing must not overtake the opening row on its way to the store.
    await open.recorded;
    const now = this.#deps.clock.now();
    await this.#deps.store.closed(live.id, holder, now, now - PRESENCE_TTL_MS);
    const presence = await this.#announce(live.id);
    if (!presence.online && !live.ended && live.record.agentStatus === "handoff")
      await this.#deps.scheduler.schedule(OFFLINE_TIMER, live.id, now + this.#deps.graceMs);
  }

  /** A session began waiting for a human: its presence is watched until it is taken or ends. */
  async waiting(sessionId: string): Promise<void> {
    const now = this.#deps.clock.now();
    await this.#deps.scheduler.schedule(
      OFFLINE_TIMER,
      sessionId,
      now + this.#deps.graceMs,
      {},
      "absent",
    );
    await this.#announce(sessionId);
  }

  /** The presence of sessions as every process sees it now. */
  presenceOf(sessionIds: readonly string[]): Promise<Map<string, VisitorPresence>> {
    return this.#deps.store.presenceOf(sessionIds, this.#deps.clock.now() - PRESENCE_TTL_MS);
  }

  /** Reads the presence of every session the desk shows (changes made by other processes). */
  async poll(): Promise<void> {
    const ids = [...this.#deps.shown()];
    if (ids.length === 0) return;
    for (const [id, presence] of await this.presenceOf(ids)) this.#deps.changed(id, presence);
  }

  /** Forgets this process's connections of an erased session. */
  forget(sessionId: string): void {
    for (const [holder, open] of this.#open)
      if (open.sessionId === sessionId) this.#open.delete(holder);
  }

  async #announce(sessionId: string): Promise<VisitorPresence> {
    const presence = (await this.presenceOf([sessionId])).get(sessionId) ?? {
      online: false,
      since: null,
    };
    this.#deps.changed(sessionId, presence);
    return presence;
  }

  // Repeatable: it acts only on what the store says now.
  async #check(sessionId: string): Promise<void> {
    const { records, clock, graceMs, scheduler } = this.#deps;
    const open = await records.listOpenHandoffs();
    const handoff = open.find((h) => h.sessionId === sessionId);
    if (handoff?.state !== "queued") return;
    const presence = (await this.presenceOf([sessionId])).get(sessionId);
    const now = clock.now();
    // Never connected (a Chat API conversation): nobody to miss, it waits like before.
    if (!presence || presence.since === null) return;
    const due = presence.online ? now + graceMs : presence.since + graceMs;
    if (due > now) {
      await scheduler.schedule(OFFLINE_TIMER, sessionId, due);
      return;
    }
    const live = await this.#deps.sessions.load(sessionId);
    if (!live) return;
    // A copy another process moved past takes the stored record and decides again (`exclusive`).
    await live.exclusive(async () => {
      if (live.ended) return;
      await live.commit(
        [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_USER_ABANDONED" } }],
        { state: "ended", endReason: "REASON_USER_ABANDONED", endedAt: clock.now() },
      );
    });
  }

  #refresh(): void {
    const holders = [...this.#open.keys()];
    this.#background(this.#deps.store.refresh(holders, this.#deps.clock.now()), "presence refresh");
  }

  #background(work: Promise<unknown>, context: string): void {
    work.catch((error: unknown) => this.#deps.onError(error, context));
  }
}
