import { afterAll, beforeAll } from "vitest";
import { createAgentFactory, exampleRulesDefinition } from "../../src/agents/index.js";
import type { Agent } from "../../src/core/index.js";
import { systemClock } from "../../src/platform/index.js";
import { agentContract } from "../support/agent-contract.js";
import { FakeClock } from "../support/fake-clock.js";
import { type FakeOpenAI, startFakeOpenAI } from "../support/fake-openai.js";
import { buildLlmAgent, llmDefinition } from "../support/llm-fixtures.js";
import { json, WebhookBackend, webhookDefinition } from "../support/webhook-backend.js";

let fake: FakeOpenAI;
let bot: WebhookBackend;
beforeAll(async () => {
  fake = await startFakeOpenAI();
  bot = await WebhookBackend.start();
});
afterAll(async () => {
  await fake.close();
  await bot.close();
});

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

agentContract("webhook", () => {
  bot.handler = (request, res) => {
    if (request.event.message?.text === "hang") return; // never answers
    json(res, 200, { messages: [{ text: "Hello from the bot." }] });
  };
  const factory = createAgentFactory({ clock: systemClock, env: {}, warn() {} });
  const hanging = factory.create(webhookDefinition(bot, { retries: 0 }));
  return {
    answering: factory.create(webhookDefinition(bot)),
    failing: factory.create({
      ...webhookDefinition(bot, { retries: 0 }),
      url: "http://127.0.0.1:9/hook",
    }),
    // The contract asks every agent "hi"; this one's bot holds that request open.
    hanging: { ...hanging, policy: hanging.policy, turn: (c) => hanging.turn(hangOn(c)) },
  };
});

/** The same context, asking the bot to hold its answer. */
function hangOn(context: Parameters<Agent["turn"]>[0]): Parameters<Agent["turn"]>[0] {
  return { ...context, trigger: { type: "message", text: "hang", messageId: "m-hang" } };
}
