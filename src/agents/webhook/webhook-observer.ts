// What a webhook agent reports for metrics, by agent: each request to the bot, retries, the breaker, fallbacks.
import type { CircuitState } from "./circuit-breaker.js";

/** How one HTTP request to the bot ended. */
export type WebhookRequestOutcome =
  /** A 2xx answer the agent could use (JSON, NDJSON, 202 or 204). */
  | "ok"
  | "timeout"
  | "network_error"
  /** 429. */
  | "rate_limited"
  /** 5xx. */
  | "server_error"
  /** Any other status outside 2xx (408, 4xx, a redirect). */
  | "client_error"
  /** A 2xx answer it could not read: too large, not JSON or NDJSON, invalid JSON. */
  | "bad_answer"
  /** Abandoned because the turn stopped (the user left, a handoff took over). */
  | "stopped";

/** Why the fallback was used. */
export type WebhookFallbackReason = "failed" | "circuit_open" | "invalid_answer" | "stream_failed";

/** What the user got instead of the bot's answer. */
export type WebhookFallbackAction = "message" | "handoff" | "message_and_handoff" | "error";

/** Receives a webhook agent's measurements; the composition root turns them into Prometheus metrics. */
export interface WebhookObserver {
  /** One HTTP request ended after `seconds` (to the response headers, or to the failure). */
  request(agent: string, outcome: WebhookRequestOutcome, seconds: number): void;
  /** A request is sent again after a failure with `outcome`. */
  retry(agent: string, outcome: WebhookRequestOutcome): void;
  /** The agent's breaker, read when metrics are collected (the latest agent of a label wins). */
  breaker(agent: string, state: () => CircuitState): void;
  /** The breaker opened (again). */
  breakerOpened(agent: string): void;
  fallback(agent: string, reason: WebhookFallbackReason, action: WebhookFallbackAction): void;
}

/** An observer that keeps nothing. */
export const quietWebhookObserver: WebhookObserver = {
  request() {},
  retry() {},
  breaker() {},
  breakerOpened() {},
  fallback() {},
};
