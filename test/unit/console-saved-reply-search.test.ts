// Finding saved replies from what follows `/`, and filling the visitor's and agent's names.
import { describe, expect, it } from "vitest";
import {
  fillPlaceholders,
  searchSavedReplies,
  slashQuery,
  subsequenceScore,
} from "../../src/console/saved-reply-search.js";
import type { SavedReplyJson } from "../../src/console/types.js";

const reply = (shortcut: string, text: string): SavedReplyJson => ({
  id: shortcut,
  queue: "support",
  desk_user: null,
  shortcut,
  text,
  created_at: "",
  updated_at: "",
});

describe("saved reply search", () => {
  const replies = [
    reply("prefer-email", "We can continue by email."),
    reply("refund", "Your refund is on its way."),
    reply("order-where", "Where is my order? Let me check."),
    reply("hello", "Hi {{visitor.name}}!"),
  ];

  it("matches subsequences, preferring letters in a row and word starts", () => {
    expect(subsequenceScore("xyz", "refund")).toBeNull();
    expect(searchSavedReplies(replies, "ref").map((r) => r.shortcut)).toEqual([
      "refund",
      "prefer-email",
    ]);
    expect(searchSavedReplies(replies, "ow")[0]?.shortcut).toBe("order-where");
  });

  it("falls back to the text when no shortcut matches, and lists everything for a bare slash", () => {
    expect(searchSavedReplies(replies, "check").map((r) => r.shortcut)).toEqual(["order-where"]);
    expect(searchSavedReplies(replies, "")).toHaveLength(4);
  });

  it("fills placeholders; an unknown visitor is 'there'", () => {
    const text = "Hi {{visitor.name}}, {{ agent.name }} here.";
    expect(fillPlaceholders(text, { visitorName: "Léa", agentName: "Sam" })).toBe(
      "Hi Léa, Sam here.",
    );
    expect(fillPlaceholders(text, { visitorName: null, agentName: "Sam" })).toBe(
      "Hi there, Sam here.",
    );
  });

  it("searches only while the draft is a slash and a word", () => {
    expect(slashQuery("/ref")).toBe("ref");
    expect(slashQuery("/")).toBe("");
    expect(slashQuery("/ref and more")).toBeNull();
    expect(slashQuery("see /ref")).toBeNull();
  });
});
