// Turn claims for one process: a Map of leases, exact within the process, which is all a single server needs.
import type { Takeover, TurnClaims, TurnLease } from "./ports.js";

interface Claim {
  token: number;
  until: number;
  leaseMs: number;
  done: boolean;
  begun: string | null;
}

/** `TurnClaims` in memory. */
export class InProcessTurnClaims implements TurnClaims {
  readonly #claims = new Map<string, Map<string, Claim>>();
  #tokens = 0;

  async claim(
    sessionId: string,
    key: string,
    now: number,
    leaseMs: number,
  ): Promise<TurnLease | null> {
    let keys = this.#claims.get(sessionId);
    if (!keys) {
      keys = new Map();
      this.#claims.set(sessionId, keys);
    }
    if (keys.has(key)) return null;
    const claim: Claim = {
      token: ++this.#tokens,
      until: now + leaseMs,
      leaseMs,
      done: false,
      begun: null,
    };
    keys.set(key, claim);
    return this.#lease(claim, claim.token);
  }

  async takeOver(sessionId: string, key: string, now: number, leaseMs: number): Promise<Takeover> {
    const claim = this.#claims.get(sessionId)?.get(key);
    if (!claim) return { state: "none" };
    if (claim.done) return { state: "done" };
    if (claim.until > now) return { state: "held", until: claim.until };
    claim.token = ++this.#tokens;
    claim.until = now + leaseMs;
    claim.leaseMs = leaseMs;
    return { state: "taken", lease: this.#lease(claim, claim.token), begun: claim.begun };
  }

  forget(sessionId: string): void {
    this.#claims.delete(sessionId);
  }

  #lease(claim: Claim, token: number): TurnLease {
    const mine = () => claim.token === token && !claim.done;
    return {
      renew: async (now) => {
        if (!mine()) return false;
        claim.until = now + claim.leaseMs;
        return true;
      },
      begin: async (messageId) => {
        if (mine()) claim.begun = messageId;
      },
      finish: async () => {
        if (mine()) claim.done = true;
      },
    };
  }
}
