import { afterAll, beforeAll } from "vitest";
import { createAgentFactory, exampleRulesDefinition } from "../../src/agents/index.js";
import { agentContract } from "../support/agent-contract.js";
import { FakeClock } from "../support/fake-clock.js";
import { type FakeOpenAI, startFakeOpenAI } from "../support/fake-openai.js";
import { buildLlmAgent, llmDefinition } from "../support/llm-fixtures.js";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());

agentContract("rules", () => {
  const factory = createAgentFactory();
  // A rules agent cannot fail on its own: a definition throwing in a reply stands in for a bug.
  const answering = factory.create(exampleRulesDefinition());
  const failing = {
    ...answering,
    policy: answering.policy,
    name: answering.name,
    avatarUrl: answering.avatarUrl,
    turn: () => {
      throw new Error("broken agent");
    },
  };
  return { answering, failing };
});

agentContract("llm", () => {
  const clock = new FakeClock();
  const deadServer = "http://127.0.0.1:9/v1";
  fake.fallback = (request) =>
    String(request.body.model) === "hang"
      ? { kind: "hang" }
      : { kind: "stream", text: "Hello from the fake model." };
  return {
    answering: buildLlmAgent(llmDefinition(fake.url, { greeting: { generate: true } }), clock),
    failing: buildLlmAgent(
      llmDefinition(fake.url, { provider: { base_url: deadServer, model: "m", max_retries: 0 } }),
      clock,
    ),
    hanging: buildLlmAgent(
      llmDefinition(fake.url, { provider: { base_url: fake.url, model: "hang" } }),
      clock,
    ),
  };
});
