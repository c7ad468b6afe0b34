// The contract of the verified-context, context-key and Chat API ports, run against each real store.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  ChatApiStore,
  ContextKeyRecord,
  ContextKeyStore,
  SessionContextStore,
} from "../../src/core/ports.js";
import type { PortHarness } from "./port-harness.js";
import { createSession, T0 } from "./store-contract/fixtures.js";

/** The three ports, as one adapter object or several. */
export type VisitorPorts = ContextKeyStore & SessionContextStore & ChatApiStore;

function key(overrides: Partial<ContextKeyRecord> = {}): ContextKeyRecord {
  return {
    connectorId: "conn-1",
    kid: "k1",
    sealedSecret: `v1.sealed.${Math.random().toString(36).slice(2)}`,
    createdAt: T0,
    expiresAt: null,
    ...overrides,
  };
}

/** Registers the cases for one adapter; `make` gives each case fresh, empty ports. */
export function describeVisitorPortsContract(
  name: string,
  make: () => Promise<PortHarness<VisitorPorts>>,
): void {
  describe(`verified context and Chat API ports: ${name}`, () => {
    let h: PortHarness<VisitorPorts>;
    beforeEach(async () => {
      h = await make();
    });
    afterEach(() => h.cleanup());

    describe("context keys", () => {
      it("lists a connector's secrets exactly as stored, newest first, ties by insertion", async () => {
        const a = key({ kid: "a", createdAt: T0 });
        const b = key({ kid: "b", createdAt: T0 + 5 });
        const c = key({ kid: "c", createdAt: T0 + 5 });
        for (const k of [a, b, c]) expect(await h.ports.addContextKey(k)).toBe(true);
        await h.ports.addContextKey(key({ connectorId: "conn-2", kid: "a" }));
        expect(await h.ports.listContextKeys("conn-1")).toEqual([c, b, a]);
        expect(await h.ports.listContextKeys("nobody")).toEqual([]);
      });

      it("refuses a kid the connector already has, whichever process adds it", async () => {
        expect(await h.ports.addContextKey(key())).toBe(true);
        expect(await h.ports.addContextKey(key())).toBe(false);
        expect(await (h.other ?? h.ports).addContextKey(key())).toBe(false);
        expect(await h.ports.addContextKey(key({ connectorId: "conn-2" }))).toBe(true);
      });

      it("of concurrent adds of one kid exactly one wins", async () => {
        const adders = [h.ports, h.other ?? h.ports];
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            adders[i % 2]?.addContextKey(key({ createdAt: T0 + i })),
          ),
        );
        expect(results.filter((r) => r === true)).toHaveLength(1);
        expect(await h.ports.listContextKeys("conn-1")).toHaveLength(1);
      });

      it("rotation adds the current secret and gives the others the overlap expiry, never a later one", async () => {
        const first = key({ createdAt: T0 });
        await h.ports.addContextKey(first);
        const soon = key({ createdAt: T0 + 1, expiresAt: T0 + 100 });
        await h.ports.rotateContextKey(soon, T0 + 100);
        const current = key({ createdAt: T0 + 2 });
        await h.ports.rotateContextKey(current, T0 + 500);
        expect(await h.ports.listContextKeys("conn-1")).toEqual([
          current,
          { ...soon, expiresAt: T0 + 100 },
          { ...first, expiresAt: T0 + 100 },
        ]);
        // Another kid is untouched.
        const other = key({ kid: "k2" });
        await h.ports.addContextKey(other);
        await h.ports.rotateContextKey(key({ createdAt: T0 + 3 }), T0 + 50);
        expect((await h.ports.listContextKeys("conn-1")).find((k) => k.kid === "k2")).toEqual(
          other,
        );
      });

      it("concurrent rotations from two processes leave exactly one current secret", async () => {
        await h.ports.addContextKey(key());
        const rotators = [h.ports, h.other ?? h.ports];
        await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            rotators[i % 2]?.rotateContextKey(key({ createdAt: T0 + 10 + i }), T0 + 1000 + i),
          ),
        );
        const secrets = await h.ports.listContextKeys("conn-1");
        expect(secrets).toHaveLength(7);
        expect(secrets.filter((k) => k.expiresAt === null)).toHaveLength(1);
      });

      it("deletes every secret of a key and purges only expired ones", async () => {
        await h.ports.addContextKey(key());
        await h.ports.rotateContextKey(key({ createdAt: T0 + 1 }), T0 + 10);
        await h.ports.addContextKey(key({ kid: "k2", expiresAt: T0 + 20 }));
        await h.ports.addContextKey(key({ kid: "k3" }));
        expect(await h.ports.purgeExpiredContextKeys(T0 + 15)).toBe(1);
        expect((await h.ports.listContextKeys("conn-1")).map((k) => k.kid).sort()).toEqual([
          "k1",
          "k2",
          "k3",
        ]);
        expect(await h.ports.deleteContextKey("conn-1", "k2")).toBe(true);
        expect(await h.ports.deleteContextKey("conn-1", "k2")).toBe(false);
        expect(await h.ports.purgeExpiredContextKeys(T0 + 15)).toBe(0);
        expect((await h.ports.listContextKeys("conn-1")).map((k) => k.kid)).toEqual(["k1", "k3"]);
      });
    });

    describe("session facts", () => {
      it("replaces verified context wholly and leaves the attributes alone, and the reverse", async () => {
        const id = await createSession(h.store);
        expect(await h.ports.getSessionContext(id)).toBeUndefined();
        await h.ports.setIntegrationAttributes(id, { first_name: "Lin", n: 3 });
        await h.ports.setVerifiedContext(id, { tier: "gold", vip: true, age: null }, T0 + 1);
        await h.ports.setVerifiedContext(id, { name: "Lin Ōta" }, T0 + 2);
        expect(await h.ports.getSessionContext(id)).toEqual({
          sessionId: id,
          verified: { name: "Lin Ōta" },
          verifiedAt: T0 + 2,
          attributes: { first_name: "Lin", n: 3 },
        });
        await h.ports.setIntegrationAttributes(id, null);
        const read = await (h.other ?? h.ports).getSessionContext(id);
        expect(read).toEqual({
          sessionId: id,
          verified: { name: "Lin Ōta" },
          verifiedAt: T0 + 2,
          attributes: null,
        });
      });

      it("refuses facts for a session that does not exist", async () => {
        await expect(h.ports.setVerifiedContext("no-such-session", { a: 1 }, T0)).rejects.toThrow();
        expect(await h.ports.getSessionContext("no-such-session")).toBeUndefined();
      });

      it("erases the facts and the conversation with their session, deleted or purged", async () => {
        const deleted = await createSession(h.store);
        const purged = await createSession(h.store);
        for (const id of [deleted, purged]) {
          await h.ports.setVerifiedContext(id, { a: 1 }, T0);
          await h.ports.createChatConversation({
            sessionId: id,
            accountId: "acme",
            channel: "sms",
            variantId: null,
            cursor: 1,
          });
        }
        await h.store.deleteSession(deleted);
        const ended = await h.store.append(purged, [], { state: "ended", endedAt: T0 + 1 });
        expect(ended.ok).toBe(true);
        expect(await h.store.purgeEndedBefore(T0 + 2)).toBe(1);
        for (const id of [deleted, purged]) {
          expect(await h.ports.getSessionContext(id)).toBeUndefined();
          expect(await h.ports.getChatConversation(id)).toBeUndefined();
        }
      });
    });

    describe("Chat API records", () => {
      const apiKey = (id: string, createdAt = T0, accountId = "acme") => ({
        id,
        accountId,
        keyHash: `hash-${id}`,
        createdAt,
        expiresAt: null,
      });

      it("finds keys by hash and lists an account's newest first", async () => {
        for (const k of [
          apiKey("a"),
          apiKey("b", T0 + 1),
          apiKey("c", T0 + 1),
          apiKey("d", T0, "other"),
        ])
          await h.ports.createApiKey(k);
        expect(await (h.other ?? h.ports).getApiKeyByHash("hash-b")).toEqual(apiKey("b", T0 + 1));
        expect(await h.ports.getApiKeyByHash("hash-zz")).toBeUndefined();
        expect((await h.ports.listApiKeys("acme")).map((k) => k.id)).toEqual(["c", "b", "a"]);
        await expect(h.ports.createApiKey({ ...apiKey("e"), keyHash: "hash-a" })).rejects.toThrow();
      });

      it("expires a key, never later than it already does, and deletes it", async () => {
        await h.ports.createApiKey(apiKey("a"));
        expect(await h.ports.expireApiKey("acme", "a", T0 + 100)).toBe(true);
        expect(await h.ports.expireApiKey("acme", "a", T0 + 900)).toBe(true);
        expect((await h.ports.getApiKeyByHash("hash-a"))?.expiresAt).toBe(T0 + 100);
        expect(await h.ports.expireApiKey("acme", "a", T0 + 50)).toBe(true);
        expect((await h.ports.getApiKeyByHash("hash-a"))?.expiresAt).toBe(T0 + 50);
        expect(await h.ports.expireApiKey("other", "a", T0)).toBe(false);
        expect(await h.ports.deleteApiKey("other", "a")).toBe(false);
        expect(await h.ports.deleteApiKey("acme", "a")).toBe(true);
        expect(await h.ports.listApiKeys("acme")).toEqual([]);
      });

      it("gives a conversation's hold to one caller of any process at a time, until it expires or is released", async () => {
        const id = await createSession(h.store);
        await h.ports.createChatConversation({
          sessionId: id,
          accountId: "acme",
          channel: "api",
          variantId: null,
          cursor: 1,
        });
        const takers = Array.from({ length: 8 }, (_, i) =>
          (i % 2 ? (h.other ?? h.ports) : h.ports).holdChatConversation(id, `c${i}`, T0, T0 + 100),
        );
        const taken = await Promise.all(takers);
        expect(taken.filter(Boolean)).toHaveLength(1);
        const winner = `c${taken.indexOf(true)}`;
        const loser = winner === "c0" ? "c1" : "c0";
        expect(await h.ports.holdChatConversation(id, loser, T0 + 99, T0 + 200)).toBe(false);
        // The holder renews; another takes it only once it expired.
        expect(await h.ports.holdChatConversation(id, winner, T0 + 50, T0 + 300)).toBe(true);
        expect(await h.ports.holdChatConversation(id, loser, T0 + 299, T0 + 400)).toBe(false);
        expect(await (h.other ?? h.ports).holdChatConversation(id, loser, T0 + 300, T0 + 400)).toBe(
          true,
        );
        // The one that lost it releases nothing; the holder's release frees it at once.
        await h.ports.releaseChatConversation(id, winner);
        expect(await h.ports.holdChatConversation(id, "third", T0 + 301, T0 + 500)).toBe(false);
        await h.ports.releaseChatConversation(id, loser);
        expect(await h.ports.holdChatConversation(id, "third", T0 + 301, T0 + 500)).toBe(true);
        expect(await h.ports.holdChatConversation("no-such", "x", T0, T0 + 1)).toBe(false);
      });

      it("keeps a conversation and only moves its cursor forward", async () => {
        const id = await createSession(h.store);
        const conversation = {
          sessionId: id,
          accountId: "acme",
          channel: "sms",
          variantId: "v2",
          cursor: 1,
        };
        await h.ports.createChatConversation(conversation);
        await h.ports.advanceChatCursor(id, 7);
        await (h.other ?? h.ports).advanceChatCursor(id, 4);
        expect(await h.ports.getChatConversation(id)).toEqual({ ...conversation, cursor: 7 });
        expect(await h.ports.getChatConversation("nope")).toBeUndefined();
      });
    });
  });
}
