// Access tokens: minting, verification, and every way a token must be refused (`protocol.md` §8).
import { createHmac } from "node:crypto";
import { decodeJwt, decodeProtectedHeader, jwtVerify } from "jose";
import { beforeEach, describe, expect, it } from "vitest";
import {
  AccessTokens,
  KeyRing,
  type SigningKeyStore,
  type StoredSigningKey,
} from "../../src/auth/index.js";

/** An in-memory store keeping the `Store` signing-key contract. */
class FakeKeyStore implements SigningKeyStore {
  keys: StoredSigningKey[] = [];
  reads = 0;
  async listSigningKeys(): Promise<StoredSigningKey[]> {
    this.reads += 1;
    return [...this.keys].reverse().map((key) => ({ ...key }));
  }
  async addSigningKey(key: StoredSigningKey): Promise<void> {
    for (const other of this.keys) other.retiredAt ??= key.createdAt;
    this.keys.push({ ...key });
  }
}

const START_MS = 1_700_000_000_000;
const EXPIRES_IN = 86_400;
const SEVEN_DAYS = 7 * 24 * 60 * 60;

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A compact JWS signed by hand, so tests control every byte (and every algorithm). */
function handSigned(
  header: Record<string, unknown>,
  payload: unknown,
  secret: string,
  hash: "sha256" | "sha512" = "sha256",
): string {
  const input = `${encode(header)}.${encode(payload)}`;
  const mac = createHmac(hash, Buffer.from(secret, "base64url")).update(input);
  return `${input}.${mac.digest("base64url")}`;
}

let clock: { ms: number };
let store: FakeKeyStore;
let ring: KeyRing;
let tokens: AccessTokens;
const now = () => clock.ms;

beforeEach(async () => {
  clock = { ms: START_MS };
  store = new FakeKeyStore();
  ring = new KeyRing(store, { now });
  await ring.ensureKey();
  tokens = new AccessTokens(ring, { cluster: "local", expiresInSeconds: EXPIRES_IN, now });
});

/** A payload like the ones `mint` writes, valid now. */
function validPayload(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const iat = Math.floor(clock.ms / 1000);
  return {
    cid: "conn-1",
    cluster: "local",
    sub: "subject-1",
    iss: "switchboard",
    iat,
    exp: iat + 600,
    jti: "jti-1",
    ...overrides,
  };
}

describe("AccessTokens.mint", () => {
  it("writes an HS256 JWT with kid, typ and every claim, exp = iat + expiresIn", async () => {
    const { token, expiresIn } = await tokens.mint({ connectorId: "conn-1", subject: "sub-1" });
    expect(expiresIn).toBe(EXPIRES_IN);
    expect(decodeProtectedHeader(token)).toEqual({
      alg: "HS256",
      kid: ring.current().kid,
      typ: "JWT",
    });
    const claims = decodeJwt(token);
    expect(claims).toMatchObject({
      sub: "sub-1",
      cid: "conn-1",
      cluster: "local",
      iss: "switchboard",
    });
    expect(claims.iat).toBe(START_MS / 1000);
    expect(claims.exp).toBe(START_MS / 1000 + EXPIRES_IN);
    expect(typeof claims.jti).toBe("string");
  });

  it("writes a standard JWT that a stock verifier accepts", async () => {
    const { token } = await tokens.mint({ connectorId: "conn-1", subject: "sub-1" });
    const secret = Buffer.from(ring.current().secret, "base64url");
    const { payload } = await jwtVerify(token, secret, {
      algorithms: ["HS256"],
      issuer: "switchboard",
      subject: "sub-1",
      currentDate: new Date(START_MS),
    });
    expect(payload.cid).toBe("conn-1");
  });

  it("gives every token its own jti and uses the configured issuer", async () => {
    const custom = new AccessTokens(ring, {
      cluster: "local",
      issuer: "sb-eu",
      expiresInSeconds: 600,
      now,
    });
    const a = decodeJwt((await custom.mint({ connectorId: "c", subject: "s" })).token);
    const b = decodeJwt((await custom.mint({ connectorId: "c", subject: "s" })).token);
    expect(a.iss).toBe("sb-eu");
    expect(a.exp).toBe((a.iat ?? 0) + 600);
    expect(a.jti).not.toBe(b.jti);
  });

  it("refuses to mint a token without connector or subject", async () => {
    await expect(tokens.mint({ connectorId: "", subject: "s" })).rejects.toThrow(TypeError);
    await expect(tokens.mint({ connectorId: "c", subject: "" })).rejects.toThrow(TypeError);
  });

  it("refuses a lifetime that is not a positive whole number of seconds", () => {
    expect(() => new AccessTokens(ring, { cluster: "local", expiresInSeconds: 0 })).toThrow(
      RangeError,
    );
    expect(() => new AccessTokens(ring, { cluster: "local", expiresInSeconds: 1.5 })).toThrow(
      RangeError,
    );
  });
});

