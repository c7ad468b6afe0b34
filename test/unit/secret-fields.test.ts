import { describe, expect, it } from "vitest";
import { keepStoredSecrets, REDACTED, redactSecrets } from "../../src/admin/secret-fields.js";

const stored = {
  kind: "llm",
  endpoints: [{ base_url: "https://a", api_key: "key-a" }, { base_url: "https://b" }],
  tools: [{ name: "t", secret: "tool-secret", nested: { secret: 5 } }],
};

describe("write-only secrets in definitions", () => {
  it("are masked wherever a secret field appears, other values untouched", () => {
    expect(redactSecrets(stored)).toEqual({
      kind: "llm",
      endpoints: [{ base_url: "https://a", api_key: REDACTED }, { base_url: "https://b" }],
      tools: [{ name: "t", secret: REDACTED, nested: { secret: 5 } }],
    });
    expect(stored.endpoints[0]?.api_key).toBe("key-a");
  });

  it("keep the stored value where the mask comes back, at the same path", () => {
    expect(keepStoredSecrets(redactSecrets(stored), stored)).toEqual({
      definition: stored,
      problems: [],
    });
  });

  it("name each mask with nothing stored at its path", () => {
    const moved = {
      endpoints: [{}, { base_url: "https://b", api_key: REDACTED }],
      tools: [{}, { secret: REDACTED }],
    };
    expect(keepStoredSecrets(moved, stored).problems).toEqual([
      "endpoints[1].api_key: no stored secret to keep; give the value",
      "tools[1].secret: no stored secret to keep; give the value",
    ]);
  });
});
