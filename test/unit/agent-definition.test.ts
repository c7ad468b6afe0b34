import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  createAgentFactory,
  exampleRulesDefinition,
  validateAgentDefinition,
} from "../../src/agents/index.js";

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary, often invalid, values into definitions
type Loose = any;

function withChanges(change: (definition: Record<string, Loose>) => void): Record<string, unknown> {
  const definition = exampleRulesDefinition() as Record<string, Loose>;
  change(definition);
  return definition;
}

function problemsOf(change: (definition: Record<string, Loose>) => void): string[] {
  return validateAgentDefinition(withChanges(change));
}

describe("validateAgentDefinition: valid definitions", () => {
  it("accepts the example definition", () => {
    expect(validateAgentDefinition(exampleRulesDefinition())).toEqual([]);
  });

  it("accepts the minimal definition", () => {
    const minimal = {
      kind: "rules",
      name: "Ada",
      greeting: { text: "Hi" },
      fallback: { text: "?" },
    };
    expect(validateAgentDefinition(minimal)).toEqual([]);
  });

  it("accepts the JSON example in docs/agents.md", () => {
    const docs = readFileSync(new URL("../../docs/agents.md", import.meta.url), "utf8");
    const example = /```json\n([\s\S]*?)\n```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    expect(validateAgentDefinition(JSON.parse(example ?? ""))).toEqual([]);
  });
});

