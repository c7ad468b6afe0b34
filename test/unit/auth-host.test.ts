// Host identifier normalisation and host/origin matching (`protocol.md` §1.1, §8; `sdk-expectations.md` 3).
import { describe, expect, it } from "vitest";
import { hostMatches, normalizeHostIdentifier, originMatches } from "../../src/auth/index.js";

describe("normalizeHostIdentifier", () => {
  it.each([
    ["https://www.example.com", "www.example.com"],
    ["www.example.com", "www.example.com"],
    ["https://www.example.com/", "www.example.com"],
    ["http://www.example.com/some/path?x=1#top", "www.example.com"],
    ["example.com/path/", "example.com"],
    ["example.com:8080", "example.com"],
    ["https://app.example.com:8443", "app.example.com"],
    ["WWW.Example.COM", "www.example.com"],
    ["HTTPS://WWW.EXAMPLE.COM/", "www.example.com"],
    ["  example.com  ", "example.com"],
    ["example.com.", "example.com"],
    ["localhost", "localhost"],
    ["http://localhost:3000", "localhost"],
    ["127.0.0.1:3000", "127.0.0.1"],
    ["http://[::1]:3000/", "[::1]"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["com.example.app", "com.example.app"],
    ["Com.Example.App", "com.example.app"],
  ])("normalises %j to %j", (input, expected) => {
    expect(normalizeHostIdentifier(input)).toBe(expected);
  });

  it.each([
    "",
    "   ",
    "https://",
    "http:///",
    "exa mple.com",
    "example..com",
    ".example.com",
    "*.example.com",
    "example.com:notaport",
    "example.com:99999",
    "evil.net@example.com",
    "https://user:pass@example.com",
    "a".repeat(254),
  ])("refuses %j", (input) => {
    expect(normalizeHostIdentifier(input)).toBeNull();
  });
});

describe("hostMatches", () => {
  it.each([
    ["example.com", "example.com"],
    ["example.com", "app.example.com"],
    ["example.com", "deep.app.example.com"],
    ["example.com", "https://app.example.com:8443/"],
    ["www.example.com", "https://www.example.com"],
    ["www.example.com", "https://www.example.com/"],
    ["www.example.com", "www.example.com"],
    ["https://www.example.com/", "www.example.com"],
    ["EXAMPLE.com", "Example.COM"],
    ["example.com", "example.com:3000"],
    ["localhost", "http://localhost:8080"],
    ["127.0.0.1", "127.0.0.1:3000"],
  ])("%j accepts %j", (registered, given) => {
    expect(hostMatches(registered, given)).toBe(true);
  });

  it.each([
    ["example.com", "badexample.com"],
    ["example.com", "example.com.evil.net"],
    ["example.com", "https://example.com.evil.net/"],
    ["example.com", "evil.net"],
    ["app.example.com", "example.com"],
    ["app.example.com", "other.example.com"],
    ["example.com", "example.co"],
    ["1.2.3.4", "5.1.2.3.4"],
    ["example.com", "evil.net@example.com"],
  ])("%j refuses %j", (registered, given) => {
    expect(hostMatches(registered, given)).toBe(false);
  });

  it("never matches empty or unparseable identifiers", () => {
    expect(hostMatches("example.com", "")).toBe(false);
    expect(hostMatches("example.com", "   ")).toBe(false);
    expect(hostMatches("", "example.com")).toBe(false);
    expect(hostMatches("", "")).toBe(false);
    expect(hostMatches(" ", " ")).toBe(false);
    expect(hostMatches("exa mple.com", "exa mple.com")).toBe(false);
  });

  describe("app namespaces", () => {
    it("match exactly, ignoring case", () => {
      expect(hostMatches("com.example.app", "com.example.app")).toBe(true);
      expect(hostMatches("com.example.app", "COM.EXAMPLE.APP")).toBe(true);
      expect(hostMatches("Com.Example.App", "com.example.app")).toBe(true);
    });

    it.each([
      "com.example.app.evil",
      "com.example.application",
      "com.example",
      "com.example.other",
      "xcom.example.app",
      "org.example.app",
      "app.example.com",
    ])("com.example.app refuses %j", (given) => {
      expect(hostMatches("com.example.app", given)).toBe(false);
    });

    it("extend only leftwards, like any dotted name (documented choice)", () => {
      // The DNS name x.com.example.app belongs to whoever owns com.example.app itself.
      expect(hostMatches("com.example.app", "x.com.example.app")).toBe(true);
    });
  });
});

describe("originMatches", () => {
  it.each([
    ["example.com", "https://app.example.com:8443"],
    ["example.com", "https://example.com"],
    ["example.com", "HTTPS://APP.EXAMPLE.COM"],
    ["www.example.com", "https://www.example.com"],
    ["localhost", "http://localhost:3000"],
    ["https://www.example.com/", "https://www.example.com"],
  ])("%j accepts origin %j", (registered, origin) => {
    expect(originMatches(registered, origin)).toBe(true);
  });

  it.each([
    ["example.com", "null"],
    ["example.com", "NULL"],
    ["example.com", ""],
    ["example.com", "https://badexample.com"],
    ["example.com", "https://example.com.evil.net"],
    ["example.com", "https://evil.net"],
    ["app.example.com", "https://example.com"],
    ["example.com", "app.example.com"],
    ["", "https://example.com"],
    ["com.example.app", "https://com.example.app.evil"],
  ])("%j refuses origin %j", (registered, origin) => {
    expect(originMatches(registered, origin)).toBe(false);
  });
});
