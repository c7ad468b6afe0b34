// Session upkeep: abandonment and retention as cluster-wide timers, and forgetting finished sessions held in memory.

import type { LiveSession } from "./live-session.js";
import type { BlobStore } from "./ports/blob-store.js";
import type { Clock, Scheduler, Store, TimerHandle } from "./ports.js";
import type { SessionRegistry } from "./session-registry.js";

export interface SweeperSettings {
  /** No client activity for this long ends a session with REASON_USER_ABANDONED. */
  sessionTimeoutMs: number;
  /** Ended sessions are erased this long after they ended. */
  retentionMs: number;
}

/** Timer kinds (their keys: the session id; the purge has one timer, `all`). */
export const ABANDON_TIMER = "session.abandon";
export const PURGE_TIMER = "sessions.purge";

const PURGE_EVERY_MS = 10 * 60_000;

/**
 * Ends sessions nobody used for the session timeout, wherever their clients were connected:
 * each active session has one durable abandonment timer, due a little after its last client
 * activity plus the timeout. Activity pushes the timer back only once it has used up the
 * slack (a quarter of the timeout, 50 ms to 15 s), so a busy session writes it a few times per
 * timeout, not per message; the session ends between the timeout and timeout + slack after
 * its last activity, as precise as the old sweep. Erasing past retention is one timer too.
 */
export class SessionSweeper {
  readonly #registry: SessionRegistry;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #scheduler: Scheduler;
  readonly #settings: SweeperSettings;
  readonly #onError: (error: unknown, context: string) => void;
  readonly #slackMs: number;
  readonly #blobs: BlobStore | undefined;
  #housekeeping: TimerHandle | undefined;

  constructor(
    registry: SessionRegistry,
    store: Store,
    clock: Clock,
    scheduler: Scheduler,
    settings: SweeperSettings,
    onError: (error: unknown, context: string) => void,
    blobs?: BlobStore,
  ) {
    this.#blobs = blobs;
    this.#registry = registry;
    this.#store = store;
    this.#clock = clock;
    this.#scheduler = scheduler;
    this.#settings = settings;
    this.#onError = onError;
    this.#slackMs = Math.max(50, Math.min(15_000, Math.floor(settings.sessionTimeoutMs / 4)));
    scheduler.handle(ABANDON_TIMER, (timer) => this.#abandonTimer(timer.key));
    scheduler.handle(PURGE_TIMER, () => this.#purge());
  }

  /** Starts the memory upkeep and the purge timer (unless one is set already). */
  async start(): Promise<void> {
    this.#housekeeping = this.#clock.setInterval(() => this.#forgetFinished(), this.#slackMs);
    await this.#scheduler.schedule(PURGE_TIMER, "all", this.#clock.now(), {}, "absent");
  }

  stop(): void {
    this.#housekeeping?.cancel();
  }

  /** A new session: its abandonment timer, durable before the session is handed out. */
  async created(live: LiveSession): Promise<void> {
    const at = live.lastActivity + this.#settings.sessionTimeoutMs + this.#slackMs;
    live.abandonAt = at;
    await this.#scheduler.schedule(ABANDON_TIMER, live.id, at);
  }

  /**
   * A session held after a restart or by another process than the one that made it: gets a
   * timer from now if it has none (sessions from before timers were durable).
   */
  async held(live: LiveSession): Promise<void> {
    const at = this.#clock.now() + this.#settings.sessionTimeoutMs + this.#slackMs;
    await this.#scheduler.schedule(ABANDON_TIMER, live.id, at, {}, "absent");
  }

  /** Client activity at `live.lastActivity`: pushes the timer back once its slack is used up. */
  activity(live: LiveSession): void {
    const { sessionTimeoutMs } = this.#settings;
    if (live.ended || live.lastActivity + sessionTimeoutMs <= live.abandonAt) return;
    const at = live.lastActivity + sessionTimeoutMs + this.#slackMs;
    live.abandonAt = at;
    // "later": a process that saw older activity never pulls the deadline forward.
    this.#scheduler
      .schedule(ABANDON_TIMER, live.id, at, { last_activity: live.lastActivity }, "later")
      .catch((error: unknown) => this.#onError(error, "abandonment timer"));
  }

  /** The session ended or was erased: its timer goes. */
  ended(sessionId: string): void {
    this.#scheduler
      .cancel(ABANDON_TIMER, sessionId)
      .catch((error: unknown) => this.#onError(error, "abandonment timer"));
  }

  async #abandonTimer(sessionId: string): Promise<void> {
    const live = await this.#registry.load(sessionId);
    if (!live || live.ended) return;
    // Activity this process saw but has not written yet (the write failed) still counts.
    const { sessionTimeoutMs } = this.#settings;
    if (live.lastActivity + sessionTimeoutMs > this.#clock.now()) {
      const at = live.lastActivity + sessionTimeoutMs + this.#slackMs;
      live.abandonAt = at;
      await this.#scheduler.schedule(ABANDON_TIMER, sessionId, at, {}, "later");
      return;
    }
    await this.#abandon(live);
  }

  async #purge(): Promise<void> {
    const { retentionMs } = this.#settings;
    const now = this.#clock.now();
    // Bytes first: a purge that fails after them leaves rows whose files answer "not found",
    // never bytes nothing points at.
    if (this.#blobs) {
      for (const id of await this.#store.sessionsWithFilesEndedBefore(now - retentionMs))
        await this.#blobs.deleteSession(id);
    }
    await this.#store.purgeEndedBefore(now - retentionMs);
    const every = Math.min(PURGE_EVERY_MS, Math.max(retentionMs, 1000));
    await this.#scheduler.schedule(PURGE_TIMER, "all", now + every);
  }

  // Memory only: another process may still hold the session; the store keeps it.
  #forgetFinished(): void {
    for (const [id, live] of this.#registry) {
      if (live.ended && live.feeds.size === 0 && live.turns.pending === 0)
        this.#registry.forget(id);
    }
  }

  #abandon(live: LiveSession): Promise<void> {
    return live.exclusive(async () => {
      if (live.ended) return;
      await live.commit(
        [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_USER_ABANDONED" } }],
        { state: "ended", endReason: "REASON_USER_ABANDONED", endedAt: this.#clock.now() },
      );
    });
  }
}
