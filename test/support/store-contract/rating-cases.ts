// Store contract cases for conversation ratings: one per session (last wins), lists, counts, erasure.
import { expect, it } from "vitest";
import type { Store } from "../../../src/core/ports.js";
import type { SessionRating } from "../../../src/core/records.js";
import { createSession, T0 } from "./fixtures.js";

function rating(sessionId: string, overrides: Partial<SessionRating> = {}): SessionRating {
  return {
    sessionId,
    connectorId: "conn-1",
    scale: "five",
    score: "4",
    comment: "Quick and kind",
    ratedAt: T0 + 1000,
    ...overrides,
  };
}

/** Registers the cases; `store()` is the current case's fresh store. */
export function ratingCases(store: () => Store): void {
  it("a rating round-trips; a later one replaces it; an unknown session gets none", async () => {
    const sid = await createSession(store());
    expect(await store().getSessionRating(sid)).toBeUndefined();
    expect(await store().rateSession(rating(sid))).toBe(true);
    expect(await store().getSessionRating(sid)).toEqual(rating(sid));
    const corrected = rating(sid, { score: "5", comment: null, ratedAt: T0 + 2000 });
    expect(await store().rateSession(corrected)).toBe(true);
    expect(await store().getSessionRating(sid)).toEqual(corrected);
    expect(await store().rateSession(rating("no-such-session"))).toBe(false);
    expect(await store().getSessionRating("no-such-session")).toBeUndefined();
  });

  it("erasing or purging a session erases its rating, and it cannot be rated again", async () => {
    const erased = await createSession(store());
    const purged = await createSession(store());
    await store().rateSession(rating(erased));
    await store().rateSession(rating(purged, { scale: "thumbs", score: "up" }));
    await store().append(purged, [], { state: "ended", endedAt: T0 + 10 });
    expect(await store().deleteSession(erased)).toBe(true);
    expect(await store().purgeEndedBefore(T0 + 20)).toBe(1);
    expect(await store().getSessionRating(erased)).toBeUndefined();
    expect(await store().getSessionRating(purged)).toBeUndefined();
    expect(await store().rateSession(rating(erased))).toBe(false);
    expect(await store().listSessionRatings({})).toEqual([]);
    expect(await store().countSessionRatings()).toEqual([]);
  });

  it("lists newest first, filtered by connector, score and time, keyset-paged", async () => {
    const ids = await Promise.all([1, 2, 3, 4].map(() => createSession(store())));
    const [a, b, c, d] = ids as [string, string, string, string];
    await store().rateSession(rating(a, { ratedAt: T0 + 1 }));
    await store().rateSession(rating(b, { ratedAt: T0 + 2, score: "2" }));
    await store().rateSession(rating(c, { ratedAt: T0 + 2, connectorId: "conn-2" }));
    await store().rateSession(rating(d, { ratedAt: T0 + 3, scale: "thumbs", score: "down" }));
    const sessions = (list: SessionRating[]) => list.map((r) => r.sessionId);
    // Ties on ratedAt: the greater session id first (ids are UUIDv7, so c > b).
    expect(sessions(await store().listSessionRatings({}))).toEqual([d, c, b, a]);
    expect(sessions(await store().listSessionRatings({ connectorId: "conn-2" }))).toEqual([c]);
    expect(sessions(await store().listSessionRatings({ score: "4" }))).toEqual([c, a]);
    expect(
      sessions(await store().listSessionRatings({ ratedAfter: T0 + 2, ratedBefore: T0 + 3 })),
    ).toEqual([c, b]);
    const first = await store().listSessionRatings({ limit: 2 });
    expect(sessions(first)).toEqual([d, c]);
    const last = first.at(-1) as SessionRating;
    const next = await store().listSessionRatings({
      limit: 2,
      after: { ratedAt: last.ratedAt, sessionId: last.sessionId },
    });
    expect(sessions(next)).toEqual([b, a]);
  });

  it("counts ratings per connector, scale and score", async () => {
    const ids = await Promise.all([1, 2, 3].map(() => createSession(store())));
    await store().rateSession(rating(ids[0] as string, { score: "5" }));
    await store().rateSession(rating(ids[1] as string, { score: "5" }));
    await store().rateSession(
      rating(ids[2] as string, { connectorId: "conn-2", scale: "thumbs", score: "up" }),
    );
    expect(await store().countSessionRatings()).toEqual([
      { connectorId: "conn-1", scale: "five", score: "5", count: 2 },
      { connectorId: "conn-2", scale: "thumbs", score: "up", count: 1 },
    ]);
  });
}
