// LLM agent definitions and observers for tests, pointed at a fake OpenAI-compatible server.
import { createAgentFactory } from "../../src/agents/index.js";
import type { Agent } from "../../src/core/index.js";
import type { FakeClock } from "./fake-clock.js";

/** A minimal valid `kind: "llm"` definition for the fake at `baseUrl`, fields overridden by `extra`. */
export function llmDefinition(
  baseUrl: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    kind: "llm",
    name: "Lumen",
    provider: { base_url: baseUrl, model: "fake-model", api_key_env: "FAKE_OPENAI_KEY" },
    instructions: "You are Lumen, the support agent of Example Co.",
    greeting: { text: "Hi, I'm Lumen." },
    ...extra,
  };
}

/** Every observation an LLM agent made, by kind. */
export function recordingObserver() {
  const seen = {
    firstToken: [] as number[],
    turns: [] as string[],
    tokens: [] as [number, number][],
    errors: [] as string[],
    tools: [] as string[],
  };
  return {
    seen,
    observer: {
      firstToken: (_a: string, s: number) => seen.firstToken.push(s),
      turnDone: (_a: string, _s: number, outcome: string) => seen.turns.push(outcome),
      tokens: (_a: string, i: number, o: number) => seen.tokens.push([i, o]),
      upstreamError: (_a: string, kind: string) => seen.errors.push(kind),
      toolCall: (_a: string, tool: string, outcome: string) =>
        seen.tools.push(`${tool}:${outcome}`),
    },
  };
}

/** Builds an LLM agent from `definition` on `clock`, with `env` as its environment. */
export function buildLlmAgent(
  definition: Record<string, unknown>,
  clock: FakeClock,
  options: {
    env?: Record<string, string>;
    observer?: ReturnType<typeof recordingObserver>["observer"];
  } = {},
): Agent {
  const factory = createAgentFactory({
    clock,
    env: options.env ?? { FAKE_OPENAI_KEY: "sk-test-secret-0123456789" },
    ...(options.observer ? { llmObserver: options.observer } : {}),
  });
  const problems = factory.validate(definition);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  return factory.create(definition, "agent-1");
}
