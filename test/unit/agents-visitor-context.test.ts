// How agents read verified context and integration attributes: rule conditions, placeholders, prompt fields.
import { describe, expect, it } from "vitest";
import { createRulesAgent } from "../../src/agents/index.js";
import { parseLlmDefinition } from "../../src/agents/llm/definition.js";
import { systemPrompt } from "../../src/agents/llm/prompt.js";
import type { AgentContext } from "../../src/core/index.js";
import { collectParts, turnContext } from "../support/agent-turns.js";
import { llmDefinition } from "../support/llm-fixtures.js";

function withFacts(
  context: AgentContext,
  verified: AgentContext["verifiedContext"],
  attributes: AgentContext["integrationAttributes"] = null,
): AgentContext {
  return { ...context, verifiedContext: verified, integrationAttributes: attributes };
}

/** The text of a turn run with `context`. */
async function replyTo(agent: ReturnType<typeof createRulesAgent>, context: AgentContext) {
  const parts = await collectParts(agent, context);
  return { text: parts.map((p) => (p.type === "text" ? p.text : "")).join("") };
}

const rules = createRulesAgent({
  kind: "rules",
  name: "Tiers",
  greeting: { text: "Hi {{ctx.name}}{{attr.nick}}!" },
  fallback: { text: "Fallback." },
  rules: [
    {
      match: { keywords: ["refund"], context: { account_tier: ["premium", "gold"] } },
      reply: { text: "Refund at once." },
    },
    { match: { context: { blocked: true } }, reply: { text: "Your account is on hold." } },
    {
      match: { keywords: ["refund"], attributes: { account_tier: "premium" } },
      reply: { text: "Attributes are not proof." },
    },
  ],
});

describe("rules agent", () => {
  const message = (text: string) => turnContext({ type: "message", text, messageId: "m1" });

  it("matches a rule only when the context fields hold one of the listed values", async () => {
    expect(
      (await replyTo(rules, withFacts(message("refund please"), { account_tier: "gold" }))).text,
    ).toBe("Refund at once.");
    expect(
      (await replyTo(rules, withFacts(message("refund please"), { account_tier: "basic" }))).text,
    ).toBe("Fallback.");
    expect((await replyTo(rules, message("refund please"))).text).toBe("Fallback.");
  });

  it("matches any message when a rule has conditions only", async () => {
    expect((await replyTo(rules, withFacts(message("hello"), { blocked: true }))).text).toBe(
      "Your account is on hold.",
    );
  });

  it("keeps verified context and unverified attributes apart", async () => {
    const context = withFacts(message("refund"), null, { account_tier: "premium" });
    expect((await replyTo(rules, context)).text).toBe("Attributes are not proof.");
  });

  it("fills {{ctx.x}} and {{attr.x}} placeholders, missing fields as nothing", async () => {
    const join = turnContext({ type: "join" });
    expect((await replyTo(rules, withFacts(join, { name: "Ada" }))).text).toBe("Hi Ada!");
    expect((await replyTo(rules, withFacts(join, null, { nick: "lin" }))).text).toBe("Hi lin!");
    expect((await replyTo(rules, join)).text).toBe("Hi !");
  });
});

describe("LLM agent prompt", () => {
  const parse = (extra: Record<string, unknown>) => {
    const parsed = parseLlmDefinition(llmDefinition("http://127.0.0.1:1/v1", extra));
    if (!parsed.ok) throw new Error(parsed.problems.join("; "));
    return parsed.definition;
  };
  const facts = { name: "Ada", account_tier: "premium", card_last4: "4242" };

  it("states only the fields the definition lists, verified apart from unverified", () => {
    const definition = parse({ context: { prompt_fields: ["name", "account_tier", "channel"] } });
    const prompt = systemPrompt(
      definition,
      withFacts(turnContext({ type: "join" }), facts, { channel: "sms" }),
      [],
    );
    expect(prompt).toContain('- name: "Ada"');
    expect(prompt).toContain('- account_tier: "premium"');
    expect(prompt).toContain("unverified");
    expect(prompt).toContain('- channel: "sms"');
    expect(prompt).not.toContain("4242");
  });

  it("states nothing about the visitor when the definition lists no field", () => {
    const prompt = systemPrompt(parse({}), withFacts(turnContext({ type: "join" }), facts), []);
    expect(prompt).not.toContain("Ada");
    expect(prompt).not.toContain("Verified facts");
  });

  it("refuses a context setting that is not a list of field names", () => {
    expect(
      parseLlmDefinition(llmDefinition("http://x/v1", { context: { prompt_fields: [{}] } })).ok,
    ).toBe(false);
    expect(parseLlmDefinition(llmDefinition("http://x/v1", { context: { other: [] } })).ok).toBe(
      false,
    );
  });
});
