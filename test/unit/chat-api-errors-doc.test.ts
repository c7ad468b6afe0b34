// docs/chat-api.md lists every Chat API error code with its status and exact text.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHAT_ERRORS } from "../../src/protocol/index.js";

describe("Chat API error docs", () => {
  it("list every code with its status and text", () => {
    const doc = readFileSync("docs/chat-api.md", "utf8");
    for (const [code, { status, message }] of Object.entries(CHAT_ERRORS))
      expect(doc).toContain(`| \`${code}\` | ${status} | ${message} |`);
  });
});
