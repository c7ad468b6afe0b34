// Store contract cases for reading back: patches, event paging, exact text, lookups.
import { expect, it } from "vitest";
import type { Store } from "../../../src/core/ports.js";
import { accepted, createSession, newEvent, T0 } from "./fixtures.js";

/** Registers the cases; `store()` is the current case's fresh store. */
export function readCases(store: () => Store): void {
  it("every patch field round-trips, can be cleared to null, and undefined leaves it", async () => {
    const id = await createSession(store());
    await store().append(id, [], {
      agentStatus: "live",
      language: "pt-BR",
      endReason: "REASON_NATURAL_END",
      callSid: "CA123",
      endedAt: T0 + 42,
    });
    expect(await store().getSession(id)).toMatchObject({
      agentStatus: "live",
      language: "pt-BR",
      endReason: "REASON_NATURAL_END",
      callSid: "CA123",
      endedAt: T0 + 42,
    });

    await store().append(id, [], { language: null, callSid: null, agentStatus: undefined });
    const session = await store().getSession(id);
    expect(session).toMatchObject({ language: null, callSid: null, agentStatus: "live" });
    expect(session?.updatedAt).toBeGreaterThanOrEqual(session?.createdAt ?? 0);
    // state last: nothing is stored after a session ended.
    await store().append(id, [], { state: "ended" });
    expect(await store().getSession(id)).toMatchObject({ state: "ended", endedAt: T0 + 42 });
  });

  it("readEvents pages by afterSequence and limit, ascending", async () => {
    const id = await createSession(store());
    await store().append(
      id,
      Array.from({ length: 9 }, () => newEvent()),
    );
    const page = async (after: number, limit: number) =>
      (await store().readEvents(id, after, limit)).map((e) => e.sequence);

    expect(await page(0, 3)).toEqual([1, 2, 3]);
    expect(await page(3, 3)).toEqual([4, 5, 6]);
    expect(await page(8, 100)).toEqual([9, 10]);
    expect(await page(10, 100)).toEqual([]);
    expect(await store().readEvents("no-such-session", 0, 10)).toEqual([]);
  });

  it("ids, timestamps and JSON text come back byte for byte", async () => {
    const id = await createSession(store());
    const odd = newEvent({
      id: "Evt_MiXeD-case.1 ü",
      timestamp: "2024-02-29T23:59:59.999Z",
      payloadJson: '{ "z":1,\n  "a" : "é\\u00e9 😀 \\"q\\" \\\\ <b>",\t"n":1.50, "e":[ ] }',
      metadataJson: '{"custom":{"b":2,"a":[1,  2],"u":"\\ud83d\\ude00"}}',
      clientKey: "local-ключ-1",
    });
    const [stored] = accepted(await store().append(id, [odd]));
    const [read] = await store().readEvents(id, 1, 1);

    for (const event of [stored, read]) {
      expect(event?.id).toBe(odd.id);
      expect(event?.timestamp).toBe(odd.timestamp);
      expect(event?.payloadJson).toBe(odd.payloadJson);
      expect(event?.metadataJson).toBe(odd.metadataJson);
      expect(event?.clientKey).toBe(odd.clientKey);
      expect(event?.type).toBe(odd.type);
    }
    expect(read).toEqual(stored);
  });

  it("findFirstEvent returns the lowest-sequence event of the type in that session only", async () => {
    const id = await createSession(store());
    const other = await createSession(store());
    await store().append(other, [newEvent({ type: "EVENT_TYPE_POLY_AGENT_JOINED" })]);
    const joined = newEvent({ type: "EVENT_TYPE_POLY_AGENT_JOINED" });
    await store().append(id, [
      newEvent(),
      joined,
      newEvent({ type: "EVENT_TYPE_POLY_AGENT_JOINED" }),
    ]);

    expect(await store().findFirstEvent(id, "EVENT_TYPE_POLY_AGENT_JOINED")).toEqual({
      ...joined,
      sessionId: id,
      sequence: 3,
    });
    expect((await store().findFirstEvent(id, "EVENT_TYPE_SESSION_START"))?.sequence).toBe(1);
    expect(await store().findFirstEvent(id, "EVENT_TYPE_HANDOFF_FAILED")).toBeUndefined();
  });

  it("findEventByClientKey finds the event stored with the key, per session", async () => {
    const id = await createSession(store());
    const other = await createSession(store());
    const keyed = newEvent({ clientKey: "client-42" });
    await store().append(id, [newEvent(), keyed]);
    await store().append(other, [newEvent({ clientKey: "client-42" })]);

    expect(await store().findEventByClientKey(id, "client-42")).toEqual({
      ...keyed,
      sessionId: id,
      sequence: 3,
    });
    expect((await store().findEventByClientKey(other, "client-42"))?.sequence).toBe(2);
    expect(await store().findEventByClientKey(id, "client-43")).toBeUndefined();
  });

  it("two events of one session cannot share a client key; null keys never clash", async () => {
    const id = await createSession(store());
    await store().append(id, [newEvent(), newEvent(), newEvent({ clientKey: "dup" })]);
    await expect(store().append(id, [newEvent({ clientKey: "dup" })])).rejects.toThrow();
    await expect(
      store().append(id, [newEvent({ clientKey: "x" }), newEvent({ clientKey: "x" })]),
    ).rejects.toThrow();
    expect((await store().getSession(id))?.lastSequence).toBe(4);
  });
}
