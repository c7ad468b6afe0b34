import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { validateAgentDefinition } from "../../src/agents/index.js";

const base = () => ({
  kind: "llm",
  name: "Lumen",
  provider: { base_url: "https://api.example.com/v1", model: "m", api_key_env: "KEY" },
});
const problems = (change: (d: Record<string, unknown>) => void) => {
  const definition: Record<string, unknown> = base();
  change(definition);
  return validateAgentDefinition(definition);
};

describe("LLM definitions", () => {
  it("accepts every LLM example in docs/agents.md", () => {
    const doc = readFileSync(new URL("../../docs/agents.md", import.meta.url), "utf8");
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)]
      .map((m) => JSON.parse(m[1] as string) as Record<string, unknown>)
      .filter((d) => d.kind === "llm");
    expect(examples.length).toBeGreaterThanOrEqual(5);
    for (const example of examples) expect(validateAgentDefinition(example)).toEqual([]);
  });

  it("accepts the smallest definition", () => {
    expect(problems(() => undefined)).toEqual([]);
  });

  it("names each bad field of the provider and its fallbacks", () => {
    expect(
      problems((d) => {
        d.provider = {
          base_url: "nope",
          api_key_env: "X",
          api_key: "k",
          temperature: 3,
          headers: { Host: "x" },
        };
        d.fallbacks = [{ model: "m", max_retries: 1.5 }];
      }),
    ).toEqual([
      "provider.base_url: must be an http(s) URL",
      "provider.model: required",
      "provider: give api_key_env or api_key, not both",
      "provider.headers.Host: is set by the client",
      "provider.temperature: must be a number from 0 to 2",
      "fallbacks[0].base_url: required",
      "fallbacks[0].max_retries: must be a whole number from 0 to 10",
    ]);
  });

  it("names bad tools, knowledge, budget and guardrails", () => {
    const found = problems((d) => {
      d.builtin_tools = ["handoff", "handoff", "fly"];
      d.http_tools = [
        { name: "handoff", description: "x", url: "https://x.example/t", secret_env: "S" },
        { name: "ok", description: "x", url: "https://x.example/t", parameters: { type: "array" } },
        {
          name: "ok2",
          description: "x",
          url: "https://x.example/t",
          secret: "s",
          parameters: { type: "object", properties: { a: { type: "nonsense" } } },
        },
      ];
      d.history_budget = { tokens: 10, characters: 10 };
      d.knowledge = { documents: [{ title: "t", file: "faq.md" }] };
      d.guardrails = { on_max_turns: "explode" };
      d.greting = "typo";
    });
    expect(found).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^greting: unknown field/),
        'builtin_tools[1]: "handoff" is listed twice',
        "builtin_tools[2]: must be one of: handoff, end_conversation, set_language, suggest_replies, send_attachment, mark_unanswerable",
        'http_tools[0].name: "handoff" is a built-in tool',
        'http_tools[1].parameters: must be a JSON Schema with "type": "object"',
        "http_tools[1]: needs secret_env or secret",
        expect.stringMatching(/^http_tools\[2\]\.parameters: invalid JSON Schema/),
        "history_budget: needs exactly one of tokens, characters",
        "knowledge.documents[0].file: only a provisioning file may name a file (give text here)",
        "guardrails.on_max_turns: must be one of: handoff, end",
      ]),
    );
  });

  it("never echoes a secret in a problem", () => {
    const key = `sk-${"x".repeat(2000)}`;
    const found = problems((d) => {
      d.provider = { base_url: "https://x.example/v1", model: "m", api_key: key };
    });
    expect(found).toEqual([
      "provider.api_key: must be a non-empty string of at most 1000 characters",
    ]);
    expect(found.join("\n")).not.toContain("sk-x");
  });
});
