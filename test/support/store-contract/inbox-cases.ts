// Store contract cases for the desk inbox: scope, filters, word search kept in step, erasure, paging.
import { expect, it } from "vitest";
import type { InboxEntry, InboxFilter, Store } from "../../../src/core/ports.js";
import { handoff } from "./desk-fixtures.js";
import { createSession, newEvent, T0 } from "./fixtures.js";

const SCOPE = { deskUserId: "ada", queues: ["support"] };

/** An ended conversation handed to `queue` (held by `agent`), with these message texts. */
async function conversation(
  store: Store,
  endedAt: number,
  texts: readonly string[],
  options: { queue?: string; agent?: string | null; type?: string } = {},
): Promise<string> {
  const sid = await createSession(store);
  const agent = options.agent === undefined ? "ada" : options.agent;
  await store.createHandoff(
    handoff(sid, {
      queue: options.queue ?? "support",
      state: "closed",
      assignedTo: agent,
      assignedAt: agent === null ? null : T0 + 1,
      closedAt: endedAt,
      outcome: "completed",
    }),
  );
  const events = texts.map((text) =>
    newEvent({
      type: (options.type ?? "EVENT_TYPE_USER_MESSAGE") as never,
      payloadJson: JSON.stringify({ text }),
    }),
  );
  await store.append(sid, events, { state: "ended", endedAt });
  return sid;
}

const ids = (entries: InboxEntry[]) => entries.map((e) => e.session.id);

