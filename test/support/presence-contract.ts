// The contract every VisitorPresenceStore adapter keeps: two "processes" on one backend, erasure, dead processes.
import { afterEach, describe, expect, it } from "vitest";
import type { Store, VisitorPresenceStore, VisitorSessionStore } from "../../src/core/index.js";
import { createSession, T0 } from "./store-contract/fixtures.js";

/** One shared backend: the store holding sessions, and two adapters on it (two processes). */
export interface PresenceBackend {
  store: Store;
  a: VisitorPresenceStore;
  b: VisitorPresenceStore;
  /** Visitor sessions through each of the two processes. */
  links: [VisitorSessionStore, VisitorSessionStore];
  /** Removes what the case stored. */
  drop(): Promise<void>;
}

const TTL = 60_000;

/** Runs the VisitorPresenceStore contract against adapters made by `backend()`. */
export function presenceContract(name: string, backend: () => Promise<PresenceBackend>) {
  describe(`VisitorPresenceStore contract: ${name}`, () => {
    const drops: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const drop of drops.splice(0)) await drop();
    });
    const open = async () => {
      const b = await backend();
      drops.push(b.drop);
      return b;
    };

    it("is offline with no time for a session that never connected, and answers every asked id", async () => {
      const { store, a } = await open();
      const id = await createSession(store);
      const presence = await a.presenceOf([id, "no-such-session"], T0 - TTL);
      expect(presence.get(id)).toEqual({ online: false, since: null });
      expect(presence.get("no-such-session")).toEqual({ online: false, since: null });
    });

    it("is online while any process holds a connection, offline since the last one closed", async () => {
      const { store, a, b } = await open();
      const id = await createSession(store);
      await a.opened(id, "h1", T0 + 1000);
      await b.opened(id, "h2", T0 + 2000);
      expect((await b.presenceOf([id], T0)).get(id)).toEqual({ online: true, since: T0 + 1000 });
      await a.closed(id, "h1", T0 + 3000, T0 + 3000 - TTL);
      expect((await b.presenceOf([id], T0)).get(id)).toEqual({ online: true, since: T0 + 2000 });
      await b.closed(id, "h2", T0 + 4000, T0 + 4000 - TTL);
      expect((await a.presenceOf([id], T0)).get(id)).toEqual({ online: false, since: T0 + 4000 });
      // Back again in another tab.
      await a.opened(id, "h3", T0 + 9000);
      expect((await b.presenceOf([id], T0)).get(id)).toEqual({ online: true, since: T0 + 9000 });
    });

    it("stops counting a connection whose process died once its refreshes stop", async () => {
      const { store, a, b } = await open();
      const id = await createSession(store);
      const other = await createSession(store);
      await a.opened(id, "dies", T0);
      await b.opened(other, "lives", T0);
      await a.refresh(["dies"], T0 + 20_000);
      await b.refresh(["lives"], T0 + 20_000);
      await b.refresh(["lives"], T0 + 70_000);
      const now = T0 + 90_000;
      const presence = await b.presenceOf([id, other], now - TTL);
      expect(presence.get(id)).toEqual({ online: false, since: T0 + 20_000 });
      expect(presence.get(other)).toEqual({ online: true, since: T0 });
    });

    it("does not reopen a closed connection on refresh, and a repeated close changes nothing", async () => {
      const { store, a } = await open();
      const id = await createSession(store);
      await a.opened(id, "h1", T0);
      await a.closed(id, "h1", T0 + 500, T0 + 500 - TTL);
      await a.refresh(["h1"], T0 + 600);
      await a.closed(id, "h1", T0 + 700, T0 + 700 - TTL);
      expect((await a.presenceOf([id], T0)).get(id)).toEqual({ online: false, since: T0 + 500 });
    });

    it("keeps only what it needs: older closed connections go, the offline time stays", async () => {
      const { store, a } = await open();
      const id = await createSession(store);
      for (let i = 0; i < 5; i += 1) {
        await a.opened(id, `h${i}`, T0 + i * 1000);
        await a.closed(id, `h${i}`, T0 + i * 1000 + 500, T0 + i * 1000 + 500 - TTL);
      }
      expect((await a.presenceOf([id], T0)).get(id)).toEqual({
        online: false,
        since: T0 + 4500,
      });
    });

    it("goes with its session: an erased session has no presence and takes no new rows", async () => {
      const { store, a } = await open();
      const id = await createSession(store);
      await a.opened(id, "h1", T0);
      expect(await store.deleteSession(id)).toBe(true);
      expect((await a.presenceOf([id], T0)).get(id)).toEqual({ online: false, since: null });
      await a.opened(id, "h2", T0 + 1);
      expect((await a.presenceOf([id], T0)).get(id)).toEqual({ online: false, since: null });
    });

    it("lists a visitor's sessions of one connector, newest first, to every process; erased ones go", async () => {
      const { store, links } = await open();
      const [a, b] = links;
      const v = "visitor-0123456789abcdefghij";
      const first = await createSession(store, { connectorId: "conn-1", createdAt: T0 });
      const second = await createSession(store, { connectorId: "conn-1", createdAt: T0 + 10 });
      const elsewhere = await createSession(store, { connectorId: "conn-2", createdAt: T0 + 20 });
      const stranger = await createSession(store, { connectorId: "conn-1", createdAt: T0 + 30 });
      await a.linkVisitor({
        sessionId: first,
        connectorId: "conn-1",
        visitorId: v,
        pageUrl: null,
        referrer: null,
        createdAt: T0,
      });
      await b.linkVisitor({
        sessionId: second,
        connectorId: "conn-1",
        visitorId: v,
        pageUrl: null,
        referrer: null,
        createdAt: T0 + 10,
      });
      await a.linkVisitor({
        sessionId: elsewhere,
        connectorId: "conn-2",
        visitorId: v,
        pageUrl: null,
        referrer: null,
        createdAt: T0 + 20,
      });
      await a.linkVisitor({
        sessionId: stranger,
        connectorId: "conn-1",
        visitorId: "someone-else-0123456789ab",
        pageUrl: "https://shop.example/cart",
        referrer: null,
        createdAt: T0 + 30,
      });
      // Linking again changes nothing.
      await b.linkVisitor({
        sessionId: first,
        connectorId: "conn-1",
        visitorId: v,
        pageUrl: null,
        referrer: null,
        createdAt: T0,
      });
      expect(await b.sessionsOfVisitor("conn-1", v, 10)).toEqual([second, first]);
      expect(await a.sessionsOfVisitor("conn-1", v, 1)).toEqual([second]);
      expect(await a.sessionsOfVisitor("conn-2", v, 10)).toEqual([elsewhere]);
      expect(await b.originOf(stranger)).toEqual({
        sessionId: stranger,
        connectorId: "conn-1",
        visitorId: "someone-else-0123456789ab",
        pageUrl: "https://shop.example/cart",
        referrer: null,
        createdAt: T0 + 30,
      });
      expect(await b.originOf(await createSession(store))).toBeUndefined();
      expect(await store.deleteSession(second)).toBe(true);
      expect(await a.originOf(second)).toBeUndefined();
      expect(await a.sessionsOfVisitor("conn-1", v, 10)).toEqual([first]);
      await a.linkVisitor({
        sessionId: second,
        connectorId: "conn-1",
        visitorId: v,
        pageUrl: null,
        referrer: null,
        createdAt: T0,
      });
      expect(await b.sessionsOfVisitor("conn-1", v, 10)).toEqual([first]);
    });
  });
}
