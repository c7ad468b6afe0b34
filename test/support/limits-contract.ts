// The contract every Limits adapter keeps: atomic token buckets and slot groups shared by processes.
import { afterEach, describe, expect, it } from "vitest";
import type { Limits, RateRule } from "../../src/core/index.js";

const T0 = 1_000_000;
const RULE: RateRule = { name: "msgs", perSecond: 2, burst: 5 };

/** Runs the Limits contract; each `connect` is another process's view of one shared store. */
export function limitsContract(
  name: string,
  make: () => Promise<{ connect(): Limits; drop(): Promise<void> }>,
) {
  describe(`Limits contract: ${name}`, () => {
    const drops: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const drop of drops.splice(0)) await drop();
    });
    async function views(n: number): Promise<Limits[]> {
      const shared = await make();
      drops.push(shared.drop);
      return Array.from({ length: n }, () => shared.connect());
    }

    it("allows exactly the burst of many concurrent takes across processes, then says how long to wait", async () => {
      const [a, b] = await views(2);
      if (!a || !b) throw new Error("two views");
      const waits = await Promise.all(
        Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).take(RULE, "s1", T0)),
      );
      expect(waits.filter((w) => w === 0)).toHaveLength(5);
      expect(waits.filter((w) => w > 0).every((w) => w === 500)).toBe(true);
      // Half a second later one token is back (2 per second), and only one.
      expect(await a.take(RULE, "s1", T0 + 500)).toBe(0);
      expect(await b.take(RULE, "s1", T0 + 500)).toBeGreaterThan(0);
      // Another key and another rule have their own buckets.
      expect(await a.take(RULE, "s2", T0)).toBe(0);
      expect(await a.take({ ...RULE, name: "other" }, "s1", T0)).toBe(0);
    });

    it("refills a bucket up to its burst, never beyond", async () => {
      const [a] = await views(1);
      if (!a) throw new Error("one view");
      for (let i = 0; i < 5; i++) expect(await a.take(RULE, "k", T0)).toBe(0);
      const later = T0 + 3_600_000;
      const waits = await Promise.all(Array.from({ length: 7 }, () => a.take(RULE, "k", later)));
      expect(waits.filter((w) => w === 0)).toHaveLength(5);
    });

    it("holds at most max slots of a group across processes, and a released slot is free again", async () => {
      const [a, b] = await views(2);
      if (!a || !b) throw new Error("two views");
      const got = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).acquire("g", `h${i}`, 3, T0, 60_000)),
      );
      expect(got.filter(Boolean)).toHaveLength(3);
      const holder = `h${got.indexOf(true)}`;
      // Acquiring again as a holder that has a slot keeps it (no second slot).
      expect(await a.acquire("g", holder, 3, T0, 60_000)).toBe(true);
      expect(await a.acquire("g", "new", 3, T0, 60_000)).toBe(false);
      await b.release("g", holder);
      expect(await a.acquire("g", "new", 3, T0, 60_000)).toBe(true);
      expect(await a.acquire("other-group", "x", 3, T0, 60_000)).toBe(true);
    });

    it("frees the slots of a holder that stopped refreshing, and keeps refreshed ones", async () => {
      const [a, b] = await views(2);
      if (!a || !b) throw new Error("two views");
      expect(await a.acquire("g", "alive", 2, T0, 10_000)).toBe(true);
      expect(await a.acquire("g", "dead", 2, T0, 10_000)).toBe(true);
      expect(await b.acquire("g", "late", 2, T0 + 5000, 10_000)).toBe(false);
      await a.refresh("g", "alive", T0 + 8000, 10_000);
      expect(await b.acquire("g", "late", 2, T0 + 10_000, 10_000)).toBe(true);
      expect(await b.acquire("g", "later", 2, T0 + 17_000, 10_000)).toBe(false);
      // Refreshing a slot that expired does not bring it back.
      await a.refresh("g", "dead", T0 + 17_000, 10_000);
      expect(await b.acquire("g", "later", 2, T0 + 18_001, 10_000)).toBe(true);
    });
  });
}
