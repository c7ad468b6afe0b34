// Turn claims for one process: the first claim of a key wins; the rest see it taken.
import type { TurnClaims } from "./ports.js";

/** `TurnClaims` in memory: exact within one process, which is all a single server needs. */
export class InProcessTurnClaims implements TurnClaims {
  readonly #claimed = new Map<string, Set<string>>();

  async claim(sessionId: string, key: string): Promise<boolean> {
    let keys = this.#claimed.get(sessionId);
    if (!keys) {
      keys = new Set();
      this.#claimed.set(sessionId, keys);
    }
    if (keys.has(key)) return false;
    keys.add(key);
    return true;
  }

  forget(sessionId: string): void {
    this.#claimed.delete(sessionId);
  }
}
