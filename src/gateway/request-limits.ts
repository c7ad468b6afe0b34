// The public endpoints' limits: failed credentials per client, then requests per client, then per connector.
import type { FailureLimiter, Limits, RateRule } from "../core/index.js";
import type { GatewayDeps } from "./deps.js";
import { retryAfterSeconds } from "./handshake-rejection.js";

/** A bucket refilled over a minute with a burst of ten seconds' worth (at least one). */
export function perMinuteRule(name: string, perMinute: number): RateRule {
  return { name, perSecond: perMinute / 60, burst: Math.max(1, Math.ceil(perMinute / 6)) };
}

/**
 * Limits of `POST /api/v1/access-token` and `/sessions`, each answering Retry-After seconds
 * (0: go on). Callers take the per-client bucket before the connector's, so a client over its
 * own limit never uses up the ceiling the connector's other visitors share. Request buckets are
 * counted across every process of the deployment (`Limits`); failed credentials per process.
 */
export class PublicRequestLimits {
  readonly #clock: GatewayDeps["clock"];
  readonly #failures: FailureLimiter;
  readonly #limits: Limits;
  readonly #perClient: RateRule;
  readonly #perConnector: RateRule;

  constructor(deps: GatewayDeps) {
    this.#clock = deps.clock;
    this.#failures = deps.guards.authFailures;
    this.#limits = deps.limits;
    this.#perClient = perMinuteRule("http-client", deps.config.httpRequestsPerMinutePerClient);
    this.#perConnector = perMinuteRule("http-connector", deps.config.httpRequestsPerMinute);
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
  async perClient(client: string): Promise<number> {
    return seconds(await this.#limits.take(this.#perClient, client, this.#clock.now()));
  }

  /** Takes one request from the ceiling `key` shares (e.g. `token:<connector id>`). */
  async perConnector(key: string): Promise<number> {
    return seconds(await this.#limits.take(this.#perConnector, key, this.#clock.now()));
  }
}

function seconds(ms: number): number {
  return ms > 0 ? retryAfterSeconds(ms) : 0;
}