describe("validateAgentDefinition: top level", () => {
  it("rejects what is not an object", () => {
    expect(validateAgentDefinition(null)).toEqual(["definition: must be a JSON object"]);
    expect(validateAgentDefinition([])).toEqual(["definition: must be a JSON object"]);
  });

  it("names the allowed kinds", () => {
    expect(problemsOf((d) => (d.kind = "robot"))).toEqual([
      "kind: must be one of: rules, llm, webhook",
    ]);
    expect(problemsOf((d) => delete d.kind)).toEqual([
      "kind: required; must be one of: rules, llm, webhook",
    ]);
    expect(problemsOf((d) => (d.kind = "toString"))).toEqual([
      "kind: must be one of: rules, llm, webhook",
    ]);
  });

  it("rejects unknown top-level fields by name", () => {
    const problems = problemsOf((d) => {
      d.greting = { text: "typo" };
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^greting: unknown field \(expected one of: kind, name, /);
  });

  it("requires a name, a greeting and a fallback", () => {
    expect(
      problemsOf((d) => {
        delete d.name;
        d.greeting = {};
        delete d.fallback;
      }),
    ).toEqual(["name: required", "greeting.text: required", "fallback: required"]);
  });

  it("checks the avatar URL", () => {
    expect(problemsOf((d) => (d.avatar_url = "javascript:alert(1)"))).toEqual([
      "avatar_url: must be an http(s) URL",
    ]);
    expect(problemsOf((d) => (d.avatar_url = "/ada.png"))).toEqual([
      "avatar_url: must be an http(s) URL",
    ]);
    expect(problemsOf((d) => (d.avatar_url = ""))).toEqual([]);
  });

  it("checks on_handoff_failure", () => {
    expect(problemsOf((d) => (d.on_handoff_failure = "retry"))).toEqual([
      "on_handoff_failure: must be one of: rejoin, end",
    ]);
  });

  it("lists every problem at once", () => {
    const problems = problemsOf((d) => {
      d.name = "";
      d.rules[0].match.regex = "(";
      d.rules[1].action.type = "transfer";
    });
    expect(problems).toEqual([
      "name: must not be empty",
      "rules[0].match.regex: invalid regular expression (Unterminated group)",
      "rules[1].action.type: must be one of: handoff, end, language",
    ]);
  });
});

describe("validateAgentDefinition: messages", () => {
  it("checks text", () => {
    expect(problemsOf((d) => (d.greeting.text = 42))).toEqual(["greeting.text: must be a string"]);
    expect(problemsOf((d) => (d.fallback.text = "  "))).toEqual([
      "fallback.text: must not be empty",
    ]);
    expect(problemsOf((d) => (d.fallback.text = "x".repeat(10_001)))).toEqual([
      "fallback.text: must be at most 10000 characters",
    ]);
  });

  it("checks attachments field by field", () => {
    const attachment = (d: Record<string, Loose>) => d.rules[0].reply.attachments[0];
    expect(problemsOf((d) => (attachment(d).content_type = "ATTACHMENT_CONTENT_TYPE_PDF"))).toEqual(
      [
        "rules[0].reply.attachments[0].content_type: must be one of: ATTACHMENT_CONTENT_TYPE_URL, ATTACHMENT_CONTENT_TYPE_IMAGE",
      ],
    );
    expect(problemsOf((d) => delete attachment(d).content_url)).toEqual([
      "rules[0].reply.attachments[0].content_url: required",
    ]);
    expect(problemsOf((d) => (attachment(d).content_url = "javascript:alert(1)"))).toEqual([
      "rules[0].reply.attachments[0].content_url: must be a http, https, mailto, tel URL",
    ]);
    expect(problemsOf((d) => (attachment(d).preview_image_url = "ftp://x/y.png"))).toEqual([
      "rules[0].reply.attachments[0].preview_image_url: must be an http(s) URL",
    ]);
    expect(problemsOf((d) => (attachment(d).colour = "red"))[0]).toMatch(
      /^rules\[0\]\.reply\.attachments\[0\]\.colour: unknown field/,
    );
    expect(problemsOf((d) => (d.rules[0].reply.attachments = {}))).toEqual([
      "rules[0].reply.attachments: must be an array",
    ]);
  });

  it("accepts mailto and tel links in attachments", () => {
    expect(
      problemsOf((d) => (d.rules[0].reply.attachments[0].content_url = "tel:+441234")),
    ).toEqual([]);
  });

  it("checks response suggestions", () => {
    expect(problemsOf((d) => (d.greeting.response_suggestions = [{ text: "x" }]))).toEqual([
      "greeting.response_suggestions[0].text: unknown field (expected one of: message_text, payload)",
      "greeting.response_suggestions[0].message_text: required",
    ]);
    expect(
      problemsOf(
        (d) => (d.greeting.response_suggestions = [{ message_text: "Hi", payload: { a: 1 } }]),
      ),
    ).toEqual([]);
    expect(
      problemsOf((d) => (d.greeting.response_suggestions = Array(11).fill({ message_text: "x" }))),
    ).toEqual(["greeting.response_suggestions: must have at most 10 items"]);
  });
});

describe("validateAgentDefinition: rules", () => {
  it("requires rules to be an array of objects", () => {
    expect(problemsOf((d) => (d.rules = {}))).toEqual(["rules: must be an array"]);
    expect(problemsOf((d) => (d.rules[2] = "bye"))).toEqual(["rules[2]: must be an object"]);
  });

  it("needs a match with at least one way of matching", () => {
    expect(problemsOf((d) => delete d.rules[1].match)).toEqual(["rules[1].match: required"]);
    expect(problemsOf((d) => (d.rules[1].match = {}))).toEqual([
      "rules[1].match: needs one of keywords, phrases, regex, context, attributes",
    ]);
    expect(problemsOf((d) => (d.rules[1].match = { keyword: ["x"] }))).toEqual([
      "rules[1].match.keyword: unknown field (expected one of: keywords, phrases, regex, context, attributes)",
      "rules[1].match: needs one of keywords, phrases, regex, context, attributes",
    ]);
  });

  it("checks keywords and phrases", () => {
    expect(problemsOf((d) => (d.rules[1].match.keywords = []))).toEqual([
      "rules[1].match.keywords: must not be empty",
    ]);
    expect(problemsOf((d) => (d.rules[1].match.keywords = "human"))).toEqual([
      "rules[1].match.keywords: must be an array",
    ]);
    expect(problemsOf((d) => (d.rules[1].match.keywords = ["human", 7, "?!"]))).toEqual([
      "rules[1].match.keywords[1]: must be a string",
      "rules[1].match.keywords[2]: must contain a letter or digit",
    ]);
    expect(problemsOf((d) => (d.rules[1].match.phrases = ["ok", ""]))).toEqual([
      "rules[1].match.phrases[1]: must not be empty",
    ]);
  });

  it("names the reason a regex does not compile", () => {
    expect(problemsOf((d) => (d.rules[2].match.regex = "[a-"))).toEqual([
      "rules[2].match.regex: invalid regular expression (Unterminated character class)",
    ]);
  });

  it("rejects regexes with nested unbounded quantifiers", () => {
    for (const pattern of ["(a+)+$", "^(\\w+\\s?)*$", "(?:x*y?)+", "((ab)*c){2,}"]) {
      const problems = problemsOf((d) => (d.rules[2].match.regex = pattern));
      expect(problems, pattern).toHaveLength(1);
      expect(problems[0]).toMatch(/^rules\[2\]\.match\.regex: nested unbounded quantifiers \(/);
    }
    for (const pattern of ["(a+)?", "(ab)+", "[(a+)]+", "\\(a+\\)+", "(a{1,3})+", "(a+){3}"]) {
      expect(
        problemsOf((d) => (d.rules[2].match.regex = pattern)),
        pattern,
      ).toEqual([]);
    }
  });

  it("needs a reply or an action", () => {
    expect(problemsOf((d) => delete d.rules[0].reply)).toEqual([
      "rules[0]: needs a reply, an action or both",
      "translations.fr.replies.hours: rules[0] has no reply to translate",
    ]);
  });

  it("checks each kind of action", () => {
    expect(problemsOf((d) => (d.rules[1].action = { type: "handoff", queue: 3 }))).toEqual([
      "rules[1].action.queue: must be a string",
    ]);
    expect(problemsOf((d) => (d.rules[2].action = { type: "end", reason: "x" }))).toEqual([
      "rules[2].action.reason: unknown field (expected one of: type)",
    ]);
    expect(problemsOf((d) => (d.rules[3].action = { type: "language" }))).toEqual([
      "rules[3].action.language_code: required",
    ]);
    expect(problemsOf((d) => (d.rules[3].action.language_code = "French"))).toEqual([
      "rules[3].action.language_code: must be a BCP-47 language tag such as fr or fr-FR",
    ]);
    expect(problemsOf((d) => (d.rules[3].action = "language"))).toEqual([
      "rules[3].action: must be an object",
    ]);
    expect(problemsOf((d) => delete d.rules[3].action.type)).toEqual([
      "rules[3].action.type: required; must be one of: handoff, end, language",
    ]);
  });

  it("checks rule ids", () => {
    expect(problemsOf((d) => (d.rules[1].id = "hours"))).toEqual([
      'rules[1].id: "hours" is already used by rules[0]',
    ]);
    expect(problemsOf((d) => (d.rules[1].id = "12"))[0]).toMatch(
      /^rules\[1\]\.id: must start with a letter/,
    );
  });
});

describe("validateAgentDefinition: translations and rejoin", () => {
  it("checks rejoin like any message", () => {
    expect(problemsOf((d) => (d.rejoin = { txt: "back" }))).toEqual([
      "rejoin.txt: unknown field (expected one of: text, attachments, response_suggestions)",
      "rejoin.text: required",
    ]);
  });

  it("needs language tags as keys, each language once", () => {
    expect(problemsOf((d) => (d.translations.french = {}))).toEqual([
      "translations.french: must be keyed by a BCP-47 language tag such as fr or fr-FR",
    ]);
    expect(problemsOf((d) => (d.translations.FR = {}))).toEqual([
      "translations.FR: same language as translations.fr",
    ]);
    expect(problemsOf((d) => (d.translations = []))).toEqual(["translations: must be an object"]);
  });

  it("checks the fields of a translation", () => {
    expect(problemsOf((d) => (d.translations.fr.greeting = { text: "" }))).toEqual([
      "translations.fr.greeting.text: must not be empty",
    ]);
    expect(problemsOf((d) => (d.translations.fr.goodbye = { text: "x" }))).toEqual([
      "translations.fr.goodbye: unknown field (expected one of: greeting, fallback, rejoin, replies)",
    ]);
  });

  it("needs replies to name existing rules with replies, once each", () => {
    const replies = (d: Record<string, Loose>) => d.translations.fr.replies;
    expect(problemsOf((d) => (replies(d).nope = { text: "x" }))).toEqual([
      "translations.fr.replies.nope: no rule has this index or id",
    ]);
    expect(problemsOf((d) => (replies(d)["4"] = { text: "x" }))).toEqual([
      "translations.fr.replies.4: no rule has this index or id",
    ]);
    expect(problemsOf((d) => (replies(d)["0"] = { text: "x" }))).toEqual([
      "translations.fr.replies.hours: rules[0] is already translated by translations.fr.replies.0",
    ]);
    expect(problemsOf((d) => (replies(d)["1"] = { text: 1 }))).toEqual([
      "translations.fr.replies.1.text: must be a string",
    ]);
  });
});

describe("createAgentFactory", () => {
  it("validates through the kind table", () => {
    const factory = createAgentFactory();
    expect(factory.validate(exampleRulesDefinition())).toEqual([]);
    expect(factory.validate({ kind: "robot" })).toEqual([
      "kind: must be one of: rules, llm, webhook",
    ]);
  });

  it("creates an agent with the definition's name and avatar", () => {
    const agent = createAgentFactory().create(exampleRulesDefinition());
    expect(agent.name).toBe("Ada");
    expect(agent.avatarUrl).toBe("https://example.com/ada.png");
    expect(agent.policy.endOnHandoffFailure).toBe(false);
  });

  it("refuses to create an agent from an invalid definition", () => {
    const factory = createAgentFactory();
    expect(() => factory.create({ kind: "rules" })).toThrow(/name: required/);
    expect(() => factory.create({ kind: "robot" })).toThrow(/unknown agent kind/);
  });
});
