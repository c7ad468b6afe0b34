import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { configMarkdown, errorsMarkdown } from "../../scripts/reference-docs.js";
import { CONFIG_SCHEMA } from "../../src/config/index.js";
import { LIMIT_OPTIONS } from "../../src/config/schema-limits.js";
import { CLOSE_CODES, ERRORS } from "../../src/protocol/index.js";

describe("generated reference docs", () => {
  it("docs/errors.md lists every error code with its exact text (run `npm run docs` when this fails)", () => {
    const doc = readFileSync("docs/errors.md", "utf8");
    expect(doc).toBe(errorsMarkdown());
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(doc).toContain(`\`${code}\``);
      expect(doc).toContain(spec.message.replaceAll("|", "\\|"));
    }
  });

  it("docs/config.md lists every setting (run `npm run docs` when this fails)", () => {
    const doc = readFileSync("docs/config.md", "utf8");
    expect(doc).toBe(configMarkdown());
    for (const option of Object.values(CONFIG_SCHEMA)) expect(doc).toContain(`\`${option.env}\``);
  });

  it("docs/protocol-notes.md names every close code the server may send", () => {
    const doc = readFileSync("docs/protocol-notes.md", "utf8");
    for (const code of Object.values(CLOSE_CODES)) expect(doc).toContain(`\`${code}\``);
  });

  it("docs/security.md names every limit setting", () => {
    const doc = readFileSync("docs/security.md", "utf8");
    for (const option of Object.values(LIMIT_OPTIONS)) expect(doc).toContain(`\`${option.env}\``);
  });
});
