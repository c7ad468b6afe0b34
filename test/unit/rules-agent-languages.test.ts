import { describe, expect, it } from "vitest";
import { createAgentFactory, exampleRulesDefinition } from "../../src/agents/index.js";
import type { Agent } from "../../src/core/ports.js";
import { answer, greet, rejoin } from "../support/agent-turns.js";

// biome-ignore lint/suspicious/noExplicitAny: tests poke arbitrary, often invalid, values into definitions
type Loose = any;

function exampleAgent(change?: (definition: Record<string, Loose>) => void): Agent {
  const definition = exampleRulesDefinition() as Record<string, Loose>;
  change?.(definition);
  const factory = createAgentFactory();
  expect(factory.validate(definition)).toEqual([]);
  return factory.create(definition);
}

describe("rules agent: language variants", () => {
  const agent = exampleAgent();

  it("uses the defaults when the session has no language", async () => {
    expect((await greet(agent, null)).text).toBe("Hi! How can I help?");
  });

  it("uses a translation whose tag matches exactly, ignoring case", async () => {
    const french = exampleAgent((d) => {
      d.translations["fr-CA"] = { greeting: { text: "Allo!" } };
    });
    expect((await greet(french, "fr-ca")).text).toBe("Allo!");
    expect((await greet(french, "FR-FR")).text).toBe("Bonjour ! Comment puis-je vous aider ?");
  });

  it("falls back from a regional tag to its primary subtag", async () => {
    expect(await greet(agent, "fr-FR")).toEqual({
      text: "Bonjour ! Comment puis-je vous aider ?",
      attachments: [],
      response_suggestions: [{ message_text: "Horaires d'ouverture" }],
    });
    expect((await answer(agent, "xyz", "fr-FR")).text).toBe("Désolé, je n'ai pas compris.");
    expect((await rejoin(agent, "fr-FR")).text).toBe(
      "Me revoilà. Que puis-je faire d'autre pour vous ?",
    );
  });

  it("falls back to the defaults for a language it has no variant for", async () => {
    expect((await greet(agent, "de-DE")).text).toBe("Hi! How can I help?");
    expect((await answer(agent, "xyz", "de")).text).toBe("Sorry, I did not get that.");
  });

  it("translates rule replies referred to by id or by index", async () => {
    expect((await answer(agent, "opening hours", "fr")).text).toBe(
      "Nous sommes ouverts de **9 h à 17 h**.",
    );
    expect(await answer(agent, "agent", "fr")).toMatchObject({
      text: "Je vous mets en relation.",
      action: { type: "handoff" },
    });
  });

  it("keeps the default attachments and suggestions a translation leaves out", async () => {
    const reply = await answer(agent, "opening hours", "fr");
    expect(reply.attachments).toEqual([expect.objectContaining({ title: "Map" })]);
  });

  it("uses a translation's own lists, even empty ones, when it gives them", async () => {
    const french = exampleAgent((d) => {
      d.translations.fr.replies.hours.attachments = [];
      d.translations.fr.fallback.response_suggestions = [{ message_text: "Aide" }];
    });
    expect((await answer(french, "opening hours", "fr")).attachments).toEqual([]);
    expect((await answer(french, "?", "fr")).response_suggestions).toEqual([
      { message_text: "Aide" },
    ]);
  });

  it("uses the default for a rule its translation does not cover", async () => {
    const french = exampleAgent((d) => {
      delete d.translations.fr.replies["2"];
    });
    expect((await answer(french, "bye", "fr")).text).toBe("Goodbye!");
  });

  it("answers a language switch in the new language", async () => {
    const french = exampleAgent((d) => {
      d.translations.fr.replies["3"] = { text: "Bonjour ! Je parle français." };
      d.rules.push({
        match: { keywords: ["english"] },
        reply: { text: "Switched to English." },
        action: { type: "language", language_code: "en" },
      });
    });
    expect(await answer(french, "Bonjour", null)).toEqual({
      text: "Bonjour ! Je parle français.",
      attachments: [],
      response_suggestions: [],
      action: { type: "language", language_code: "fr-FR" },
    });
    expect((await answer(french, "english please", "fr-FR")).text).toBe("Switched to English.");
  });
});
