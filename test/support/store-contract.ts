// The Store contract suite: every Store adapter runs these same cases against a real backend.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Store } from "../../src/core/ports.js";
import { deskCases } from "./store-contract/desk-cases.js";
import { eventCases } from "./store-contract/event-cases.js";
import { fileCases } from "./store-contract/file-cases.js";
import { createSession, newEvent, type StoreHarness } from "./store-contract/fixtures.js";
import { handoffCases } from "./store-contract/handoff-cases.js";
import { inboxCases } from "./store-contract/inbox-cases.js";
import { offlineCases } from "./store-contract/offline-cases.js";
import { ratingCases } from "./store-contract/rating-cases.js";
import { readCases } from "./store-contract/read-cases.js";
import { recordCases } from "./store-contract/record-cases.js";
import { sessionCases } from "./store-contract/session-cases.js";

export type { StoreHarness } from "./store-contract/fixtures.js";

/**
 * Registers the contract cases for one adapter. `makeStore` gives each case a fresh, empty
 * store and a `cleanup`; when it also gives `reopen`, the durability cases check the data
 * after close as well.
 */
export function describeStoreContract(name: string, makeStore: () => Promise<StoreHarness>): void {
  describe(`Store contract: ${name}`, () => {
    let harness: StoreHarness | undefined;
    const store = (): Store => {
      if (harness === undefined) throw new Error("no store: makeStore did not run");
      return harness.store;
    };

    beforeEach(async () => {
      harness = await makeStore();
    });
    afterEach(async () => {
      await harness?.cleanup();
      harness = undefined;
    });

    describe("sessions and appends", () => eventCases(store));
    describe("reads", () => readCases(store));
    describe("listing and erasing sessions", () => sessionCases(store));
    describe("agents, connectors and signing keys", () => recordCases(store));
    describe("queues and desk users", () => deskCases(store));
    describe("handoffs", () => handoffCases(store));
    describe("conversation ratings", () => ratingCases(store));
    describe("inbox and message search", () => inboxCases(store));
    describe("offline messages", () => offlineCases(store));
    describe("attached files", () => fileCases(store));
    describe("lifecycle", () => lifecycleCases(() => harness));
  });
}

function lifecycleCases(current: () => StoreHarness | undefined): void {
  const harness = (): StoreHarness => {
    const h = current();
    if (h === undefined) throw new Error("no store: makeStore did not run");
    return h;
  };

  it("ping resolves while open and rejects after close", async () => {
    await expect(harness().store.ping()).resolves.toBeUndefined();
    await harness().store.close();
    await expect(harness().store.ping()).rejects.toThrow();
    await harness().store.close(); // a second close is harmless
  });

  it("close finishes appends fired without awaiting; all are there after reopening", async () => {
    const { store, reopen } = harness();
    const id = await createSession(store);
    const events = Array.from({ length: 50 }, () => newEvent());
    const appends = events.map((e) => store.append(id, [e]));
    await store.close();

    const settled = await Promise.allSettled(appends);
    expect(settled.every((s) => s.status === "fulfilled")).toBe(true);
    if (reopen === undefined) return;
    const reopened = await reopen();
    try {
      const stored = await reopened.readEvents(id, 1, 1000);
      expect(stored.map((e) => [e.id, e.sequence])).toEqual(events.map((e, i) => [e.id, i + 2]));
      expect((await reopened.getSession(id))?.lastSequence).toBe(51);
    } finally {
      await reopened.close();
    }
  });
}
