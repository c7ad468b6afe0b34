import { describe, expect, it } from "vitest";
import { keepStoredSecrets } from "../../src/admin/agent-secrets.js";
import { redactSecrets, SECRET_PLACEHOLDER } from "../../src/admin/index.js";

const stored = {
  kind: "llm",
  endpoints: [{ base_url: "https://a", api_key: "key-a" }, { base_url: "https://b" }],
  tools: [{ name: "t", secret: "tool-secret", nested: { secret: 5 } }],
};

describe("write-only secrets in definitions", () => {
  it("are masked wherever a secret field appears, other values untouched", () => {
    expect(redactSecrets(stored, ["api_key", "secret"])).toEqual({
      kind: "llm",
      endpoints: [
        { base_url: "https://a", api_key: SECRET_PLACEHOLDER },
        { base_url: "https://b" },
      ],
      tools: [{ name: "t", secret: SECRET_PLACEHOLDER, nested: { secret: 5 } }],
    });
    expect(stored.endpoints[0]?.api_key).toBe("key-a");
  });

  it("keep the stored value where the mask comes back, at the same path", () => {
    const masked = redactSecrets(stored, ["api_key", "secret"]);
    expect(keepStoredSecrets(masked, stored, ["api_key", "secret"])).toEqual({
      definition: stored,
      problems: [],
    });
  });

  it("name each mask with nothing stored at its path", () => {
    const moved = {
      endpoints: [{ base_url: "https://b", api_key: SECRET_PLACEHOLDER }, {}],
      tools: [{}, { secret: SECRET_PLACEHOLDER }],
    };
    moved.endpoints.reverse();
    expect(keepStoredSecrets(moved, stored, ["api_key", "secret"]).problems).toEqual([
      `endpoints[1].api_key: "${SECRET_PLACEHOLDER}" keeps the stored secret, but none is stored here`,
      `tools[1].secret: "${SECRET_PLACEHOLDER}" keeps the stored secret, but none is stored here`,
    ]);
  });
});
