// Prometheus metrics of webhook agents, by agent id: requests by outcome and latency, retries, breaker, fallbacks.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { WebhookObserver } from "../agents/index.js";

const REQUEST_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30];
const BREAKER_STATES = ["closed", "open", "half_open"] as const;

/** Builds the webhook agent metrics in `registry` and returns the observer that feeds them. */
export function webhookMetrics(registry: Registry): WebhookObserver {
  const requests = new Counter({
    name: "switchboard_webhook_requests_total",
    help: "HTTP requests to webhook bots, by agent and outcome (ok, timeout, network_error, rate_limited, server_error, client_error, bad_answer, stopped).",
    labelNames: ["agent", "outcome"],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: "switchboard_webhook_request_seconds",
    help: "Time from sending a request to a webhook bot to its response headers (or its failure), by agent and outcome.",
    labelNames: ["agent", "outcome"],
    buckets: REQUEST_BUCKETS,
    registers: [registry],
  });
  const retries = new Counter({
    name: "switchboard_webhook_retries_total",
    help: "Requests to webhook bots sent again, by agent and the outcome of the attempt before.",
    labelNames: ["agent", "outcome"],
    registers: [registry],
  });
  const opened = new Counter({
    name: "switchboard_webhook_breaker_opened_total",
    help: "Times a webhook agent's circuit breaker opened, by agent.",
    labelNames: ["agent"],
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: "switchboard_webhook_fallbacks_total",
    help: "Turns answered by the fallback instead of the bot, by agent, reason (failed, circuit_open, invalid_answer, stream_failed) and action (message, handoff, message_and_handoff, error).",
    labelNames: ["agent", "reason", "action"],
    registers: [registry],
  });
  const breakers = new Map<string, () => string>();
  new Gauge({
    name: "switchboard_webhook_breaker_state",
    help: "A webhook agent's circuit breaker: 1 for its current state (closed, open, half_open), 0 for the others.",
    labelNames: ["agent", "state"],
    registers: [registry],
    collect() {
      this.reset();
      for (const [agent, state] of breakers) {
        const current = state();
        for (const s of BREAKER_STATES) this.set({ agent, state: s }, s === current ? 1 : 0);
      }
    },
  });
  return {
    request: (agent, outcome, s) => {
      requests.inc({ agent, outcome });
      seconds.observe({ agent, outcome }, s);
    },
    retry: (agent, outcome) => retries.inc({ agent, outcome }),
    breaker: (agent, state) => breakers.set(agent, state),
    breakerOpened: (agent) => opened.inc({ agent }),
    fallback: (agent, reason, action) => fallbacks.inc({ agent, reason, action }),
  };
}
