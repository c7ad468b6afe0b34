// The contracts of the desk's own ports (sign-in, statuses, saved replies, notes), run against each real store.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  DeskAuthStore,
  DeskLoginRecord,
  DeskNoteStore,
  DeskStatusStore,
  DeskWebSessionRecord,
  SavedReplyRecord,
  SavedReplyStore,
} from "../../src/core/ports.js";
import type { PortHarness } from "./port-harness.js";
import { deskUser, queue } from "./store-contract/desk-fixtures.js";
import { createSession, T0 } from "./store-contract/fixtures.js";

/** The desk's ports, as one adapter object. */
export type DeskPorts = DeskAuthStore & DeskStatusStore & SavedReplyStore & DeskNoteStore;

function login(deskUserId: string, overrides: Partial<DeskLoginRecord> = {}): DeskLoginRecord {
  return {
    deskUserId,
    email: "ada@example.com",
    passwordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA",
    generation: 1,
    updatedAt: T0,
    ...overrides,
  };
}

function webSession(
  deskUserId: string,
  overrides: Partial<DeskWebSessionRecord> = {},
): DeskWebSessionRecord {
  return {
    idHash: `hash-${Math.random().toString(36).slice(2)}`,
    deskUserId,
    generation: 1,
    csrfToken: "csrf",
    createdAt: T0,
    expiresAt: T0 + 1000,
    ...overrides,
  };
}

