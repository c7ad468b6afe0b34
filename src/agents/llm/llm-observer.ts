// What an LLM agent reports for metrics, by agent: latency, tokens, upstream errors, tool calls.
import type { UpstreamErrorKind } from "./upstream.js";

/** Receives an LLM agent's measurements; the composition root turns them into Prometheus metrics. */
export interface LlmObserver {
  /** Seconds from the turn's start to the model's first text. */
  firstToken(agent: string, seconds: number): void;
  /** Seconds a turn took, and how it ended. */
  turnDone(agent: string, seconds: number, outcome: "ok" | "failed"): void;
  /** Tokens the provider counted (`usage`). */
  tokens(agent: string, input: number, output: number): void;
  upstreamError(agent: string, kind: UpstreamErrorKind): void;
  toolCall(agent: string, tool: string, outcome: string): void;
}

/** An observer that keeps nothing. */
export const quietLlmObserver: LlmObserver = {
  firstToken() {},
  turnDone() {},
  tokens() {},
  upstreamError() {},
  toolCall() {},
};
