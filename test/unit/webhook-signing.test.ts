import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signatureHeader, verifySignature } from "../../src/agents/index.js";

const SECRET = "bot-signing-secret-0123456789";
const NOW = Date.UTC(2030, 0, 1, 12);

describe("request signatures", () => {
  it("is t=<seconds>,v1=<hex HMAC-SHA256 of '<t>.<body>'>", () => {
    const body = '{"id":"e1","type":"message"}';
    const t = Math.floor(NOW / 1000);
    const expected = createHmac("sha256", SECRET).update(`${t}.${body}`).digest("hex");
    expect(signatureHeader(SECRET, body, NOW)).toBe(`t=${t},v1=${expected}`);
  });

  it("verifies its own header, and refuses another body, secret or a stale time", () => {
    const body = '{"a":1}';
    const header = signatureHeader(SECRET, body, NOW);
    expect(verifySignature(SECRET, body, header, NOW)).toBe(true);
    expect(verifySignature(SECRET, '{"a":2}', header, NOW)).toBe(false);
    expect(verifySignature(`${SECRET}!`, body, header, NOW)).toBe(false);
    expect(verifySignature(SECRET, body, header, NOW + 301_000)).toBe(false);
    expect(verifySignature(SECRET, body, header, NOW - 301_000)).toBe(false);
    expect(verifySignature(SECRET, body, header, NOW + 299_000)).toBe(true);
    expect(verifySignature(SECRET, body, undefined, NOW)).toBe(false);
    expect(verifySignature(SECRET, body, "t=abc,v1=00", NOW)).toBe(false);
  });
});