describe("AccessTokens.verify", () => {
  it("round-trips the claims", async () => {
    const { token } = await tokens.mint({ connectorId: "conn-1", subject: "sub-1" });
    expect(await tokens.verify(token)).toEqual({
      ok: true,
      claims: {
        subject: "sub-1",
        connectorId: "conn-1",
        cluster: "local",
        expiresAt: START_MS + EXPIRES_IN * 1000,
        expired: false,
      },
    });
  });

  it("accepts a token until its exp and refuses it from then on", async () => {
    const { token } = await tokens.mint({ connectorId: "c", subject: "s" });
    clock.ms = START_MS + EXPIRES_IN * 1000 - 1;
    expect(await tokens.verify(token)).toMatchObject({ ok: true });
    clock.ms = START_MS + EXPIRES_IN * 1000;
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: "expired" });
  });

  it("accepts an expired token within the grace period, marked expired", async () => {
    const { token } = await tokens.mint({ connectorId: "c", subject: "s" });
    const expiry = START_MS + EXPIRES_IN * 1000;
    clock.ms = expiry + SEVEN_DAYS * 1000;
    expect(await tokens.verify(token, { maxExpiredSeconds: SEVEN_DAYS })).toMatchObject({
      ok: true,
      claims: { subject: "s", expired: true, expiresAt: expiry },
    });
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: "expired" });
    clock.ms = expiry + SEVEN_DAYS * 1000 + 1000;
    expect(await tokens.verify(token, { maxExpiredSeconds: SEVEN_DAYS })).toEqual({
      ok: false,
      reason: "expired",
    });
  });

  it("marks a live token not expired even when a grace period is allowed", async () => {
    const { token } = await tokens.mint({ connectorId: "c", subject: "s" });
    expect(await tokens.verify(token, { maxExpiredSeconds: SEVEN_DAYS })).toMatchObject({
      ok: true,
      claims: { expired: false },
    });
  });

  it("refuses alg none", async () => {
    const { kid } = ring.current();
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${encode(validPayload())}.`;
    const unsignedWithKid = `${encode({ alg: "none", kid })}.${encode(validPayload())}.`;
    const noneCased = `${encode({ alg: "None", kid })}.${encode(validPayload())}.`;
    expect(await tokens.verify(unsigned)).toEqual({ ok: false, reason: "wrong_algorithm" });
    expect(await tokens.verify(unsignedWithKid)).toEqual({ ok: false, reason: "wrong_algorithm" });
    expect(await tokens.verify(noneCased)).toEqual({ ok: false, reason: "wrong_algorithm" });
  });

  it("refuses HS512 even when signed with the right secret", async () => {
    const { kid, secret } = ring.current();
    const hs256 = handSigned({ alg: "HS256", kid, typ: "JWT" }, validPayload(), secret);
    const hs512 = handSigned({ alg: "HS512", kid, typ: "JWT" }, validPayload(), secret, "sha512");
    expect(await tokens.verify(hs256)).toMatchObject({ ok: true });
    expect(await tokens.verify(hs512)).toEqual({ ok: false, reason: "wrong_algorithm" });
  });

  it("refuses a tampered payload or signature", async () => {
    const { token } = await tokens.mint({ connectorId: "conn-1", subject: "sub-1" });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, "base64url").toString());
    const otherSubject = encode({ ...claims, sub: "someone-else" });
    const longerLife = encode({ ...claims, exp: claims.exp + 3600 });
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    expect(await tokens.verify(`${header}.${otherSubject}.${signature}`)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(await tokens.verify(`${header}.${longerLife}.${signature}`)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(await tokens.verify(`${header}.${payload}.${flipped}`)).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("refuses a signature of the wrong length", async () => {
    const { token } = await tokens.mint({ connectorId: "c", subject: "s" });
    const [header, payload, signature] = token.split(".") as [string, string, string];
    for (const bad of [signature.slice(0, -1), `${signature}AA`, "", "AAAA"]) {
      expect(await tokens.verify(`${header}.${payload}.${bad}`)).toEqual({
        ok: false,
        reason: "bad_signature",
      });
    }
  });

  it("refuses critical header extensions it cannot know", async () => {
    const { kid, secret } = ring.current();
    const header = { alg: "HS256", kid, crit: ["exp"], exp: 1 };
    const token = handSigned(header, validPayload(), secret);
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a token signed with another secret under a known kid", async () => {
    const forged = handSigned(
      { alg: "HS256", kid: ring.current().kid },
      validPayload(),
      "c2VjcmV0",
    );
    expect(await tokens.verify(forged)).toEqual({ ok: false, reason: "bad_signature" });
  });

  it("refuses an unknown kid, and a token without one", async () => {
    const { secret } = ring.current();
    const unknown = handSigned({ alg: "HS256", kid: "not-a-key" }, validPayload(), secret);
    const missing = handSigned({ alg: "HS256" }, validPayload(), secret);
    expect(await tokens.verify(unknown)).toEqual({ ok: false, reason: "unknown_key" });
    expect(await tokens.verify(missing)).toEqual({ ok: false, reason: "unknown_key" });
  });

  it("refuses another cluster's token even when it shares our keys", async () => {
    const other = new AccessTokens(ring, { cluster: "eu-2", expiresInSeconds: EXPIRES_IN, now });
    const { token } = await other.mint({ connectorId: "c", subject: "s" });
    expect(await other.verify(token)).toMatchObject({ ok: true });
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: "wrong_cluster" });
    const otherIssuer = new AccessTokens(ring, {
      cluster: "local",
      issuer: "x",
      expiresInSeconds: 60,
      now,
    });
    const foreign = await otherIssuer.mint({ connectorId: "c", subject: "s" });
    expect(await tokens.verify(foreign.token)).toEqual({ ok: false, reason: "wrong_cluster" });
  });

  it.each(["sub", "cid", "cluster", "iss", "iat", "exp", "jti"])(
    "refuses a correctly signed token without %s",
    async (claim) => {
      const { kid, secret } = ring.current();
      const payload = validPayload();
      delete payload[claim];
      const token = handSigned({ alg: "HS256", kid }, payload, secret);
      expect(await tokens.verify(token)).toEqual({ ok: false, reason: "malformed" });
    },
  );

  it.each([
    ["a string exp", { exp: "9999999999" }],
    ["a fractional exp", { exp: 1.5e9 + 0.5 }],
    ["an empty subject", { sub: "" }],
    ["a numeric connector", { cid: 42 }],
  ])("refuses a correctly signed token with %s", async (_, overrides) => {
    const { kid, secret } = ring.current();
    const token = handSigned({ alg: "HS256", kid }, validPayload(overrides), secret);
    expect(await tokens.verify(token)).toEqual({ ok: false, reason: "malformed" });
  });

  it("refuses a correctly signed payload that is not a JSON object", async () => {
    const { kid, secret } = ring.current();
    for (const payload of [[1, 2], "text", null]) {
      const token = handSigned({ alg: "HS256", kid }, payload, secret);
      expect(await tokens.verify(token)).toEqual({ ok: false, reason: "malformed" });
    }
  });

  it.each([
    "",
    "garbage",
    "a.b",
    "a.b.c.d",
    "...",
    "!!!.???.***",
    "eyJhbGciOiJIUzI1NiJ9",
    `${Buffer.from("not json").toString("base64url")}.e30.sig`,
    `${encode(["HS256"])}.e30.sig`,
    `${encode({ typ: "JWT" })}.e30.sig`,
    `${encode({ alg: 256 })}.e30.sig`,
    `${"a".repeat(5000)}.b.c`,
  ])("calls %j malformed", async (garbage) => {
    expect(await tokens.verify(garbage)).toEqual({ ok: false, reason: "malformed" });
  });

  it("calls non-string input malformed instead of throwing", async () => {
    for (const value of [undefined, null, 42, {}, ["a.b.c"]]) {
      expect(await tokens.verify(value as unknown as string)).toEqual({
        ok: false,
        reason: "malformed",
      });
    }
  });

  it("does not read the store to verify a token of a known key", async () => {
    const { token } = await tokens.mint({ connectorId: "c", subject: "s" });
    const readsBefore = store.reads;
    for (let i = 0; i < 5; i += 1) expect(await tokens.verify(token)).toMatchObject({ ok: true });
    expect(store.reads).toBe(readsBefore);
  });

  it("verifies tokens signed by a key another process rotated to", async () => {
    const elsewhereRing = new KeyRing(store, { now });
    const elsewhere = new AccessTokens(elsewhereRing, {
      cluster: "local",
      expiresInSeconds: 60,
      now,
    });
    await elsewhereRing.rotate();
    const { token } = await elsewhere.mint({ connectorId: "c", subject: "s" });
    expect(await tokens.verify(token)).toMatchObject({ ok: true, claims: { subject: "s" } });
  });
});

describe("AccessTokens.verify: issue time and signature spelling", () => {
  it("accepts an iat up to the clock skew in the future and refuses one second more", async () => {
    const { kid, secret } = ring.current();
    const nowSeconds = Math.floor(clock.ms / 1000);
    const issuedAt = (iat: number) =>
      handSigned({ alg: "HS256", kid }, validPayload({ iat, exp: iat + 600 }), secret);
    expect(await tokens.verify(issuedAt(nowSeconds + 60))).toMatchObject({ ok: true });
    expect(await tokens.verify(issuedAt(nowSeconds + 61))).toEqual({
      ok: false,
      reason: "issued_in_future",
    });
    expect(await tokens.verify(issuedAt(nowSeconds + 10 * 365 * 86_400))).toEqual({
      ok: false,
      reason: "issued_in_future",
    });
  });

  it("takes the allowed skew from its options", async () => {
    const strict = new AccessTokens(ring, {
      cluster: "local",
      expiresInSeconds: EXPIRES_IN,
      maxClockSkewSeconds: 0,
      now,
    });
    const { kid, secret } = ring.current();
    const iat = Math.floor(clock.ms / 1000) + 1;
    const ahead = handSigned({ alg: "HS256", kid }, validPayload({ iat }), secret);
    expect(await strict.verify(ahead)).toEqual({ ok: false, reason: "issued_in_future" });
  });

  it("refuses every other spelling of the signature's last character", async () => {
    const { token } = await tokens.mint({ connectorId: "conn-1", subject: "sub-1" });
    const cut = token.length - 1;
    const last = token[cut] as string;
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    // 43 characters carry 258 bits for a 256-bit MAC: the last one's low 2 bits are padding.
    const sameBytes = [...alphabet].filter(
      (c) =>
        c !== last &&
        Buffer.from(`${token.slice(token.lastIndexOf(".") + 1, cut)}${c}`, "base64url").equals(
          Buffer.from(token.slice(token.lastIndexOf(".") + 1), "base64url"),
        ),
    );
    expect(sameBytes).toHaveLength(3);
    for (const c of sameBytes) {
      expect(await tokens.verify(`${token.slice(0, cut)}${c}`)).toEqual({
        ok: false,
        reason: "bad_signature",
      });
    }
    expect(await tokens.verify(token)).toMatchObject({ ok: true });
  });
});
