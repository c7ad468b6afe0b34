// Store contract cases for handoffs: round-trips, open list order, atomic claims, CAS, waits, erasure.
import { expect, it } from "vitest";
import type { Store } from "../../../src/core/ports.js";
import type { HandoffRecord } from "../../../src/core/records.js";
import { handoff } from "./desk-fixtures.js";
import { createSession, T0 } from "./fixtures.js";

/** Creates `h` and returns it. */
async function put(store: Store, h: HandoffRecord): Promise<HandoffRecord> {
  await store.createHandoff(h);
  return h;
}

/** Registers the cases; `store()` is the current case's fresh store. */
export function handoffCases(store: () => Store): void {
  it("handoffs round-trip every field, fresh and closed", async () => {
    const sid = await createSession(store());
    const fresh = await put(store(), handoff(sid));
    const closed = await put(
      store(),
      handoff(sid, {
        queue: "sales",
        state: "closed",
        priority: 2,
        enqueuedAt: T0 + 5,
        assignedTo: "desk-user-1",
        assignedAt: T0 + 60,
        closedAt: T0 + 900,
        outcome: "transferred",
      }),
    );
    await expect(store().createHandoff(fresh)).rejects.toThrow();

    expect(await store().getHandoff(fresh.id)).toEqual(fresh);
    expect(await store().getHandoff(closed.id)).toEqual(closed);
    expect(await store().getHandoff("nope")).toBeUndefined();
  });

  it("listOpenHandoffs lists queued and assigned handoffs oldest first, ties by id", async () => {
    expect(await store().listOpenHandoffs()).toEqual([]);
    const sid = await createSession(store());
    // The tie is created in the opposite order of its ids.
    const ids = ["h-c", "h-b", "h-a", "h-d", "h-e"];
    const [late, tieB, tieA, closed, assigned] = await Promise.all([
      put(store(), handoff(sid, { id: ids[0], enqueuedAt: T0 + 300 })),
      put(store(), handoff(sid, { id: ids[1], enqueuedAt: T0 + 100 })),
      put(store(), handoff(sid, { id: ids[2], enqueuedAt: T0 + 100, queue: "sales" })),
      put(store(), handoff(sid, { id: ids[3], enqueuedAt: T0, state: "closed" })),
      put(store(), handoff(sid, { id: ids[4], enqueuedAt: T0 + 200, priority: 1 })),
    ]);
    expect(await store().claimHandoff(assigned?.id as string, "u1", T0 + 250)).toBe(true);
    // A tie across states, so the order cannot come from the state alone.
    expect(await store().claimHandoff(tieB?.id as string, "u2", T0 + 150)).toBe(true);

    const open = await store().listOpenHandoffs();
    expect(open.map((h) => h.id)).toEqual([tieA, tieB, assigned, late].map((h) => h?.id));
    expect(open.map((h) => h.id)).not.toContain(closed?.id);
    expect(open[2]).toEqual({
      ...assigned,
      state: "assigned",
      assignedTo: "u1",
      assignedAt: T0 + 250,
    });
  });

  it("claimHandoff assigns a queued handoff once; unknown or not queued answers false", async () => {
    const sid = await createSession(store());
    const h = await put(store(), handoff(sid));
    const closed = await put(store(), handoff(sid, { state: "closed", outcome: "abandoned" }));

    expect(await store().claimHandoff(h.id, "u1", T0 + 42)).toBe(true);
    const claimed = { ...h, state: "assigned", assignedTo: "u1", assignedAt: T0 + 42 };
    expect(await store().getHandoff(h.id)).toEqual(claimed);
    expect(await store().claimHandoff(h.id, "u2", T0 + 43)).toBe(false);
    expect(await store().getHandoff(h.id)).toEqual(claimed);
    expect(await store().claimHandoff("nope", "u1", T0)).toBe(false);
    expect(await store().claimHandoff(closed.id, "u1", T0)).toBe(false);
    expect(await store().getHandoff(closed.id)).toEqual(closed);
  });

  it("of 20 concurrent claims by 20 desk users exactly one wins", async () => {
    const sid = await createSession(store());
    const h = await put(store(), handoff(sid));
    const users = Array.from({ length: 20 }, (_, i) => `desk-${i}`);
    const claims = users.map((u, i) => store().claimHandoff(h.id, u, T0 + 1000 + i));
    const results = await Promise.all(claims);

    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    const stored = await store().getHandoff(h.id);
    expect(stored?.state).toBe("assigned");
    expect(stored?.assignedTo).toBe(users[winner]);
    expect(stored?.assignedAt).toBe(T0 + 1000 + winner);
  });

  it("claimHandoff with a capacity: of 8 concurrent claims by one desk user holding 1, exactly 2 more win", async () => {
    await store().createDeskUser({
      id: "capped",
      name: "Capped",
      avatarUrl: null,
      queues: ["support"],
      maxConcurrent: 3,
      tokenHash: "c".repeat(64),
      createdAt: T0,
      updatedAt: T0,
    });
    const held = await put(store(), handoff(await createSession(store())));
    expect(await store().claimHandoff(held.id, "capped", T0 + 1, 3)).toBe(true);
    const waiting: HandoffRecord[] = [];
    for (let i = 0; i < 8; i++)
      waiting.push(await put(store(), handoff(await createSession(store()))));
    const results = await Promise.all(
      waiting.map((h, i) => store().claimHandoff(h.id, "capped", T0 + 10 + i, 3)),
    );

    expect(results.filter(Boolean)).toHaveLength(2);
    const open = await store().listOpenHandoffs();
    expect(open.filter((h) => h.assignedTo === "capped" && h.state === "assigned")).toHaveLength(3);
    // A refused claim leaves the handoff waiting; another desk user may still take it.
    const refused = waiting[results.indexOf(false)] as HandoffRecord;
    expect((await store().getHandoff(refused.id))?.state).toBe("queued");
    expect(await store().claimHandoff(refused.id, "other", T0 + 50, 3)).toBe(true);
  });

  it("reassignHandoff hands over only from its holder, and never past the receiver's capacity, even at once", async () => {
    await store().createDeskUser({
      id: "receiver",
      name: "Receiver",
      avatarUrl: null,
      queues: ["support"],
      maxConcurrent: 2,
      tokenHash: "r".repeat(64),
      createdAt: T0,
      updatedAt: T0,
    });
    const held: HandoffRecord[] = [];
    for (let i = 0; i < 6; i++) {
      const h = await put(store(), handoff(await createSession(store())));
      expect(await store().claimHandoff(h.id, `giver-${i}`, T0 + 1)).toBe(true);
      held.push(h);
    }
    const first = held[0] as HandoffRecord;
    // Not its holder, or not assigned: nothing moves.
    expect(await store().reassignHandoff(first.id, "giver-1", "receiver", T0 + 5, 2)).toBe(false);
    expect(await store().reassignHandoff("nope", "giver-0", "receiver", T0 + 5, 2)).toBe(false);
    expect(await store().getHandoff(first.id)).toMatchObject({ assignedTo: "giver-0" });
    expect(await store().reassignHandoff(first.id, "giver-0", "receiver", T0 + 5, 2)).toBe(true);
    expect(await store().getHandoff(first.id)).toMatchObject({
      state: "assigned",
      assignedTo: "receiver",
      assignedAt: T0 + 5,
    });

    // Five givers at once, one place left with the receiver.
    const results = await Promise.all(
      held
        .slice(1)
        .map((h, i) => store().reassignHandoff(h.id, `giver-${i + 1}`, "receiver", T0 + 10, 2)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    const open = await store().listOpenHandoffs();
    expect(open.filter((h) => h.assignedTo === "receiver")).toHaveLength(2);
    // A refused hand-over leaves the conversation with its giver.
    const index = results.indexOf(false) + 1;
    expect((await store().getHandoff((held[index] as HandoffRecord).id))?.assignedTo).toBe(
      `giver-${index}`,
    );
  });

  it("updateHandoff applies its patch only from the given state", async () => {
    const sid = await createSession(store());
    const h = await put(store(), handoff(sid));
    await store().claimHandoff(h.id, "u1", T0 + 10);
    const assigned = { ...h, state: "assigned" as const, assignedTo: "u1", assignedAt: T0 + 10 };

    // Wrong `from`: nothing changes.
    expect(await store().updateHandoff(h.id, "queued", { state: "closed" })).toBe(false);
    expect(await store().updateHandoff(h.id, "closed", { priority: 9 })).toBe(false);
    expect(await store().updateHandoff("nope", "assigned", { priority: 9 })).toBe(false);
    expect(await store().getHandoff(h.id)).toEqual(assigned);

    // The desk user dropped: back to the queue at the front, assignment cleared to null.
    const requeue = { state: "queued", priority: 1, assignedTo: null, assignedAt: null } as const;
    expect(await store().updateHandoff(h.id, "assigned", requeue)).toBe(true);
    const requeued = { ...h, ...requeue };
    expect(await store().getHandoff(h.id)).toEqual(requeued);

    // A patch without `state` keeps the state and every field it does not name.
    expect(await store().updateHandoff(h.id, "queued", { priority: 3 })).toBe(true);
    expect(await store().getHandoff(h.id)).toEqual({ ...requeued, priority: 3 });

    const close = { state: "closed", closedAt: T0 + 99, outcome: "timed_out" } as const;
    expect(await store().updateHandoff(h.id, "queued", close)).toBe(true);
    expect(await store().getHandoff(h.id)).toEqual({ ...requeued, priority: 3, ...close });
    expect(await store().updateHandoff(h.id, "queued", { state: "assigned" })).toBe(false);
    expect(await store().claimHandoff(h.id, "u2", T0 + 100)).toBe(false);
    expect(await store().listOpenHandoffs()).toEqual([]);
  });

  it("recentWaits gives the queue's waits since a time, newest assignment first", async () => {
    const sid = await createSession(store());
    // [queue, enqueuedAt, assignedAt or null]; waits are assignedAt − enqueuedAt.
    const rows: [string, number, number | null][] = [
      ["support", T0, T0 + 5_000], // 5 s, assigned before `since`
      ["support", T0 + 1_000, T0 + 10_000], // 9 s, exactly at `since`
      ["support", T0 + 2_000, T0 + 30_000], // 28 s
      ["support", T0 + 3_000, T0 + 20_000], // 17 s
      ["support", T0 + 4_000, null], // still waiting
      ["sales", T0, T0 + 25_000], // other queue
    ];
    for (const [q, enqueuedAt, assignedAt] of rows) {
      const state = assignedAt === null ? "queued" : "closed";
      await put(store(), handoff(sid, { queue: q, state, enqueuedAt, assignedAt }));
    }

    expect(await store().recentWaits("support", T0 + 10_000, 10)).toEqual([28_000, 17_000, 9_000]);
    expect(await store().recentWaits("support", T0 + 10_000, 2)).toEqual([28_000, 17_000]);
    expect(await store().recentWaits("support", T0, 10)).toEqual([28_000, 17_000, 9_000, 5_000]);
    expect(await store().recentWaits("support", T0 + 30_001, 10)).toEqual([]);
    expect(await store().recentWaits("sales", T0, 10)).toEqual([25_000]);
    expect(await store().recentWaits("nope", T0, 10)).toEqual([]);

    // A claim counts as soon as it is made.
    const h = await put(store(), handoff(sid, { enqueuedAt: T0 + 40_000 }));
    await store().claimHandoff(h.id, "u1", T0 + 41_500);
    expect(await store().recentWaits("support", T0 + 20_000, 10)).toEqual([1_500, 28_000, 17_000]);
  });

  it("deleteSession and purgeEndedBefore erase the session's handoffs, and only those", async () => {
    const [erased, purged, kept] = await Promise.all([1, 2, 3].map(() => createSession(store())));
    const sessionIds = [erased, purged, kept] as string[];
    const hs = await Promise.all(
      sessionIds.map((sid, i) =>
        put(store(), handoff(sid, { enqueuedAt: T0 + i, assignedAt: T0 + 100, assignedTo: "u" })),
      ),
    );
    await store().append(purged as string, [], { state: "ended", endedAt: T0 + 500 });
    expect(await store().recentWaits("support", T0, 10)).toHaveLength(3);

    expect(await store().deleteSession(erased as string)).toBe(true);
    expect(await store().getHandoff(hs[0]?.id as string)).toBeUndefined();
    expect(await store().purgeEndedBefore(T0 + 501)).toBe(1);
    expect(await store().getHandoff(hs[1]?.id as string)).toBeUndefined();

    expect(await store().getHandoff(hs[2]?.id as string)).toEqual(hs[2]);
    expect(await store().listOpenHandoffs()).toEqual([hs[2]]);
    expect(await store().recentWaits("support", T0, 10)).toEqual([98]);
  });
}
