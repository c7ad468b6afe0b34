// Store contract cases for sessions' creation, appends, sequencing and atomicity.
import { expect, it } from "vitest";
import type { Store } from "../../../src/core/ports.js";
import { accepted, createSession, newEvent, newSession, startEvent, T0 } from "./fixtures.js";

/** Registers the cases; `store()` is the current case's fresh store. */
export function eventCases(store: () => Store): void {
  it("createSession stores the session and its SESSION_START at sequence 1", async () => {
    const input = newSession({ streaming: true, deviceType: null, userAgent: null });
    const start = startEvent();
    const created = await store().createSession(input, start);

    expect(created.session).toEqual({
      ...input,
      state: "active",
      agentStatus: "none",
      language: null,
      endReason: null,
      callSid: null,
      lastSequence: 1,
      revision: 0,
      updatedAt: input.createdAt,
      endedAt: null,
    });
    expect(created.start).toEqual({ ...start, sessionId: input.id, sequence: 1 });
    expect(await store().getSession(input.id)).toEqual(created.session);
    expect(await store().readEvents(input.id, 0, 10)).toEqual([created.start]);
  });

  it("createSession keeps the client profile, chunk layout and token expiry; a patch moves the subject", async () => {
    const input = newSession({
      clientProfile: "official-sdk",
      chunkLayout: "space",
      subjectExpiresAt: T0 + 5,
    });
    await store().createSession(input, startEvent());
    expect(await store().getSession(input.id)).toMatchObject({
      clientProfile: "official-sdk",
      chunkLayout: "space",
      subjectExpiresAt: T0 + 5,
    });
    await store().append(input.id, [], { subject: "user-2", subjectExpiresAt: T0 + 9 });
    expect(await store().getSession(input.id)).toMatchObject({
      subject: "user-2",
      subjectExpiresAt: T0 + 9,
      chunkLayout: "space",
    });
    const unknown = newSession({ subjectExpiresAt: null });
    await store().createSession(unknown, startEvent());
    expect((await store().getSession(unknown.id))?.subjectExpiresAt).toBeNull();
  });

  it("createSession rejects a duplicate id and leaves the first session untouched", async () => {
    const input = newSession();
    const first = await store().createSession(input, startEvent());
    await expect(store().createSession(input, startEvent())).rejects.toThrow();
    expect(await store().getSession(input.id)).toEqual(first.session);
    expect(await store().readEvents(input.id, 0, 10)).toEqual([first.start]);
  });

  it("getSession answers undefined for an unknown id", async () => {
    expect(await store().getSession("no-such-session")).toBeUndefined();
  });

  it("append assigns sequences rising by one from 2 and records the last one", async () => {
    const id = await createSession(store());
    const first = accepted(await store().append(id, [newEvent(), newEvent(), newEvent()]));
    const second = accepted(await store().append(id, [newEvent()]));
    expect(first.map((e) => e.sequence)).toEqual([2, 3, 4]);
    expect(second.map((e) => e.sequence)).toEqual([5]);
    expect(first.every((e) => e.sessionId === id)).toBe(true);
    expect((await store().getSession(id))?.lastSequence).toBe(5);
  });

  it("200 appends fired without awaiting get sequences 2..201 stored in call order", async () => {
    const id = await createSession(store());
    const events = Array.from({ length: 200 }, () => newEvent());
    const results = (await Promise.all(events.map((e) => store().append(id, [e])))).map(accepted);

    expect(results.map((r) => r[0]?.sequence)).toEqual(events.map((_, i) => i + 2));
    expect(results.map((r) => r[0]?.id)).toEqual(events.map((e) => e.id));
    const stored = await store().readEvents(id, 1, 1000);
    expect(stored.map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(stored.map((e) => e.sequence)).toEqual(events.map((_, i) => i + 2));
    expect((await store().getSession(id))?.lastSequence).toBe(201);
  });

  it("interleaved appends to several sessions keep each session gap-free", async () => {
    const ids = await Promise.all([1, 2, 3].map(() => createSession(store())));
    const calls = Array.from({ length: 90 }, (_, i) => ids[i % 3] as string);
    await Promise.all(calls.map((id) => store().append(id, [newEvent(), newEvent()])));
    for (const id of ids) {
      const stored = await store().readEvents(id, 0, 1000);
      expect(stored.map((e) => e.sequence)).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    }
  });

  it("an append with no events applies the patch and takes no sequence", async () => {
    const id = await createSession(store());
    expect(await store().append(id, [], { agentStatus: "ai" })).toEqual({
      ok: true,
      events: [],
      revision: 1,
    });
    const session = await store().getSession(id);
    expect(session?.agentStatus).toBe("ai");
    expect(session?.lastSequence).toBe(1);
    expect(accepted(await store().append(id, [newEvent()]))[0]?.sequence).toBe(2);
  });

  it("events of a failing append are not stored and its patch is not applied", async () => {
    const id = await createSession(store());
    await store().append(id, [newEvent({ clientKey: "k1" })]);
    const failing = store().append(id, [newEvent(), newEvent({ clientKey: "k1" }), newEvent()], {
      state: "ended",
      endedAt: T0 + 5,
      language: "fr-FR",
    });
    await expect(failing).rejects.toThrow();

    const session = await store().getSession(id);
    expect(session).toMatchObject({ state: "active", endedAt: null, language: null });
    expect(session?.lastSequence).toBe(2);
    expect((await store().readEvents(id, 0, 100)).map((e) => e.sequence)).toEqual([1, 2]);
    expect(accepted(await store().append(id, [newEvent()]))[0]?.sequence).toBe(3);
  });

  it("a failing append among concurrent ones rejects alone; the others commit gap-free", async () => {
    const id = await createSession(store());
    await store().append(id, [newEvent({ clientKey: "taken" })]);
    const a = newEvent();
    const c = newEvent();
    const settled = await Promise.allSettled([
      store().append(id, [a]),
      store().append(id, [newEvent({ clientKey: "taken" })]),
      store().append(id, [c]),
    ]);

    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const stored = await store().readEvents(id, 2, 100);
    expect(stored.map((e) => [e.id, e.sequence])).toEqual([
      [a.id, 3],
      [c.id, 4],
    ]);
  });

  it("append to a session that does not exist is refused and stores nothing", async () => {
    expect(await store().append("no-such-session", [newEvent()])).toEqual({
      ok: false,
      refusal: "session_not_found",
    });
    expect(await store().readEvents("no-such-session", 0, 10)).toEqual([]);
  });

  it("nothing is stored after the session ended: appends and patches are refused", async () => {
    const id = await createSession(store());
    const end = newEvent({ type: "EVENT_TYPE_SESSION_END" });
    accepted(await store().append(id, [end], { state: "ended", endedAt: T0 + 1 }));
    const late = await store().append(id, [newEvent()]);
    expect(late).toMatchObject({ ok: false, refusal: "session_ended" });
    expect(late.ok ? undefined : late.current).toMatchObject({ state: "ended", lastSequence: 2 });
    const reopen = await store().append(id, [], { state: "active" });
    expect(reopen).toMatchObject({ ok: false, refusal: "session_ended" });
    expect((await store().readEvents(id, 0, 10)).at(-1)?.id).toBe(end.id);
    expect(await store().getSession(id)).toMatchObject({ state: "ended", lastSequence: 2 });
  });

  it("of concurrent appends racing an end, none lands after SESSION_END", async () => {
    const id = await createSession(store());
    const results = await Promise.all([
      store().append(id, [newEvent()]),
      store().append(id, [newEvent({ type: "EVENT_TYPE_SESSION_END" })], { state: "ended" }),
      store().append(id, [newEvent()]),
      store().append(id, [newEvent()], { agentStatus: "ai" }),
    ]);
    const stored = await store().readEvents(id, 0, 10);
    expect(stored.at(-1)?.type).toBe("EVENT_TYPE_SESSION_END");
    const refused = results.filter((r) => !r.ok);
    expect(refused.every((r) => !r.ok && r.refusal === "session_ended")).toBe(true);
    expect(stored).toHaveLength(1 + results.length - refused.length);
  });

  it("every patch bumps the revision; a plain append does not", async () => {
    const id = await createSession(store());
    expect((await store().getSession(id))?.revision).toBe(0);
    expect(await store().append(id, [newEvent()])).toMatchObject({ ok: true, revision: 0 });
    expect(await store().append(id, [], { agentStatus: "ai" })).toMatchObject({ revision: 1 });
    expect(await store().append(id, [newEvent()], { language: "fr" })).toMatchObject({
      revision: 2,
    });
    expect(await store().append(id, [newEvent()], {})).toMatchObject({ revision: 2 });
    expect(await store().getSession(id)).toMatchObject({ revision: 2, lastSequence: 4 });
  });

  it("an append at a stale revision is refused with the current record; at the current one it lands", async () => {
    const id = await createSession(store());
    accepted(await store().append(id, [], { agentStatus: "ai" }, { expectedRevision: 0 }));
    const stale = await store().append(
      id,
      [newEvent()],
      { agentStatus: "handoff" },
      { expectedRevision: 0 },
    );
    expect(stale).toMatchObject({ ok: false, refusal: "stale_revision" });
    expect(stale.ok ? undefined : stale.current).toMatchObject({ agentStatus: "ai", revision: 1 });
    expect(await store().getSession(id)).toMatchObject({ agentStatus: "ai", lastSequence: 1 });
    const fresh = await store().append(
      id,
      [newEvent()],
      { agentStatus: "live" },
      { expectedRevision: 1 },
    );
    expect(fresh).toMatchObject({ ok: true, revision: 2 });
  });

  it("of concurrent patches decided on one revision exactly one lands", async () => {
    const id = await createSession(store());
    const results = await Promise.all(
      (["ai", "handoff", "live", "none"] as const).map((agentStatus) =>
        store().append(id, [newEvent()], { agentStatus }, { expectedRevision: 0 }),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok && r.refusal === "stale_revision")).toHaveLength(3);
    expect(await store().getSession(id)).toMatchObject({ revision: 1, lastSequence: 2 });
  });

  it("the epoch is a stable non-empty id of the store", async () => {
    const epoch = await store().epoch();
    expect(epoch).toMatch(/^[0-9a-f-]{16,}$/);
    expect(await store().epoch()).toBe(epoch);
  });

  it("an append's events and patch are stored together", async () => {
    const id = await createSession(store());
    const events = [newEvent(), newEvent({ type: "EVENT_TYPE_SESSION_END" })];
    const stored = accepted(
      await store().append(id, events, {
        state: "ended",
        endReason: "REASON_USER_END",
        endedAt: T0 + 10,
      }),
    );
    expect(stored).toEqual(events.map((e, i) => ({ ...e, sessionId: id, sequence: i + 2 })));
    expect(await store().getSession(id)).toMatchObject({
      state: "ended",
      endReason: "REASON_USER_END",
      endedAt: T0 + 10,
      lastSequence: 3,
    });
  });
}
