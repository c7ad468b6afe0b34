import { describe, expect, it } from "vitest";
import { createAgentFactory, exampleWebhookDefinition } from "../../src/agents/index.js";
import { FakeClock } from "../support/fake-clock.js";

const factory = () =>
  createAgentFactory({
    clock: new FakeClock(),
    env: { ADA_WEBHOOK_SECRET: "x".repeat(32) },
    warn() {},
  });

const minimal = {
  kind: "webhook",
  name: "Hooky",
  url: "https://bot.example/hook",
  secret_env: "S",
};

describe("webhook definitions", () => {
  it("accepts the documented example, and builds an agent with its policy", () => {
    expect(factory().validate(exampleWebhookDefinition())).toEqual([]);
    const agent = factory().create(exampleWebhookDefinition());
    expect(agent).toMatchObject({ name: "Ada", avatarUrl: "https://example.com/ada.png" });
    expect(agent.policy).toEqual({
      deadlineMs: 30000,
      interrupt: false,
      history: { unit: "characters", limit: 8000 },
      endOnHandoffFailure: false,
      whenNoHuman: "offline_message",
      defaultLanguage: "en",
    });
    const keepBot = factory().create({ ...exampleWebhookDefinition(), when_no_human: "agent" });
    expect(keepBot.policy.whenNoHuman).toBe("agent");
    expect(factory().validate({ ...exampleWebhookDefinition(), when_no_human: "bot" })).toEqual([
      "when_no_human: must be one of: offline_message, agent",
    ]);
  });

  it("needs a name, a url and a secret (stored or from the environment), not both", () => {
    expect(factory().validate({ kind: "webhook" })).toEqual([
      "name: required",
      "url: required",
      "secret: needs secret_env or secret",
    ]);
    expect(factory().validate({ ...minimal, secret: "y".repeat(20) })).toEqual([
      "secret: give secret_env or secret, not both",
    ]);
    expect(factory().validate({ ...minimal, secret_env: "1BAD" })).toEqual([
      "secret_env: must be an environment variable name",
    ]);
    expect(factory().validate(minimal)).toEqual([]);
  });

  it("names each bad fallback and policy field", () => {
    const problems = factory().validate({
      ...minimal,
      fallback: { message: { text: "" }, handoff: { queue: 3, type: "handoff" } },
      deadline_ms: 10,
      interrupt: "yes",
      on_handoff_failure: "retry",
      history: { unit: "tokens", limit: -1 },
    });
    expect(problems).toEqual([
      "fallback.message.text: must not be empty",
      "fallback.handoff.type: unknown field (expected one of: queue, reason)",
      "fallback.handoff.queue: must be a string",
      "deadline_ms: must be a whole number from 1000 to 600000",
      "interrupt: must be true or false",
      "history.limit: must be a whole number from 0 to 1000000",
      "on_handoff_failure: must be one of: rejoin, end",
    ]);
  });

  it("says webhook agents answer through the agent API (so get an agent key)", () => {
    expect(factory().usesAgentApi(minimal)).toBe(true);
    expect(factory().usesAgentApi({ kind: "rules" })).toBe(false);
    expect(factory().usesAgentApi({ kind: "nope" })).toBe(false);
  });

  it("cannot be built without a clock (only a server builds agents that call out)", () => {
    expect(() => createAgentFactory().create(exampleWebhookDefinition())).toThrow(/clock/);
  });
});
