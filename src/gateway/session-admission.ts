// Whether a verified connect may join its session: the session's connect rate and its connection slots.
import type { Limits, RateRule, SessionHub } from "../core/index.js";
import type { LIMIT_CLOSE_REASONS } from "../protocol/index.js";
import type { GatewayDeps } from "./deps.js";
import { retryAfterSeconds } from "./handshake-rejection.js";
import { perMinuteRule } from "./request-limits.js";

/** Which of a session's limits refused a connect (the keys of LIMIT_CLOSE_REASONS). */
export type SessionLimit = keyof typeof LIMIT_CLOSE_REASONS;

/** Allowed, or refused by one of the session's limits. */
export type Admission =
  | { ok: true }
  | { ok: false; limit: "connectRate"; retryAfter: number }
  | { ok: false; limit: "connectionLimit" };

/**
 * The per-session limits of `/ws`. Asked only once the token is verified as the session's own,
 * so upgrades with bad tokens cannot use up a visitor's connects (they count against the
 * sending client instead, as failed credentials).
 */
export class SessionAdmission {
  readonly #connects: RateRule;
  readonly #limits: Limits;
  readonly #hub: SessionHub;
  readonly #clock: GatewayDeps["clock"];

  constructor(deps: GatewayDeps) {
    this.#connects = perMinuteRule("ws-connects", deps.config.httpRequestsPerMinute);
    this.#limits = deps.limits;
    this.#hub = deps.hub;
    this.#clock = deps.clock;
  }

  /** Takes one connect of the session's rate (counted across processes). */
  async connect(sessionId: string): Promise<Admission> {
    const wait = await this.#limits.take(this.#connects, sessionId, this.#clock.now());
    return wait > 0
      ? { ok: false, limit: "connectRate", retryAfter: retryAfterSeconds(wait) }
      : { ok: true };
  }

  /** Takes one of the session's connection slots (counted across processes); `release` gives it back. */
  async reserve(sessionId: string): Promise<Admission> {
    return (await this.#hub.reserveConnection(sessionId))
      ? { ok: true }
      : { ok: false, limit: "connectionLimit" };
  }

  /** Gives back a slot taken by `reserve` that no connection used. */
  release(sessionId: string): void {
    this.#hub.releaseConnection(sessionId);
  }
}
