// The signing key ring: first key, rotation, lookup by kid across processes, dropping old keys.
import { describe, expect, it } from "vitest";
import {
  AccessTokens,
  KeyRing,
  type SigningKeyStore,
  type StoredSigningKey,
} from "../../src/auth/index.js";
import type { Store } from "../../src/core/ports.js";

// Compile-time check that the real Store fits where the key ring expects its store.
const storeFitsKeyRing: (store: Store) => SigningKeyStore = (store) => store;
void storeFitsKeyRing;

/** An in-memory store keeping the `Store` signing-key contract, counting reads. */
class FakeKeyStore implements SigningKeyStore {
  keys: StoredSigningKey[] = [];
  reads = 0;
  async listSigningKeys(): Promise<StoredSigningKey[]> {
    this.reads += 1;
    return [...this.keys].sort((a, b) => b.createdAt - a.createdAt).map((key) => ({ ...key }));
  }
  async addSigningKey(key: StoredSigningKey): Promise<void> {
    for (const other of this.keys) other.retiredAt ??= key.createdAt;
    this.keys.push({ ...key });
  }
}

const DAY_MS = 24 * 60 * 60 * 1000;

function clockAt(start: number) {
  const clock = { ms: start, now: () => clock.ms };
  return clock;
}

describe("KeyRing", () => {
  it("generates and stores one HS256 key when the store has none", async () => {
    const store = new FakeKeyStore();
    const ring = new KeyRing(store, { now: () => 1_000 });
    await Promise.all([ring.ensureKey(), ring.ensureKey()]);
    await ring.ensureKey();
    expect(store.keys).toHaveLength(1);
    const key = ring.current();
    expect(key).toEqual(store.keys[0]);
    expect(key.alg).toBe("HS256");
    expect(key.createdAt).toBe(1_000);
    expect(key.retiredAt).toBeNull();
    expect(key.kid).toMatch(/^[A-Za-z0-9_-]{8,16}$/);
    expect(Buffer.from(key.secret, "base64url")).toHaveLength(32);
  });

  it("adopts the key already in the store", async () => {
    const store = new FakeKeyStore();
    await new KeyRing(store).ensureKey();
    const ring = new KeyRing(store);
    await ring.ensureKey();
    expect(store.keys).toHaveLength(1);
    expect(ring.current().kid).toBe(store.keys[0]?.kid);
  });

  it("refuses to hand out a key before ensureKey", () => {
    expect(() => new KeyRing(new FakeKeyStore()).current()).toThrow(/ensureKey/);
  });

  it("rotates to a new current key while the old one still verifies its tokens", async () => {
    const store = new FakeKeyStore();
    const clock = clockAt(1_700_000_000_000);
    const ring = new KeyRing(store, { now: clock.now });
    const tokens = new AccessTokens(ring, {
      cluster: "local",
      expiresInSeconds: 3600,
      now: clock.now,
    });
    await ring.ensureKey();
    const first = ring.current().kid;
    const before = await tokens.mint({ connectorId: "c1", subject: "s1" });

    clock.ms += 1_000;
    const { kid } = await ring.rotate();
    expect(kid).not.toBe(first);
    expect(ring.current().kid).toBe(kid);
    expect(store.keys.find((key) => key.kid === first)?.retiredAt).toBe(clock.ms);

    const after = await tokens.mint({ connectorId: "c1", subject: "s2" });
    expect(
      JSON.parse(Buffer.from(after.token.split(".")[0] ?? "", "base64url").toString()).kid,
    ).toBe(kid);
    expect(await tokens.verify(before.token)).toMatchObject({
      ok: true,
      claims: { subject: "s1" },
    });
    expect(await tokens.verify(after.token)).toMatchObject({ ok: true, claims: { subject: "s2" } });
  });

  it("finds a kid another process added by re-reading the store", async () => {
    const store = new FakeKeyStore();
    const ours = new KeyRing(store);
    const theirs = new KeyRing(store);
    await ours.ensureKey();
    await theirs.ensureKey();
    const { kid } = await theirs.rotate();
    expect((await ours.find(kid))?.kid).toBe(kid);
    expect(ours.current().kid).toBe(kid);
  });

  it("re-reads the store for an unknown kid at most once a second per kid", async () => {
    const store = new FakeKeyStore();
    const clock = clockAt(5_000_000);
    const ring = new KeyRing(store, { now: clock.now });
    await ring.ensureKey();
    const readsBefore = store.reads;

    expect(await ring.find("made-up")).toBeUndefined();
    expect(await ring.find("made-up")).toBeUndefined();
    clock.ms += 999;
    expect(await ring.find("made-up")).toBeUndefined();
    expect(store.reads).toBe(readsBefore + 1);

    expect(await ring.find("another")).toBeUndefined();
    expect(store.reads).toBe(readsBefore + 2);

    clock.ms += 1;
    expect(await ring.find("made-up")).toBeUndefined();
    expect(store.reads).toBe(readsBefore + 3);

    expect(await ring.find(ring.current().kid)).toBeDefined();
    expect(store.reads).toBe(readsBefore + 3);
  });

  it("shares one store read among concurrent lookups of unknown kids", async () => {
    const store = new FakeKeyStore();
    const ring = new KeyRing(store);
    await ring.ensureKey();
    const readsBefore = store.reads;
    await Promise.all(["a", "b", "c", "d", "e"].map((kid) => ring.find(kid)));
    expect(store.reads - readsBefore).toBeLessThanOrEqual(2);
  });

  it("signs with the key another process rotated to once its view is a minute old", async () => {
    const store = new FakeKeyStore();
    const clock = clockAt(10_000_000);
    const ours = new KeyRing(store, { now: clock.now });
    await ours.ensureKey();
    const { kid } = await new KeyRing(store, { now: clock.now }).rotate();
    expect((await ours.signingKey()).kid).not.toBe(kid);
    clock.ms += 60_001;
    expect((await ours.signingKey()).kid).toBe(kid);
  });

  it("drops retired keys once no token they signed can be accepted, even for refresh", async () => {
    const store = new FakeKeyStore();
    const clock = clockAt(1_700_000_000_000);
    const ring = new KeyRing(store, { now: clock.now, maxTokenLifetimeSeconds: 86_400 });
    await ring.ensureKey();
    const old = ring.current().kid;
    await ring.rotate();
    const retiredAt = store.keys.find((key) => key.kid === old)?.retiredAt ?? 0;

    clock.ms = retiredAt + DAY_MS + 7 * DAY_MS;
    await ring.refresh();
    expect(await ring.find(old)).toBeDefined();

    clock.ms += 1;
    await ring.refresh();
    expect(await ring.find(old)).toBeUndefined();
    expect(ring.current().kid).not.toBe(old);
  });

  it("keeps every retired key when no token lifetime is given", async () => {
    const store = new FakeKeyStore();
    const clock = clockAt(1_700_000_000_000);
    const ring = new KeyRing(store, { now: clock.now });
    await ring.ensureKey();
    const old = ring.current().kid;
    await ring.rotate();
    clock.ms += 365 * DAY_MS;
    await ring.refresh();
    expect(await ring.find(old)).toBeDefined();
  });
});
