import { describe, expect, it } from "vitest";
import {
  createAgentFactory,
  DEFAULT_REJOIN_TEXT,
  exampleRulesDefinition,
} from "../../src/agents/index.js";
import { answer, collectParts, greet, rejoin, turnContext } from "../support/agent-turns.js";

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary, often invalid, values into definitions
type Loose = any;

function agentFor(definition: Record<string, unknown>) {
  const factory = createAgentFactory();
  expect(factory.validate(definition)).toEqual([]);
  return factory.create(definition);
}

function rulesAgent(rules: unknown[], extra: Record<string, unknown> = {}) {
  return agentFor({
    kind: "rules",
    name: "Ada",
    greeting: { text: "Hi" },
    fallback: { text: "Fallback" },
    rules,
    ...extra,
  });
}

async function replyText(agent: ReturnType<typeof agentFor>, text: string): Promise<unknown> {
  return (await answer(agent, text)).text;
}

describe("rules agent: the example definition", () => {
  const agent = agentFor(exampleRulesDefinition());

  it("greets with text and suggestions", async () => {
    expect(await greet(agent)).toEqual({
      text: "Hi! How can I help?",
      attachments: [],
      response_suggestions: [{ message_text: "Opening hours" }],
    });
  });

  it("answers a keyword with its reply and attachments, case-insensitively", async () => {
    expect(await answer(agent, "What are your OPENING hours?")).toEqual({
      text: "We are open **9 to 5**.",
      attachments: [
        {
          title: "Map",
          content_url: "https://example.com/map",
          content_type: "ATTACHMENT_CONTENT_TYPE_URL",
          call_to_action_text: "Open map",
        },
      ],
      response_suggestions: [],
    });
  });

  it("returns each action with its reply", async () => {
    expect(await answer(agent, "I want a human")).toMatchObject({
      text: "Let me connect you.",
      action: { type: "handoff" },
    });
    expect(await answer(agent, "Goodbye then")).toMatchObject({
      text: "Goodbye!",
      action: { type: "end" },
    });
    expect(await answer(agent, "bonjour")).toMatchObject({
      action: { type: "language", language_code: "fr-FR" },
    });
  });

  it("falls back when nothing matches", async () => {
    expect(await answer(agent, "Tell me a joke")).toEqual({
      text: "Sorry, I did not get that.",
      attachments: [],
      response_suggestions: [],
    });
  });

  it("rejoins with the definition's rejoin message", async () => {
    expect((await rejoin(agent)).text).toBe("I'm back. How else can I help?");
  });
});

describe("rules agent: matching", () => {
  it("tries rules in order and the first match wins", async () => {
    const agent = rulesAgent([
      { match: { keywords: ["price"] }, reply: { text: "first" } },
      { match: { keywords: ["price", "cost"] }, reply: { text: "second" } },
    ]);
    expect(await replyText(agent, "what price?")).toBe("first");
    expect(await replyText(agent, "what does it cost")).toBe("second");
  });

  it("matches keywords as whole words and word sequences", async () => {
    const agent = rulesAgent([
      { match: { keywords: ["agent"] }, reply: { text: "agent" } },
      { match: { keywords: ["opening hours"] }, reply: { text: "hours" } },
      { match: { keywords: ["don't"] }, reply: { text: "dont" } },
    ]);
    expect(await replyText(agent, "Are your agents human?")).toBe("Fallback");
    expect(await replyText(agent, "reagent")).toBe("Fallback");
    expect(await replyText(agent, "AGENT, please")).toBe("agent");
    expect(await replyText(agent, "What are your OPENING   hours?")).toBe("hours");
    expect(await replyText(agent, "opening-hours")).toBe("hours");
    expect(await replyText(agent, "opening times and hours")).toBe("Fallback");
    expect(await replyText(agent, "I don’t know")).toBe("dont");
  });

  it("matches keywords in other scripts and with accents", async () => {
    const agent = rulesAgent([
      { match: { keywords: ["café"] }, reply: { text: "coffee" } },
      { match: { keywords: ["привет"] }, reply: { text: "hi" } },
    ]);
    expect(await replyText(agent, "Un CAFÉ s'il vous plaît")).toBe("coffee");
    expect(await replyText(agent, "ПРИВЕТ!")).toBe("hi");
  });

  it("matches phrases as substrings after collapsing whitespace", async () => {
    const agent = rulesAgent([
      { match: { phrases: ["track my  order"] }, reply: { text: "track" } },
    ]);
    expect(await replyText(agent, "Can you TRACK\nmy order?")).toBe("track");
    expect(await replyText(agent, "backtrack my orders")).toBe("track");
    expect(await replyText(agent, "track your order")).toBe("Fallback");
  });

  it("matches a regex case-insensitively against the trimmed message", async () => {
    const agent = rulesAgent([{ match: { regex: "^(bye|goodbye)\\b" }, reply: { text: "bye" } }]);
    expect(await replyText(agent, "  BYE now")).toBe("bye");
    expect(await replyText(agent, "byers")).toBe("Fallback");
    expect(await replyText(agent, "ok bye")).toBe("Fallback");
  });

  it("tests a regex against the first 2000 characters only", async () => {
    const agent = rulesAgent([{ match: { regex: "needle" }, reply: { text: "found" } }]);
    expect(await replyText(agent, `${"x".repeat(1994)}needle`)).toBe("found");
    expect(await replyText(agent, `${"x".repeat(1995)}needle`)).toBe("Fallback");
  });

  it("looks for keywords and phrases in the first 20000 characters only", async () => {
    const agent = rulesAgent([
      { match: { keywords: ["refund"] }, reply: { text: "keyword" } },
      { match: { phrases: ["money back"] }, reply: { text: "phrase" } },
    ]);
    const padding = "x ".repeat(9_996);
    expect(await replyText(agent, `${padding}refund`)).toBe("keyword");
    expect(await replyText(agent, `${padding}xx refund`)).toBe("Fallback");
    expect(await replyText(agent, `${padding.slice(2)}money back`)).toBe("phrase");
    expect(await replyText(agent, `${padding}money back`)).toBe("Fallback");
  });

  it("matches when any part of a match does", async () => {
    const agent = rulesAgent([
      {
        match: { keywords: ["refund"], phrases: ["money back"], regex: "^\\d+$" },
        reply: { text: "r" },
      },
    ]);
    expect(await replyText(agent, "a refund")).toBe("r");
    expect(await replyText(agent, "my money back")).toBe("r");
    expect(await replyText(agent, "12345")).toBe("r");
    expect(await replyText(agent, "hello")).toBe("Fallback");
  });
});

