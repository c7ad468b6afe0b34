import { describe, expect, it } from "vitest";
import { cutPassages, KnowledgeIndex } from "../../src/agents/index.js";
import { QUERY_MAX_TERMS, searchTerms } from "../../src/agents/llm/knowledge.js";

const HANDBOOK = `# Example Co. help

## Shipping

Orders leave our warehouse within two working days. Delivery inside the EU takes three to five days.

## Returns

You can return any item within 30 days of delivery. Print the label from your account page and drop
the parcel at any post office; refunds reach your card within a week.

## Opening hours

Our phone line is open Monday to Friday, 9:00 to 17:00 CET.`;

const index = new KnowledgeIndex({
  documents: [
    { title: "Help centre", text: HANDBOOK, url: "https://example.com/help" },
    { title: "Privacy", text: "We keep chat transcripts for 7 days, then erase them." },
  ],
  maxPassages: 3,
});

describe("knowledge retrieval", () => {
  it("returns the passage that answers the question first", () => {
    const [best] = index.search("How many days do I have to send something back for a refund?", 3);
    expect(best?.title).toBe("Help centre — Returns");
    expect(best?.text).toContain("within 30 days");
    expect(best?.url).toBe("https://example.com/help");
  });

  it("finds passages with other word forms and small typos", () => {
    expect(index.search("when is the phone line opened", 1)[0]?.title).toBe(
      "Help centre — Opening hours",
    );
    expect(index.search("transcrips kept how long", 1)[0]?.title).toBe("Privacy");
  });

  it("finds nothing for an unrelated question", () => {
    expect(index.search("quantum chromodynamics", 3)).toEqual([]);
  });

  it("cuts Markdown at headings, keeping each heading with its text", () => {
    const pieces = cutPassages(HANDBOOK);
    expect(pieces.map((p) => p.heading)).toEqual(["Shipping", "Returns", "Opening hours"]);
    expect(pieces[1]?.text).toMatch(/^You can return/);
  });
});

describe("knowledge search terms", () => {
  it("keeps the last 24 distinct terms, without stop words, so a long message costs no more than a short one", () => {
    const many = Array.from({ length: 100 }, (_, i) => `word${i}`).join(" ");
    const terms = searchTerms(`${many} the refund and what is the refund window?`);
    expect(terms).toHaveLength(QUERY_MAX_TERMS);
    expect(terms.slice(-2)).toEqual(["refund", "window"]);
    expect(terms).not.toContain("the");
    expect(terms.filter((t) => t === "refund")).toHaveLength(1);
  });

  it("reads only the end of a 128 KB message, and finds the passage its question asks for", () => {
    const long = `${"lorem ipsum dolor sit amet ".repeat(5000)}How many days do I have to send something back for a refund?`;
    expect(searchTerms(long)).not.toContain("");
    expect(index.search(long, 3)[0]?.title).toBe(index.search("refund days", 3)[0]?.title);
  });
});
