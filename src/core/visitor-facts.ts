// What a session knows about its visitor: its context id, verified context and integration attributes.
import type { LiveSession } from "./live-session.js";
import type { ContextFields } from "./ports/session-context.js";
import type { Clock, SessionContextStore, Store } from "./ports.js";

/** Reads and replaces sessions' visitor facts, in memory and in the store. */
export class VisitorFacts {
  readonly #store: Pick<Store, "findFirstEvent">;
  readonly #contexts: SessionContextStore | undefined;
  readonly #clock: Clock;

  constructor(
    store: Pick<Store, "findFirstEvent">,
    contexts: SessionContextStore | undefined,
    clock: Clock,
  ) {
    this.#store = store;
    this.#contexts = contexts;
    this.#clock = clock;
  }

  /** The session's `context_id`, as its SESSION_START announced it; null for sessions from before. */
  async contextIdOf(session: LiveSession): Promise<string | null> {
    if (session.contextId !== undefined) return session.contextId;
    const start = await this.#store.findFirstEvent(session.id, "EVENT_TYPE_SESSION_START");
    const payload = start ? (JSON.parse(start.payloadJson) as { context_id?: unknown }) : {};
    session.contextId = typeof payload.context_id === "string" ? payload.context_id : null;
    return session.contextId;
  }

  /** Fills the session's facts from the store once (sessions loaded after a restart). */
  async load(session: LiveSession): Promise<void> {
    if (session.factsLoaded) return;
    const stored = await this.#contexts?.getSessionContext(session.id);
    if (!session.factsLoaded) {
      session.verifiedContext = stored?.verified ?? null;
      session.integrationAttributes = stored?.attributes ?? null;
      session.factsLoaded = true;
    }
  }

  /**
   * Replaces the whole verified context (last write wins), durably, in the session's change
   * queue so a turn starting after it sees it. False when the session ended meanwhile.
   */
  replaceVerified(session: LiveSession, verified: ContextFields): Promise<boolean> {
    return session.exclusive(async () => {
      if (session.ended) return false;
      await this.#contexts?.setVerifiedContext(session.id, verified, this.#clock.now());
      session.verifiedContext = Object.freeze({ ...verified });
      session.factsLoaded = true;
      return true;
    });
  }

  /** Stores a Chat API client's attributes (unverified) for the session. */
  async setAttributes(session: LiveSession, attributes: ContextFields): Promise<void> {
    await this.load(session);
    await this.#contexts?.setIntegrationAttributes(session.id, attributes);
    session.integrationAttributes = Object.freeze({ ...attributes });
  }
}
