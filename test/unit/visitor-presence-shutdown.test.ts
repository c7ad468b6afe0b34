// Visitor presence on a graceful shutdown: open connections are recorded closed once, and the
// closes that follow as the sockets go write nothing (the store may already be closed).
import { describe, expect, it } from "vitest";
import { InProcessPresence, type Store } from "../../src/core/index.js";
import type { LiveSession } from "../../src/core/live-session.js";
import { VisitorPresenceTracker } from "../../src/core/visitor-presence.js";
import { FakeClock } from "../support/fake-clock.js";
import { fakeScheduler } from "../support/fake-scheduler.js";

class CountingPresence extends InProcessPresence {
  closes = 0;
  override async closed(sessionId: string, holder: string, now: number, liveAfter: number) {
    this.closes += 1;
    await super.closed(sessionId, holder, now, liveAfter);
  }
}

describe("visitor presence on shutdown", () => {
  it("records each open connection closed once, and nothing after", async () => {
    const clock = new FakeClock();
    const store = new CountingPresence();
    const errors: unknown[] = [];
    const tracker = new VisitorPresenceTracker({
      store,
      records: {} as Store,
      clock,
      scheduler: fakeScheduler(clock),
      graceMs: 120_000,
      sessions: { load: async () => undefined },
      shown: () => [],
      changed: () => undefined,
      onError: (error) => errors.push(error),
    });
    await tracker.opened("s1", "h1");
    await tracker.opened("s2", "h2");
    await tracker.stop();
    expect(store.closes).toBe(2);
    const presence = await tracker.presenceOf(["s1", "s2"]);
    expect([...presence.values()].map((p) => p.online)).toEqual([false, false]);
    // The socket's own close arrives after the shutdown began: no second write.
    await tracker.closed({ id: "s1" } as LiveSession, "h1");
    await tracker.opened("s3", "h3");
    expect(store.closes).toBe(2);
    expect((await tracker.presenceOf(["s3"])).get("s3")?.online ?? false).toBe(false);
    expect(errors).toEqual([]);
  });
});
