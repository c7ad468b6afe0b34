// Periodic upkeep: ends abandoned sessions, forgets finished ones, erases those past retention.
import type { LiveSession } from "./live-session.js";
import type { Clock, Store, TimerHandle } from "./ports.js";
import type { SessionRegistry } from "./session-registry.js";

export interface SweeperSettings {
  /** No client activity for this long ends a session with REASON_USER_ABANDONED. */
  sessionTimeoutMs: number;
  /** Ended sessions are erased this long after they ended. */
  retentionMs: number;
}

const PURGE_EVERY_MS = 10 * 60_000;

/** Sweeps the registry on a timer a quarter of the session timeout apart (50 ms to 15 s). */
export class SessionSweeper {
  readonly #registry: SessionRegistry;
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #settings: SweeperSettings;
  readonly #onError: (error: unknown, context: string) => void;
  #timer: TimerHandle | undefined;
  #lastPurge = 0;

  constructor(
    registry: SessionRegistry,
    store: Store,
    clock: Clock,
    settings: SweeperSettings,
    onError: (error: unknown, context: string) => void,
  ) {
    this.#registry = registry;
    this.#store = store;
    this.#clock = clock;
    this.#settings = settings;
    this.#onError = onError;
  }

  start(): void {
    const every = Math.max(50, Math.min(15_000, Math.floor(this.#settings.sessionTimeoutMs / 4)));
    this.#timer = this.#clock.setInterval(() => void this.#sweep(), every);
  }

  stop(): void {
    this.#timer?.cancel();
  }

  async #sweep(): Promise<void> {
    const now = this.#clock.now();
    const { sessionTimeoutMs, retentionMs } = this.#settings;
    for (const [id, live] of this.#registry) {
      if (live.ended) {
        if (live.feeds.size === 0 && live.turns.pending === 0) this.#registry.forget(id);
      } else if (now - live.lastActivity >= sessionTimeoutMs) {
        this.#abandon(live).catch((error: unknown) => this.#onError(error, "abandon"));
      }
    }
    if (now - this.#lastPurge >= Math.min(PURGE_EVERY_MS, Math.max(retentionMs, 1000))) {
      this.#lastPurge = now;
      await this.#store
        .purgeEndedBefore(now - retentionMs)
        .catch((error: unknown) => this.#onError(error, "purge"));
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
