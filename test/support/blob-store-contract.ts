// The BlobStore contract suite: every adapter runs these same cases against a real backend.
import { describe, expect, it } from "vitest";
import type { BlobStore } from "../../src/core/index.js";

/** Registers the cases for one adapter; `open` gives each case an empty store. */
export function describeBlobStoreContract(name: string, open: () => Promise<BlobStore>): void {
  describe(`BlobStore contract: ${name}`, () => {
    it("gives back exactly the bytes put, binary and empty alike, and undefined for a missing key", async () => {
      const store = await open();
      const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
      await store.put("s1/f1", bytes, "image/png");
      await store.put("s1/empty", new Uint8Array(), "text/plain");
      expect(await store.get("s1/f1")).toEqual(bytes);
      expect(await store.get("s1/empty")).toEqual(new Uint8Array());
      expect(await store.get("s1/none")).toBeUndefined();
      // A second put replaces the first.
      await store.put("s1/f1", new Uint8Array([1, 2, 3]), "image/png");
      expect(await store.get("s1/f1")).toEqual(new Uint8Array([1, 2, 3]));
    });

    it("deletes one blob, and every blob of a session, idempotently", async () => {
      const store = await open();
      for (const key of ["s1/a", "s1/b", "s2/a"])
        await store.put(key, new Uint8Array([7]), "text/plain");
      await store.delete("s1/a");
      await store.delete("s1/a");
      expect(await store.get("s1/a")).toBeUndefined();
      await store.deleteSession("s1");
      await store.deleteSession("s1");
      expect(await store.get("s1/b")).toBeUndefined();
      expect(await store.get("s2/a")).toEqual(new Uint8Array([7]));
    });

    it("refuses keys that could leave their session's place", async () => {
      const store = await open();
      for (const bad of ["../x", "s1/../../etc", "s1/a/b", "/abs", "s1/..", "s1/", "s 1/a"]) {
        await expect(store.put(bad, new Uint8Array([1]), "text/plain")).rejects.toThrow();
        await expect(store.get(bad)).rejects.toThrow();
      }
      await expect(store.deleteSession("..")).rejects.toThrow();
    });
  });
}
