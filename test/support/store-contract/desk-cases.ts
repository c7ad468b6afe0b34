// Store contract cases for live-agent queues and desk users.
import { expect, it } from "vitest";
import type { Store } from "../../../src/core/ports.js";
import { deskUser, queue } from "./desk-fixtures.js";
import { T0 } from "./fixtures.js";

/** Registers the cases; `store()` is the current case's fresh store. */
export function deskCases(store: () => Store): void {
  it("queues round-trip every field, with and without opening hours", async () => {
    const open = queue({
      name: "sales",
      maxWaitSeconds: 45,
      statusIntervalSeconds: 7,
      openingHours: {
        timezone: "America/New_York",
        weekly: { mon: ["08:00-20:00"], sat: [], sun: ["10:00-11:00", "15:00-16:30"] },
      },
      createdAt: T0 + 1,
      updatedAt: T0 + 2,
    });
    const always = queue({ name: "support", openingHours: null });
    expect(await store().listQueues()).toEqual([]);
    await store().putQueue(open);
    await store().putQueue(always);

    expect(await store().getQueue("sales")).toEqual(open);
    expect(await store().getQueue("support")).toEqual(always);
    expect(await store().getQueue("nope")).toBeUndefined();
    const listed = await store().listQueues();
    expect(listed.sort((a, b) => a.name.localeCompare(b.name))).toEqual([open, always]);
  });

  it("putQueue replaces the queue of the same name; deleteQueue erases it once", async () => {
    await store().putQueue(queue({ name: "support" }));
    const replacement = queue({
      name: "support",
      maxWaitSeconds: 1,
      statusIntervalSeconds: 2,
      openingHours: null,
      createdAt: T0 + 10,
      updatedAt: T0 + 20,
    });
    await store().putQueue(replacement);
    expect(await store().getQueue("support")).toEqual(replacement);
    expect(await store().listQueues()).toEqual([replacement]);

    // Opening hours can come back after being cleared.
    const reopened = queue({ name: "support", openingHours: { timezone: "UTC", weekly: {} } });
    await store().putQueue(reopened);
    expect(await store().getQueue("support")).toEqual(reopened);

    expect(await store().deleteQueue("support")).toBe(true);
    expect(await store().deleteQueue("support")).toBe(false);
    expect(await store().getQueue("support")).toBeUndefined();
    expect(await store().listQueues()).toEqual([]);
  });

  it("desk users round-trip every field, by id, by token hash and in the list", async () => {
    const sarah = deskUser({ queues: ["support", "sales"], maxConcurrent: 5, updatedAt: T0 + 3 });
    const bare = deskUser({ name: "Sam", avatarUrl: null, queues: [], createdAt: T0 + 1 });
    expect(await store().listDeskUsers()).toEqual([]);
    await store().createDeskUser(sarah);
    await store().createDeskUser(bare);
    await expect(store().createDeskUser(sarah)).rejects.toThrow();

    for (const u of [sarah, bare]) {
      expect(await store().getDeskUser(u.id)).toEqual(u);
      expect(await store().getDeskUserByTokenHash(u.tokenHash)).toEqual(u);
    }
    expect(await store().getDeskUser("nope")).toBeUndefined();
    expect(await store().getDeskUserByTokenHash("nope")).toBeUndefined();
    const listed = await store().listDeskUsers();
    expect(listed.sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [sarah, bare].sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it("updateDeskUser replaces every field but id and createdAt", async () => {
    const original = deskUser();
    await store().createDeskUser(original);
    const replacement = deskUser({
      id: original.id,
      name: "Sarah B.",
      avatarUrl: null,
      queues: ["billing", "support", "vip"],
      maxConcurrent: 1,
      tokenHash: "rotated-desk-hash",
      createdAt: T0 + 999,
      updatedAt: T0 + 1000,
    });

    expect(await store().updateDeskUser(replacement)).toBe(true);
    expect(await store().getDeskUser(original.id)).toEqual({
      ...replacement,
      createdAt: original.createdAt,
    });
    expect(await store().getDeskUserByTokenHash(original.tokenHash)).toBeUndefined();
    expect((await store().getDeskUserByTokenHash("rotated-desk-hash"))?.id).toBe(original.id);
    expect(await store().updateDeskUser(deskUser())).toBe(false);
    expect(await store().listDeskUsers()).toHaveLength(1);

    expect(await store().deleteDeskUser(original.id)).toBe(true);
    expect(await store().deleteDeskUser(original.id)).toBe(false);
    expect(await store().getDeskUser(original.id)).toBeUndefined();
    expect(await store().getDeskUserByTokenHash("rotated-desk-hash")).toBeUndefined();
    expect(await store().listDeskUsers()).toEqual([]);
  });
}
