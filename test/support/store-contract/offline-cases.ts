// Store contract cases for offline messages: round-trip, one per session, pages, delivery, erasure.
import { expect, it } from "vitest";
import type { OfflineMessageRecord, Store } from "../../../src/core/ports.js";
import { createSession, T0 } from "./fixtures.js";

function offline(sessionId: string, overrides: Partial<OfflineMessageRecord> = {}) {
  return {
    id: `off-${sessionId}`,
    sessionId,
    connectorId: "conn-1",
    queue: "support",
    reason: "QUEUE_CLOSED",
    email: "ada@example.com",
    name: "Ada",
    message: "Please call me back about my order.",
    language: "fr",
    createdAt: T0,
    delivery: "pending",
    attempts: 0,
    lastError: null,
    deliveredAt: null,
    ...overrides,
  } satisfies OfflineMessageRecord;
}

/** Registers the cases; `store()` is the current case's fresh store. */
export function offlineCases(store: () => Store): void {
  it("an offline message round-trips every field and a session keeps only its first", async () => {
    const sid = await createSession(store());
    const first = offline(sid, { name: null, language: null });
    expect(await store().addOfflineMessage(first)).toBe(true);
    expect(await store().addOfflineMessage(offline(sid, { id: "other", email: "b@x.io" }))).toBe(
      false,
    );
    expect(await store().getOfflineMessage(first.id)).toEqual(first);
    expect(await store().offlineMessageOfSession(sid)).toEqual(first);
    expect(await store().getOfflineMessage("other")).toBeUndefined();
    expect(await store().offlineMessageOfSession("nope")).toBeUndefined();
  });

  it("lists newest first, pages by cursor and filters by queue", async () => {
    const made: OfflineMessageRecord[] = [];
    for (const [i, queue] of ["support", "sales", "support"].entries()) {
      const sid = await createSession(store());
      const record = offline(sid, { id: `off-${i}`, queue, createdAt: T0 + i * 1000 });
      await store().addOfflineMessage(record);
      made.push(record);
    }
    const ids = (rs: OfflineMessageRecord[]) => rs.map((r) => r.id);
    expect(ids(await store().listOfflineMessages({}))).toEqual(["off-2", "off-1", "off-0"]);
    expect(ids(await store().listOfflineMessages({ limit: 2 }))).toEqual(["off-2", "off-1"]);
    expect(ids(await store().listOfflineMessages({ before: "off-1" }))).toEqual(["off-0"]);
    expect(ids(await store().listOfflineMessages({ queues: ["support"] }))).toEqual([
      "off-2",
      "off-0",
    ]);
    expect(await store().listOfflineMessages({ queues: [] })).toEqual([]);
  });

  it("delivery progress is kept, and the message is erased with its session", async () => {
    const sid = await createSession(store());
    const record = offline(sid);
    await store().addOfflineMessage(record);
    const patch = { delivery: "failed", attempts: 5, lastError: "HTTP 503", deliveredAt: null };
    await store().updateOfflineDelivery(record.id, { ...patch, delivery: "failed" });
    expect(await store().getOfflineMessage(record.id)).toEqual({ ...record, ...patch });
    const done = { delivery: "delivered", attempts: 6, lastError: null, deliveredAt: T0 + 9 };
    await store().updateOfflineDelivery(record.id, { ...done, delivery: "delivered" });
    expect(await store().getOfflineMessage(record.id)).toEqual({ ...record, ...done });
    expect(await store().deleteSession(sid)).toBe(true);
    expect(await store().getOfflineMessage(record.id)).toBeUndefined();
    expect(await store().listOfflineMessages({})).toEqual([]);
  });
}
