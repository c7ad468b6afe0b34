// Prometheus metrics of AI agents, by agent id: first token, turn time, tokens, upstream errors, tools.
import { Counter, Histogram, type Registry } from "prom-client";
import type { LlmObserver } from "../agents/index.js";

const LATENCY_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];

/** Builds the agent metrics in `registry` and returns the observer that feeds them. */
export function agentMetrics(registry: Registry): LlmObserver {
  const firstToken = new Histogram({
    name: "switchboard_agent_first_token_seconds",
    help: "Time from the start of an LLM turn to the model's first text, by agent.",
    labelNames: ["agent"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const turns = new Histogram({
    name: "switchboard_agent_turn_seconds",
    help: "Duration of LLM agent turns, by agent and outcome (ok, failed).",
    labelNames: ["agent", "outcome"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const tokens = new Counter({
    name: "switchboard_agent_tokens_total",
    help: "Tokens the provider counted (usage), by agent and direction (in, out).",
    labelNames: ["agent", "direction"],
    registers: [registry],
  });
  const errors = new Counter({
    name: "switchboard_agent_upstream_errors_total",
    help: "Failed upstream attempts, by agent and kind (rate_limited, server_error, network, timeout, client_error, no_api_key, stream_cut, content_filter).",
    labelNames: ["agent", "kind"],
    registers: [registry],
  });
  const tools = new Counter({
    name: "switchboard_agent_tool_calls_total",
    help: "Tool calls of LLM agents, by agent, tool and outcome.",
    labelNames: ["agent", "tool", "outcome"],
    registers: [registry],
  });
  return {
    firstToken: (agent, seconds) => firstToken.observe({ agent }, seconds),
    turnDone: (agent, seconds, outcome) => turns.observe({ agent, outcome }, seconds),
    tokens: (agent, input, output) => {
      tokens.inc({ agent, direction: "in" }, input);
      tokens.inc({ agent, direction: "out" }, output);
    },
    upstreamError: (agent, kind) => errors.inc({ agent, kind }),
    toolCall: (agent, tool, outcome) => tools.inc({ agent, tool, outcome }),
  };
}
