// What the desk of this process last knew of each shown visitor's presence, as the wire shows it.
import type { VisitorPresenceJson } from "../../protocol/index.js";
import type { VisitorPresence } from "../ports.js";

/** Presence as the desk wire carries it. */
export function visitorPresenceJson(presence: VisitorPresence): VisitorPresenceJson {
  return {
    online: presence.online,
    since: presence.since === null ? null : new Date(presence.since).toISOString(),
  };
}

const UNKNOWN: VisitorPresenceJson = { online: false, since: null };

/** The last presence read per session with an open handoff; `set` says whether it changed. */
export class VisitorBoard {
  readonly #known = new Map<string, VisitorPresenceJson>();

  get(sessionId: string): VisitorPresenceJson {
    return this.#known.get(sessionId) ?? UNKNOWN;
  }

  /** Keeps the presence; true when it differs from what was kept. */
  set(sessionId: string, presence: VisitorPresence): boolean {
    const next = visitorPresenceJson(presence);
    const before = this.#known.get(sessionId);
    this.#known.set(sessionId, next);
    return before?.online !== next.online || before.since !== next.since;
  }

  forget(sessionId: string): void {
    this.#known.delete(sessionId);
  }
}