/** Registers the cases; `store()` is the current case's fresh store. */
export function inboxCases(store: () => Store): void {
  const list = (filter: Partial<InboxFilter> = {}) =>
    store().listInbox({ scope: SCOPE, ...filter });

  it("lists ended conversations in scope, newest end first, with queue, agent and rating", async () => {
    const older = await conversation(store(), T0 + 100, ["hello"]);
    const newer = await conversation(store(), T0 + 200, ["hi"], { queue: "billing", agent: "ada" });
    await conversation(store(), T0 + 300, ["not mine"], { queue: "billing", agent: "bob" });
    const active = await createSession(store());
    await store().createHandoff(handoff(active));
    const botOnly = await createSession(store());
    await store().append(botOnly, [], { state: "ended", endedAt: T0 + 400 });
    await store().rateSession({
      sessionId: older,
      connectorId: "conn-1",
      scale: "thumbs",
      score: "up",
      comment: null,
      ratedAt: T0 + 150,
    });
    const entries = await list();
    expect(ids(entries)).toEqual([newer, older]);
    expect(entries[0]).toMatchObject({
      queue: "billing",
      agentId: "ada",
      rating: null,
      match: null,
    });
    expect(entries[1]?.rating).toMatchObject({ score: "up", scale: "thumbs" });
    expect(entries[1]?.session).toMatchObject({ id: older, state: "ended", endedAt: T0 + 100 });
    // A colleague serving billing sees the other billing conversation too.
    expect(ids(await store().listInbox({ scope: { deskUserId: "bob", queues: [] } }))).toHaveLength(
      1,
    );
  });

  it("filters by queue, agent, end date and rating", async () => {
    const a = await conversation(store(), T0 + 100, ["one"], { queue: "support", agent: "ada" });
    const b = await conversation(store(), T0 + 200, ["two"], { queue: "support", agent: null });
    const c = await conversation(store(), T0 + 300, ["three"], { queue: "billing", agent: "ada" });
    await store().rateSession({
      sessionId: b,
      connectorId: "conn-1",
      scale: "five",
      score: "2",
      comment: "slow",
      ratedAt: T0 + 250,
    });
    expect(ids(await list({ queue: "support" }))).toEqual([b, a]);
    expect(ids(await list({ agentId: "ada" }))).toEqual([c, a]);
    expect(ids(await list({ endedAfter: T0 + 200, endedBefore: T0 + 300 }))).toEqual([b]);
    expect(ids(await list({ rating: "2" }))).toEqual([b]);
    expect(ids(await list({ rating: "none" }))).toEqual([c, a]);
    expect(ids(await list({ queue: "support", rating: "5" }))).toEqual([]);
    expect(ids(await list({ sessionId: b }))).toEqual([b]);
    expect(
      ids(await store().listInbox({ scope: { deskUserId: "eve", queues: [] }, sessionId: b })),
    ).toEqual([]);
  });

  it("finds conversations by every word, case-insensitively and by word start, with the first match", async () => {
    const refund = await conversation(store(), T0 + 100, [
      "Hello there",
      "I want a REFUND for my parcel",
      "refund again",
    ]);
    const parcel = await conversation(store(), T0 + 200, ["Where is my parcel?"], {
      type: "EVENT_TYPE_LIVE_AGENT_MESSAGE",
    });
    await conversation(store(), T0 + 300, ["nothing to see"]);
    const found = await list({ terms: ["refund"] });
    expect(ids(found)).toEqual([refund]);
    // Sequence 1 is the start event; the messages follow it.
    expect(found[0]?.match).toEqual({ sequence: 3, text: "I want a REFUND for my parcel" });
    expect(ids(await list({ terms: ["parc"] }))).toEqual([parcel, refund]);
    expect(ids(await list({ terms: ["parcel", "hello"] }))).toEqual([refund]);
    expect(ids(await list({ terms: ["parcel", "zebra"] }))).toEqual([]);
    expect((await list({ terms: ["where"] }))[0]?.match?.text).toBe("Where is my parcel?");
  });

  it("searches an AI agent's streamed chunks and a message as soon as its append resolves", async () => {
    const sid = await conversation(store(), T0 + 100, ["first"]);
    expect(ids(await list({ terms: ["tracking"] }))).toEqual([]);
    // Appends to an ended session are refused, so this one is still live and later ended.
    const live = await createSession(store());
    await store().createHandoff(handoff(live, { state: "closed", assignedTo: "ada" }));
    await store().append(live, [
      newEvent({
        type: "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
        payloadJson: JSON.stringify({ text: "Your tracking ", chunk_index: 0 }),
      }),
      newEvent({
        type: "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
        payloadJson: JSON.stringify({ text: "number is ready", chunk_index: 1, is_complete: true }),
      }),
      newEvent({
        type: "EVENT_TYPE_TYPING_ON" as never,
        payloadJson: JSON.stringify({ text: "typing" }),
      }),
    ]);
    await store().append(live, [], { state: "ended", endedAt: T0 + 200 });
    expect(ids(await list({ terms: ["tracking", "ready"] }))).toEqual([live]);
    expect(ids(await list({ terms: ["typing"] }))).toEqual([]);
    expect(ids(await list({ terms: ["first"] }))).toEqual([sid]);
  });

  it("an erased or purged conversation is gone from search at once", async () => {
    const erased = await conversation(store(), T0 + 100, ["secret word"]);
    const purged = await conversation(store(), T0 + 200, ["secret phrase"]);
    const kept = await conversation(store(), T0 + 90_000, ["secret kept"]);
    expect(ids(await list({ terms: ["secret"] }))).toEqual([kept, purged, erased]);
    await store().deleteSession(erased);
    await store().purgeEndedBefore(T0 + 1000);
    expect(ids(await list({ terms: ["secret"] }))).toEqual([kept]);
    expect(ids(await list({ terms: ["word"] }))).toEqual([]);
  });

  it("pages by the last entry's end time and id", async () => {
    const made: string[] = [];
    for (const at of [100, 200, 200, 300, 400])
      made.push(await conversation(store(), T0 + at, ["page"]));
    const newestFirst = [...made].reverse();
    // The two ending at T0+200: the greater id first.
    const [m200a, m200b] = [made[1] as string, made[2] as string];
    const tie = m200a > m200b ? [m200a, m200b] : [m200b, m200a];
    const expected = [newestFirst[0], newestFirst[1], ...tie, made[0]];
    const first = await list({ limit: 2, terms: ["page"] });
    expect(ids(first)).toEqual(expected.slice(0, 2));
    const cursor = (e: InboxEntry) => ({
      endedAt: e.session.endedAt as number,
      sessionId: e.session.id,
    });
    const second = await list({ limit: 2, terms: ["page"], after: cursor(first[1] as InboxEntry) });
    expect(ids(second)).toEqual(expected.slice(2, 4));
    const third = await list({ limit: 2, terms: ["page"], after: cursor(second[1] as InboxEntry) });
    expect(ids(third)).toEqual(expected.slice(4));
  });
}
