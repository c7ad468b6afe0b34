// Secret tokens: prefix, entropy and length; SHA-256 hashing; constant-time comparison.
import { describe, expect, it } from "vitest";
import { constantTimeEqual, generateSecretToken, hashToken } from "../../src/auth/index.js";

describe("generateSecretToken", () => {
  it.each([
    ["sbc", "sbc_"],
    ["sbd", "sbd_"],
    ["sba_", "sba_"],
  ])("prefix %j gives tokens starting %j followed by 32 random bytes", (prefix, start) => {
    const token = generateSecretToken(prefix);
    expect(token.startsWith(start)).toBe(true);
    const random = token.slice(start.length);
    expect(random).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(random, "base64url")).toHaveLength(32);
  });

  it("never repeats and sets every bit both ways across a few hundred tokens", () => {
    const tokens = Array.from({ length: 300 }, () => generateSecretToken("sbc"));
    expect(new Set(tokens).size).toBe(tokens.length);
    const bytes = tokens.map((token) => Buffer.from(token.slice(4), "base64url"));
    for (let position = 0; position < 32; position += 1) {
      const column = bytes.map((b) => b[position] ?? 0);
      // A stuck bit would survive OR as 0 or AND as 1; the odds by chance are 2^-300.
      expect(column.reduce((acc, byte) => acc | byte, 0)).toBe(0xff);
      expect(column.reduce((acc, byte) => acc & byte, 0xff)).toBe(0);
    }
  });

  it("refuses prefixes that would not be readable", () => {
    expect(() => generateSecretToken("sb c")).toThrow(TypeError);
    expect(() => generateSecretToken("sb.c")).toThrow(TypeError);
  });
});

describe("hashToken", () => {
  it("is SHA-256 in lower-case hex", () => {
    expect(hashToken("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });

  it("is stable for a token and differs between tokens", () => {
    const token = generateSecretToken("sbc");
    expect(hashToken(token)).toBe(hashToken(token));
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(token)).not.toBe(hashToken(generateSecretToken("sbc")));
  });
});

describe("constantTimeEqual", () => {
  it("is true only for identical strings", () => {
    const token = generateSecretToken("sba");
    expect(constantTimeEqual(token, token)).toBe(true);
    expect(constantTimeEqual(token, `${token}`)).toBe(true);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("héllo", "héllo")).toBe(true);
    const lastCharChanged = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    expect(constantTimeEqual(token, lastCharChanged)).toBe(false);
    expect(constantTimeEqual("abc", "ABC")).toBe(false);
    expect(constantTimeEqual("héllo", "hello")).toBe(false);
  });

  it("handles different lengths without throwing", () => {
    expect(constantTimeEqual("short", "a much longer string")).toBe(false);
    expect(constantTimeEqual("", "a")).toBe(false);
    expect(constantTimeEqual("a", "")).toBe(false);
  });

  it("is false for non-strings instead of throwing", () => {
    expect(constantTimeEqual(undefined as unknown as string, "a")).toBe(false);
    expect(constantTimeEqual("a", null as unknown as string)).toBe(false);
  });
});