describe("rules agent: actions and options", () => {
  it("acts without a message when a rule has no reply", async () => {
    const agent = rulesAgent([
      { match: { keywords: ["queue"] }, action: { type: "handoff", queue: "billing" } },
    ]);
    expect(await answer(agent, "queue")).toEqual({
      text: "",
      attachments: [],
      response_suggestions: [],
      action: { type: "handoff", queue: "billing" },
    });
  });

  it("uses the default rejoin text and rejoins after a failed handoff by default", async () => {
    const agent = rulesAgent([]);
    expect(agent.avatarUrl).toBe("");
    expect(agent.policy.endOnHandoffFailure).toBe(false);
    expect(await rejoin(agent)).toEqual({
      text: DEFAULT_REJOIN_TEXT,
      attachments: [],
      response_suggestions: [],
    });
  });

  it("ends the session after a failed handoff when the definition says so", () => {
    expect(rulesAgent([], { on_handoff_failure: "end" }).policy.endOnHandoffFailure).toBe(true);
  });

  it("passes suggestion payloads through", async () => {
    const suggestion = { message_text: "Yes", payload: { intent: "confirm" } };
    const agent = rulesAgent([], { greeting: { text: "Hi", response_suggestions: [suggestion] } });
    expect((await greet(agent)).response_suggestions).toEqual([suggestion]);
  });
});

describe("rules agent: defensive copies", () => {
  it("is not changed by later edits of the definition", async () => {
    const definition = exampleRulesDefinition() as Record<string, Loose>;
    const agent = agentFor(definition);
    definition.greeting.text = "changed";
    definition.greeting.response_suggestions[0].message_text = "changed";
    definition.rules[0].reply.attachments[0].title = "changed";
    expect(await greet(agent)).toMatchObject({
      text: "Hi! How can I help?",
      response_suggestions: [{ message_text: "Opening hours" }],
    });
    const reply = await answer(agent, "opening hours");
    expect(reply.attachments?.[0]?.title).toBe("Map");
  });

  it("is not changed when a caller edits a reply it got", async () => {
    const agent = agentFor(exampleRulesDefinition());
    const parts = await collectParts(
      agent,
      turnContext({ type: "message", text: "opening hours", messageId: "m1" }),
    );
    // Parts share the definition's frozen objects: edits fail loudly instead of leaking.
    const attachment = parts.find((p) => p.type === "attachment");
    expect(() => {
      if (attachment?.type === "attachment")
        (attachment.attachment as { title?: string }).title = "x";
    }).toThrow(TypeError);
    const greeting = await collectParts(agent, turnContext({ type: "join" }));
    const suggestions = greeting.find((p) => p.type === "suggestions");
    expect(() => {
      if (suggestions?.type === "suggestions") (suggestions.suggestions as unknown[]).splice(0);
    }).toThrow(TypeError);
    const action = (await answer(agent, "human")).action;
    if (action?.type === "handoff") action.queue = "changed";

    expect((await answer(agent, "opening hours")).attachments).toEqual([
      expect.objectContaining({ title: "Map" }),
    ]);
    expect((await greet(agent)).response_suggestions).toHaveLength(1);
    expect((await answer(agent, "human")).action).toEqual({ type: "handoff" });
  });
});
