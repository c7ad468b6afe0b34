// The contract every TurnClaims adapter keeps: one winner per key, leases renewed or taken over once, finished keys kept.
import { afterEach, describe, expect, it } from "vitest";
import type { TurnClaims } from "../../src/core/index.js";

const LEASE = 10_000;
const T0 = 1_000_000;

/**
 * Runs the TurnClaims contract. `make` gives one shared claim store; each call of the returned
 * `connect` is another process's view of it.
 */
export function turnClaimsContract(
  name: string,
  make: () => Promise<{ connect(): TurnClaims; drop(): Promise<void> }>,
) {
  describe(`TurnClaims contract: ${name}`, () => {
    async function processes(n: number): Promise<TurnClaims[]> {
      const shared = await make();
      const views = Array.from({ length: n }, () => shared.connect());
      cleanups.push(shared.drop);
      return views;
    }
    const cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const drop of cleanups.splice(0)) await drop();
    });

    it("lets exactly one of many concurrent claims of a key win, across processes", async () => {
      const [a, b] = await processes(2);
      if (!a || !b) throw new Error("two views");
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).claim("s", "k", T0, LEASE)),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(1);
      expect(await a.claim("s", "k", T0 + LEASE * 5, LEASE)).toBeNull();
    });

    it("keeps keys of different sessions and different keys apart", async () => {
      const [claims] = await processes(1);
      if (!claims) throw new Error("one view");
      expect(await claims.claim("s1", "k", T0, LEASE)).not.toBeNull();
      expect(await claims.claim("s2", "k", T0, LEASE)).not.toBeNull();
      expect(await claims.claim("s1", "k2", T0, LEASE)).not.toBeNull();
      expect(await claims.claim("s1", "k", T0, LEASE)).toBeNull();
    });

    it("drops a session's claims when it is forgotten", async () => {
      const [claims] = await processes(1);
      if (!claims) throw new Error("one view");
      await claims.claim("s", "k", T0, LEASE);
      claims.forget("s");
      await expect.poll(() => claims.claim("s", "k", T0, LEASE).then((l) => l !== null)).toBe(true);
    });

    it("refuses a takeover while the lease is renewed, and answers none for unknown keys", async () => {
      const [a, b] = await processes(2);
      if (!a || !b) throw new Error("two views");
      expect(await b.takeOver("s", "k", T0, LEASE)).toEqual({ state: "none" });
      const lease = await a.claim("s", "k", T0, LEASE);
      expect(await b.takeOver("s", "k", T0 + LEASE - 1, LEASE)).toEqual({
        state: "held",
        until: T0 + LEASE,
      });
      expect(await lease?.renew(T0 + LEASE - 1)).toBe(true);
      expect(await b.takeOver("s", "k", T0 + LEASE + 100, LEASE)).toEqual({
        state: "held",
        until: T0 + 2 * LEASE - 1,
      });
    });

    it("hands an expired lease to exactly one taker, with the message the dead runner began", async () => {
      const [a, b, c] = await processes(3);
      if (!a || !b || !c) throw new Error("three views");
      const dead = await a.claim("s", "k", T0, LEASE);
      await dead?.begin("m-1");
      const later = T0 + LEASE + 1;
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? b : c).takeOver("s", "k", later, LEASE)),
      );
      const taken = results.filter((r) => r.state === "taken");
      expect(taken).toHaveLength(1);
      expect(taken[0]).toMatchObject({ begun: "m-1" });
      expect(results.filter((r) => r.state === "held")).toHaveLength(9);
      // The old runner woke up: it has lost the turn, and can no longer touch the claim.
      expect(await dead?.renew(later)).toBe(false);
      await dead?.begin("m-2");
      await dead?.finish();
      const taker = taken[0]?.state === "taken" ? taken[0].lease : undefined;
      expect(await taker?.renew(later + 1)).toBe(true);
      await taker?.finish();
      expect(await b.takeOver("s", "k", later + LEASE * 10, LEASE)).toEqual({ state: "done" });
    });

    it("never takes over a finished turn, and a new claim of its key still loses", async () => {
      const [a, b] = await processes(2);
      if (!a || !b) throw new Error("two views");
      const lease = await a.claim("s", "k", T0, LEASE);
      await lease?.finish();
      expect(await b.takeOver("s", "k", T0 + LEASE * 3, LEASE)).toEqual({ state: "done" });
      expect(await b.claim("s", "k", T0 + LEASE * 3, LEASE)).toBeNull();
      expect(await lease?.renew(T0 + 1)).toBe(false);
    });
  });
}
