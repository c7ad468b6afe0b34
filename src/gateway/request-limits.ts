// The public endpoints' limits: failed credentials per client, then requests per client, then per connector.
import { type FailureLimiter, RateLimiter } from "../core/index.js";
import type { GatewayDeps } from "./deps.js";
import { retryAfterSeconds } from "./handshake-rejection.js";

/** A bucket refilled over a minute with a burst of ten seconds' worth (at least one). */
export function perMinuteLimiter(perMinute: number): RateLimiter {
  return new RateLimiter(perMinute / 60, Math.max(1, Math.ceil(perMinute / 6)));
}

/**
 * Limits of `POST /api/v1/access-token` and `/sessions`, each answering Retry-After seconds
 * (0: go on). Callers take the per-client bucket before the connector's, so a client over its
 * own limit never uses up the ceiling the connector's other visitors share.
 */
export class PublicRequestLimits {
  readonly #clock: GatewayDeps["clock"];
  readonly #failures: FailureLimiter;
  readonly #perClient: RateLimiter;
  readonly #perConnector: RateLimiter;

  constructor(deps: GatewayDeps) {
    this.#clock = deps.clock;
    this.#failures = deps.guards.authFailures;
    this.#perClient = perMinuteLimiter(deps.config.httpRequestsPerMinutePerClient);
    this.#perConnector = perMinuteLimiter(deps.config.httpRequestsPerMinute);
  }

  /** While `client` has used up its failed attempts: checked before any credential. */
  blocked(client: string): number {
    return seconds(this.#failures.blockedMs(client, this.#clock.now()));
  }

  /** Counts a failed credential of `client`. */
  failed(client: string): void {
    this.#failures.failed(client, this.#clock.now());
  }

  /** Takes one request of `client`. */
  perClient(client: string): number {
    return seconds(this.#perClient.take(client, this.#clock.now()));
  }

  /** Takes one request from the ceiling `key` shares (e.g. `token:<connector id>`). */
  perConnector(key: string): number {
    return seconds(this.#perConnector.take(key, this.#clock.now()));
  }
}

function seconds(ms: number): number {
  return ms > 0 ? retryAfterSeconds(ms) : 0;
}
