// Store contract cases for listing, counting, deleting and purging sessions.
import { v7 } from "uuid";
import { expect, it } from "vitest";
import type { Store } from "../../../src/core/ports.js";
import type { SessionFilter } from "../../../src/core/records.js";
import { createSession, newEvent, T0 } from "./fixtures.js";

const MINUTE = 60_000;

/**
 * Six sessions a minute apart (ids UUIDv7, so they sort by time too): connectors a,b,a,b,a,b;
 * the 2nd and 5th ended. Returns ids oldest first.
 */
async function seedSessions(store: Store): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const id = await createSession(store, {
      id: v7(),
      connectorId: i % 2 === 0 ? "conn-a" : "conn-b",
      createdAt: T0 + i * MINUTE,
    });
    ids.push(id);
  }
  for (const i of [1, 4]) {
    await store.append(ids[i] as string, [], { state: "ended", endedAt: T0 + 10 * MINUTE });
  }
  return ids;
}

/** Ids listed for `filter`. */
async function listed(store: Store, filter: SessionFilter): Promise<string[]> {
  return (await store.listSessions(filter)).map((s) => s.id);
}

/** Registers the cases; `store()` is the current case's fresh store. */
export function sessionCases(store: () => Store): void {
  it("listSessions lists newest first and filters by connector, state and time", async () => {
    const [s0, s1, s2, s3, s4, s5] = await seedSessions(store());

    expect(await listed(store(), {})).toEqual([s5, s4, s3, s2, s1, s0]);
    expect(await listed(store(), { connectorId: "conn-a" })).toEqual([s4, s2, s0]);
    expect(await listed(store(), { state: "ended" })).toEqual([s4, s1]);
    expect(await listed(store(), { state: "active", connectorId: "conn-b" })).toEqual([s5, s3]);
    // createdAfter and createdBefore are strict bounds.
    expect(
      await listed(store(), { createdAfter: T0 + MINUTE, createdBefore: T0 + 4 * MINUTE }),
    ).toEqual([s3, s2]);
    expect(await listed(store(), { limit: 2 })).toEqual([s5, s4]);
    const full = (await store().listSessions({ connectorId: "conn-b" }))[0];
    expect(full).toEqual(await store().getSession(s5 as string));
  });

  it("listSessions pages with `before` (keyset) until nothing is left", async () => {
    const ids = await seedSessions(store());
    const pages: string[][] = [];
    let before: string | undefined;
    for (;;) {
      const page = await listed(
        store(),
        before === undefined ? { limit: 4 } : { limit: 4, before },
      );
      if (page.length === 0) break;
      pages.push(page);
      before = page.at(-1);
    }
    expect(pages.map((p) => p.length)).toEqual([4, 2]);
    expect(pages.flat()).toEqual([...ids].reverse());
    expect(await listed(store(), { before: ids[3], connectorId: "conn-a" })).toEqual([
      ids[2],
      ids[0],
    ]);
  });

  it("listSessions returns 50 sessions when no limit is given", async () => {
    await Promise.all(
      Array.from({ length: 55 }, (_, i) => createSession(store(), { createdAt: T0 + i })),
    );
    expect(await store().listSessions({})).toHaveLength(50);
  });

  it("listActiveSessions returns exactly the active sessions", async () => {
    const [s0, , s2, s3, , s5] = await seedSessions(store());
    const active = await store().listActiveSessions();
    expect(active.map((s) => s.id).sort()).toEqual([s0, s2, s3, s5].sort());
    expect(active.every((s) => s.state === "active")).toBe(true);
  });

  it("countSessionsByState always has both keys", async () => {
    expect(await store().countSessionsByState()).toEqual({ active: 0, ended: 0 });
    await seedSessions(store());
    expect(await store().countSessionsByState()).toEqual({ active: 4, ended: 2 });
  });

  it("deleteSession erases the session and its events, then answers false", async () => {
    const id = await createSession(store());
    const kept = await createSession(store());
    await store().append(id, [newEvent({ clientKey: "k" })]);
    await store().append(kept, [newEvent()]);

    expect(await store().deleteSession(id)).toBe(true);
    expect(await store().getSession(id)).toBeUndefined();
    expect(await store().readEvents(id, 0, 100)).toEqual([]);
    expect(await store().findEventByClientKey(id, "k")).toBeUndefined();
    expect(await store().deleteSession(id)).toBe(false);
    expect(await store().readEvents(kept, 0, 100)).toHaveLength(2);
  });

  it("purgeEndedBefore erases ended sessions that ended strictly before the cutoff", async () => {
    const endedAt = [T0 + 1000, T0 + 2000, T0 + 3000];
    const ended = await Promise.all(endedAt.map(() => createSession(store())));
    const active = await createSession(store());
    await Promise.all(
      ended.map((id, i) =>
        store().append(id, [newEvent()], { state: "ended", endedAt: endedAt[i] }),
      ),
    );

    expect(await store().purgeEndedBefore(T0 + 2000)).toBe(1);
    expect(await store().getSession(ended[0] as string)).toBeUndefined();
    expect(await store().readEvents(ended[0] as string, 0, 10)).toEqual([]);
    expect(await store().purgeEndedBefore(T0 + 5000)).toBe(2);
    expect(await store().getSession(active)).toBeDefined();
    expect(await store().purgeEndedBefore(T0 + 5000)).toBe(0);
  });
}