function reply(overrides: Partial<SavedReplyRecord> = {}): SavedReplyRecord {
  return {
    id: `r-${Math.random().toString(36).slice(2)}`,
    scope: { kind: "queue", queue: "support" },
    shortcut: "hello",
    text: "Hello {{visitor.name}}",
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}

/** Registers the cases for one adapter; `make` gives each case fresh, empty ports. */
export function describeDeskPortsContract(
  name: string,
  make: () => Promise<PortHarness<DeskPorts>>,
): void {
  describe(`desk sign-in, statuses, saved replies and notes: ${name}`, () => {
    let h: PortHarness<DeskPorts>;
    const other = () => h.other ?? h.ports;
    const user = async (id: string) => {
      await h.store.createDeskUser(deskUser({ id }));
      return id;
    };
    beforeEach(async () => {
      h = await make();
    });
    afterEach(() => h.cleanup());

    describe("logins", () => {
      it("creates and replaces a login, email lower-cased and found in any case", async () => {
        const ada = await user("ada");
        expect(await h.ports.putDeskLogin(login(ada, { email: "  Ada@Example.COM " }))).toBe(true);
        expect(await other().getDeskLoginByEmail("ADA@example.com")).toEqual(
          login(ada, { email: "ada@example.com" }),
        );
        const replaced = login(ada, {
          email: "ada@new.example",
          passwordHash: null,
          generation: 4,
        });
        expect(await h.ports.putDeskLogin(replaced)).toBe(true);
        expect(await h.ports.getDeskLogin(ada)).toEqual(replaced);
        expect(await h.ports.getDeskLoginByEmail("ada@example.com")).toBeUndefined();
      });

      it("refuses an email another desk user has, and a login for an unknown desk user", async () => {
        const ada = await user("ada");
        const bob = await user("bob");
        expect(await h.ports.putDeskLogin(login(ada))).toBe(true);
        expect(await other().putDeskLogin(login(bob, { email: "ADA@example.com" }))).toBe(false);
        expect(await h.ports.putDeskLogin(login("nobody", { email: "x@example.com" }))).toBe(false);
        expect(await h.ports.getDeskLogin(bob)).toBeUndefined();
      });

      it("of concurrent logins for one email from two processes exactly one wins", async () => {
        const ids = await Promise.all(["u1", "u2", "u3", "u4"].map(user));
        const results = await Promise.all(
          ids.map((id, i) => (i % 2 ? other() : h.ports).putDeskLogin(login(id))),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it("raises the generation atomically: concurrent raises each add one", async () => {
        const ada = await user("ada");
        await h.ports.putDeskLogin(login(ada, { generation: 1 }));
        const raised = await Promise.all(
          Array.from({ length: 6 }, (_, i) =>
            (i % 2 ? other() : h.ports).raiseDeskLoginGeneration(ada, T0 + i),
          ),
        );
        expect([...raised].sort()).toEqual([2, 3, 4, 5, 6, 7]);
        expect((await h.ports.getDeskLogin(ada))?.generation).toBe(7);
        expect(await h.ports.raiseDeskLoginGeneration("nobody", T0)).toBeUndefined();
      });
    });

    describe("web sessions", () => {
      it("are kept, deleted, and purged when expired or of an older generation", async () => {
        const ada = await user("ada");
        await h.ports.putDeskLogin(login(ada, { generation: 2 }));
        const current = webSession(ada, { generation: 2, expiresAt: T0 + 500 });
        const stale = webSession(ada, { generation: 1 });
        const expired = webSession(ada, { generation: 2, expiresAt: T0 + 100 });
        for (const s of [current, stale, expired]) await h.ports.createDeskWebSession(s);
        expect(await other().getDeskWebSession(current.idHash)).toEqual(current);
        expect(await h.ports.purgeDeskWebSessions(T0 + 100)).toBe(2);
        expect(await h.ports.getDeskWebSession(stale.idHash)).toBeUndefined();
        expect(await h.ports.getDeskWebSession(expired.idHash)).toBeUndefined();
        expect(await h.ports.deleteDeskWebSession(current.idHash)).toBe(true);
        expect(await h.ports.deleteDeskWebSession(current.idHash)).toBe(false);
      });

      it("are erased with their desk user, and so is the login", async () => {
        const ada = await user("ada");
        await h.ports.putDeskLogin(login(ada));
        const session = webSession(ada);
        await h.ports.createDeskWebSession(session);
        await h.ports.setDeskStatus(ada, "away", T0);
        await h.store.deleteDeskUser(ada);
        expect(await h.ports.getDeskWebSession(session.idHash)).toBeUndefined();
        expect(await h.ports.getDeskLogin(ada)).toBeUndefined();
        expect(await h.ports.listDeskStatuses()).toEqual(new Map());
      });
    });

    describe("statuses", () => {
      it("keep each desk user's last choice, seen by every process; unknown users are ignored", async () => {
        const ada = await user("ada");
        const bob = await user("bob");
        await h.ports.setDeskStatus(ada, "away", T0);
        await other().setDeskStatus(ada, "online", T0 + 1);
        await h.ports.setDeskStatus(bob, "offline", T0);
        await h.ports.setDeskStatus("nobody", "online", T0);
        expect(await other().listDeskStatuses()).toEqual(
          new Map([
            [ada, "online"],
            [bob, "offline"],
          ]),
        );
      });
    });

    describe("saved replies", () => {
      it("creates or replaces by id; a shortcut is unique within its scope only", async () => {
        await h.store.putQueue(queue({ name: "support" }));
        await h.store.putQueue(queue({ name: "billing" }));
        const ada = await user("ada");
        const team = reply({ id: "t1" });
        expect(await h.ports.putSavedReply(team)).toBe(true);
        expect(await other().putSavedReply(reply({ id: "t2" }))).toBe(false);
        expect(
          await h.ports.putSavedReply(
            reply({ id: "b1", scope: { kind: "queue", queue: "billing" } }),
          ),
        ).toBe(true);
        expect(
          await h.ports.putSavedReply(
            reply({ id: "m1", scope: { kind: "desk_user", deskUserId: ada } }),
          ),
        ).toBe(true);
        const edited = { ...team, text: "Hi!", updatedAt: T0 + 5 };
        expect(await h.ports.putSavedReply(edited)).toBe(true);
        expect(await other().getSavedReply("t1")).toEqual(edited);
        expect(await h.ports.getSavedReply("t2")).toBeUndefined();
      });

      it("of concurrent puts of one shortcut in one scope from two processes exactly one wins", async () => {
        await h.store.putQueue(queue({ name: "support" }));
        const results = await Promise.all(
          Array.from({ length: 6 }, (_, i) => (i % 2 ? other() : h.ports).putSavedReply(reply())),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
      });

      it("lists a desk user's replies and their queues' by shortcut (byte order), all by scope", async () => {
        for (const name of ["support", "billing", "sales"]) await h.store.putQueue(queue({ name }));
        const ada = await user("ada");
        const bob = await user("bob");
        const mine = { kind: "desk_user", deskUserId: ada } as const;
        const put = (id: string, scope: SavedReplyRecord["scope"], shortcut: string) =>
          h.ports.putSavedReply(reply({ id, scope, shortcut }));
        await put("s-b", { kind: "queue", queue: "support" }, "bye");
        await put("s-Z", { kind: "queue", queue: "support" }, "Zebra");
        await put("m-b", mine, "bye");
        await put("m-a", mine, "apple");
        await put("bl", { kind: "queue", queue: "billing" }, "invoice");
        await put("sa", { kind: "queue", queue: "sales" }, "deal");
        await put("bob", { kind: "desk_user", deskUserId: bob }, "apple");
        const listed = await other().listSavedReplies({
          queues: ["support", "billing"],
          deskUserId: ada,
        });
        expect(listed.map((r) => r.id)).toEqual(["s-Z", "m-a", "m-b", "s-b", "bl"]);
        expect((await h.ports.listSavedReplies({ deskUserId: bob })).map((r) => r.id)).toEqual([
          "bob",
        ]);
        expect((await h.ports.listSavedReplies({})).map((r) => r.id)).toEqual([]);
        expect((await h.ports.listAllSavedReplies()).map((r) => r.id)).toEqual([
          "bl",
          "sa",
          "s-Z",
          "s-b",
          "m-a",
          "m-b",
          "bob",
        ]);
        expect(await h.ports.deleteSavedReply("sa")).toBe(true);
        expect(await h.ports.deleteSavedReply("sa")).toBe(false);
      });
    });

    describe("internal notes", () => {
      it("come back oldest first, seen by every process, and are erased with their session", async () => {
        const id = await createSession(h.store);
        const note = (n: number, createdAt: number) => ({
          id: `note-${n}`,
          sessionId: id,
          authorId: "ada",
          authorName: "Ada",
          text: `note ${n}`,
          transferTo: n === 2 ? "queue:billing" : null,
          createdAt,
        });
        await h.ports.addDeskNote(note(2, T0 + 2));
        await other().addDeskNote(note(1, T0 + 1));
        await h.ports.addDeskNote(note(3, T0 + 2));
        expect(await other().listDeskNotes(id)).toEqual([
          note(1, T0 + 1),
          note(2, T0 + 2),
          note(3, T0 + 2),
        ]);
        await expect(h.ports.addDeskNote({ ...note(4, T0), sessionId: "nope" })).rejects.toThrow();
        await h.store.deleteSession(id);
        expect(await h.ports.listDeskNotes(id)).toEqual([]);
      });
    });
  });
}
