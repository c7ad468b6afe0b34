// The contract every TurnClaims adapter keeps: one winner per session and key, forgotten on demand.
import { describe, expect, it } from "vitest";
import type { TurnClaims } from "../../src/core/index.js";

/** Runs the TurnClaims contract against adapters made by `make`. */
export function turnClaimsContract(name: string, make: () => TurnClaims | Promise<TurnClaims>) {
  describe(`TurnClaims contract: ${name}`, () => {
    it("lets exactly one of many concurrent claims of a key win", async () => {
      const claims = await make();
      const results = await Promise.all(Array.from({ length: 20 }, () => claims.claim("s", "k")));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it("keeps keys of different sessions and different keys apart", async () => {
      const claims = await make();
      expect(await claims.claim("s1", "k")).toBe(true);
      expect(await claims.claim("s2", "k")).toBe(true);
      expect(await claims.claim("s1", "k2")).toBe(true);
      expect(await claims.claim("s1", "k")).toBe(false);
    });

    it("drops a session's claims when it is forgotten", async () => {
      const claims = await make();
      await claims.claim("s", "k");
      claims.forget("s");
      expect(await claims.claim("s", "k")).toBe(true);
    });
  });
}
