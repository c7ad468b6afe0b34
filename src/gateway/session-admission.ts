// Whether a verified connect may join its session: the session's connect rate and its connection slots.
import type { SessionHub } from "../core/index.js";
import type { GatewayDeps } from "./deps.js";
import { retryAfterSeconds } from "./handshake-rejection.js";
import { perMinuteLimiter } from "./request-limits.js";

/** Admitted (holding a slot), or refused by one of the session's limits. */
export type Admission =
  | { ok: true }
  | { ok: false; code: "ws_rate_limited"; retryAfter: number }
  | { ok: false; code: "ws_connection_limit" };

/**
 * The per-session limits of `/ws`. Asked only once the token is verified as the session's own,
 * so upgrades with bad tokens cannot use up a visitor's connects (they count against the
 * sending client instead, as failed credentials).
 */
export class SessionAdmission {
  readonly #connects;
  readonly #hub: SessionHub;
  readonly #clock: GatewayDeps["clock"];

  constructor(deps: GatewayDeps) {
    this.#connects = perMinuteLimiter(deps.config.httpRequestsPerMinute);
    this.#hub = deps.hub;
    this.#clock = deps.clock;
  }

  /** Takes one connect of the session's rate and one of its slots; `release` gives the slot back. */
  admit(sessionId: string): Admission {
    const wait = this.#connects.take(sessionId, this.#clock.now());
    if (wait > 0)
      return { ok: false, code: "ws_rate_limited", retryAfter: retryAfterSeconds(wait) };
    if (!this.#hub.reserveConnection(sessionId)) return { ok: false, code: "ws_connection_limit" };
    return { ok: true };
  }

  /** Gives back a slot taken by `admit` that no connection used. */
  release(sessionId: string): void {
    this.#hub.releaseConnection(sessionId);
  }
}
