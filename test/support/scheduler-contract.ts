// The contract every Scheduler adapter keeps, run against each backend with the fake clock.
import { afterEach, describe, expect, it } from "vitest";
import { PollingScheduler, type TimerTable } from "../../src/coordination/index.js";
import type { FiredTimer, Scheduler } from "../../src/core/index.js";
import { FakeClock, until } from "./fake-clock.js";

/** One shared timer store: every `connect` is another process's view of it. */
export interface TimerBackend {
  connect(): TimerTable | Promise<TimerTable>;
  /** Removes what the test stored. */
  drop(): Promise<void>;
}

const VISIBILITY_MS = 10_000;
const RETRY_MS = 5000;

/** Runs the Scheduler contract against tables made by `backend()`. */
export function schedulerContract(name: string, backend: () => Promise<TimerBackend>) {
  describe(`Scheduler contract: ${name}`, () => {
    let cleanups: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
      cleanups = [];
    });

    /** A cluster on one backend; `process()` adds a scheduler ("a process") to it. */
    async function cluster() {
      const store = await backend();
      const clock = new FakeClock(1_000_000);
      const tables: TimerTable[] = [];
      const errors: string[] = [];
      cleanups.push(async () => {
        expect(errors.filter((e) => !e.includes("upstream down"))).toEqual([]);
        for (const table of tables) await table.close();
        await store.drop();
      });
      const process = async (handlers: Record<string, (t: FiredTimer) => Promise<void>>) => {
        const table = await store.connect();
        tables.push(table);
        const scheduler = new PollingScheduler(table, {
          clock,
          pollMs: 1000,
          visibilityMs: VISIBILITY_MS,
          retryMs: RETRY_MS,
          onError: (error, context) => errors.push(`${context}: ${String(error)}`),
        });
        for (const [kind, handler] of Object.entries(handlers)) scheduler.handle(kind, handler);
        scheduler.start();
        cleanups.push(() => stopSoon(scheduler));
        return scheduler;
      };
      return { clock, process };
    }

    const recorder = () => {
      const fired: FiredTimer[] = [];
      return { fired, handler: async (timer: FiredTimer) => void fired.push(timer) };
    };

    it("fires a timer once at its time (not before) with its payload, and never again", async () => {
      const { clock, process } = await cluster();
      const { fired, handler } = recorder();
      const a = await process({ ping: handler });
      await a.schedule("ping", "k1", clock.now() + 5000, { session: "s1", n: 2 });
      await clock.advance(4999);
      expect(fired).toEqual([]);
      expect(await a.backlog()).toBe(0);
      await clock.advance(1);
      await eventually(clock, () => fired.length === 1, "the timer");
      expect(fired[0]).toEqual({
        kind: "ping",
        key: "k1",
        at: 1_005_000,
        payload: { session: "s1", n: 2 },
        attempt: 1,
      });
      await eventually(clock, async () => (await a.backlog()) === 0, "the confirm");
      await clock.advance(VISIBILITY_MS * 3);
      await settleIo(a);
      expect(fired).toHaveLength(1);
    });

    it("keeps one timer per kind and key: replace moves it, later keeps the later, absent keeps the first", async () => {
      const { clock, process } = await cluster();
      const { fired, handler } = recorder();
      const a = await process({ t: handler });
      const t0 = clock.now();
      await a.schedule("t", "moved", t0 + 1000, { v: 1 });
      await a.schedule("t", "moved", t0 + 3000, { v: 2 });
      await a.schedule("t", "later", t0 + 3000, { v: 1 }, "later");
      await a.schedule("t", "later", t0 + 2000, { v: 2 }, "later");
      await a.schedule("t", "absent", t0 + 3000, { v: 1 }, "absent");
      await a.schedule("t", "absent", t0 + 1000, { v: 2 }, "absent");
      await clock.advance(2999);
      expect(fired).toEqual([]);
      await clock.advance(1);
      await eventually(clock, () => fired.length === 3, "the three timers");
      const byKey = Object.fromEntries(fired.map((t) => [t.key, [t.at, t.payload.v]]));
      expect(byKey).toEqual({
        moved: [t0 + 3000, 2],
        later: [t0 + 3000, 2],
        absent: [t0 + 3000, 1],
      });
    });

    it("never fires a cancelled timer", async () => {
      const { clock, process } = await cluster();
      const { fired, handler } = recorder();
      const a = await process({ t: handler });
      await a.schedule("t", "gone", clock.now() + 1000);
      await a.schedule("t", "kept", clock.now() + 2000);
      await a.cancel("t", "gone");
      await a.cancel("t", "never-set");
      await clock.advance(2000);
      await eventually(clock, () => fired.length === 1, "the kept timer");
      await clock.advance(VISIBILITY_MS * 2);
      await settleIo(a);
      expect(fired.map((t) => t.key)).toEqual(["kept"]);
    });

    it("fires each of many timers exactly once across processes sharing the store", async () => {
      const { clock, process } = await cluster();
      const { fired, handler } = recorder();
      const a = await process({ t: handler });
      const b = await process({ t: handler });
      await process({ t: handler });
      for (let i = 0; i < 40; i++)
        await (i % 2 ? a : b).schedule("t", `k${i}`, clock.now() + i * 10);
      await clock.advance(1000);
      await eventually(clock, () => fired.length >= 40, "every timer");
      await clock.advance(VISIBILITY_MS * 2);
      await settleIo(a);
      expect(fired.map((t) => t.key).sort()).toEqual(
        Array.from({ length: 40 }, (_, i) => `k${i}`).sort(),
      );
      expect(fired.every((t) => t.attempt === 1)).toBe(true);
    });

    it("fires again elsewhere when its claimer dies before confirming", async () => {
      const { clock, process } = await cluster();
      let claimedByA: FiredTimer | undefined;
      // A's handler never finishes: the process is as good as dead once it claimed the timer.
      const a = await process({
        t: (timer) => {
          claimedByA = timer;
          return new Promise(() => undefined);
        },
      });
      await a.schedule("t", "k", clock.now() + 100, { n: 1 });
      await clock.advance(100);
      await eventually(clock, () => claimedByA !== undefined, "a's claim");
      void a.stop();
      const { fired, handler } = recorder();
      await process({ t: handler });
      await clock.advance(VISIBILITY_MS - 200);
      await settleIo(a);
      expect(fired).toEqual([]);
      await clock.advance(1000);
      await eventually(clock, () => fired.length === 1, "the re-fire");
      expect(fired[0]).toMatchObject({ key: "k", payload: { n: 1 }, attempt: 2 });
      await eventually(clock, async () => (await a.backlog()) === 0, "b's confirm");
    });

    it("retries a timer whose handler rejected", async () => {
      const { clock, process } = await cluster();
      const attempts: number[] = [];
      const a = await process({
        t: async (timer) => {
          attempts.push(timer.attempt);
          if (timer.attempt === 1) throw new Error("upstream down");
        },
      });
      await a.schedule("t", "k", clock.now() + 10);
      await clock.advance(10);
      await eventually(clock, () => attempts.length === 1, "the first attempt");
      await clock.advance(RETRY_MS + 1000);
      await eventually(clock, () => attempts.length === 2, "the retry");
      await clock.advance(VISIBILITY_MS * 2);
      await settleIo(a);
      expect(attempts).toEqual([1, 2]);
    });

    it("outlives the process that set it", async () => {
      const { clock, process } = await cluster();
      const setter = await process({});
      await setter.schedule("t", "k", clock.now() + 60_000, { from: "setter" });
      await setter.stop();
      const { fired, handler } = recorder();
      await process({ t: handler });
      await clock.advance(60_000);
      await eventually(clock, () => fired.length === 1, "the timer in the other process");
      expect(fired[0]?.payload).toEqual({ from: "setter" });
    });

    it("leaves timers of a kind it has no handler for to a process that has one", async () => {
      const { clock, process } = await cluster();
      const mine = recorder();
      const theirs = recorder();
      const a = await process({ mine: mine.handler });
      await a.schedule("theirs", "k", clock.now() + 10);
      await a.schedule("mine", "k", clock.now() + 10);
      await clock.advance(5000);
      await eventually(clock, () => mine.fired.length === 1, "a's own timer");
      expect(await a.backlog()).toBe(1);
      await process({ theirs: theirs.handler });
      await clock.advance(1000);
      await eventually(clock, () => theirs.fired.length === 1, "the other kind");
      expect(mine.fired).toHaveLength(1);
    });

    it("lets a handler set its own timer again (a repeating tick)", async () => {
      const { clock, process } = await cluster();
      const ticks: number[] = [];
      let scheduler: Scheduler | undefined;
      const a = await process({
        tick: async (timer) => {
          ticks.push(timer.at);
          if (ticks.length < 3) await scheduler?.schedule("tick", "k", timer.at + 1000);
        },
      });
      scheduler = a;
      const t0 = clock.now();
      await a.schedule("tick", "k", t0 + 1000);
      for (let i = 0; i < 4; i++) {
        await clock.advance(1000);
        await eventually(clock, () => ticks.length >= Math.min(i + 1, 3), "the tick");
      }
      await clock.advance(VISIBILITY_MS * 2);
      await settleIo(a);
      expect(ticks).toEqual([t0 + 1000, t0 + 2000, t0 + 3000]);
    });

    it("counts due timers no process has fired as its backlog", async () => {
      const { clock, process } = await cluster();
      const a = await process({});
      await a.schedule("t", "due1", clock.now() + 10);
      await a.schedule("t", "due2", clock.now() + 20);
      await a.schedule("t", "later", clock.now() + 60_000);
      expect(await a.backlog()).toBe(0);
      await clock.advance(20);
      expect(await a.backlog()).toBe(2);
    });
  });
}

/**
 * Waits for `predicate`, firing whatever falls due at the current fake time meanwhile (never
 * moving it): a wake-up armed after a table round trip finished runs without time passing.
 */
function eventually(
  clock: FakeClock,
  predicate: () => boolean | Promise<boolean>,
  what: string,
): Promise<void> {
  return until(async () => {
    await clock.advance(0);
    return predicate();
  }, what);
}

/** Lets a scheduler's pending table I/O (a Redis round trip) finish. */
async function settleIo(scheduler: Scheduler): Promise<void> {
  for (let i = 0; i < 3; i++) await scheduler.backlog();
}

// A scheduler whose handler never finishes (a "dead" process) must not hold up the teardown.
async function stopSoon(scheduler: Scheduler): Promise<void> {
  await Promise.race([scheduler.stop(), new Promise((resolve) => setTimeout(resolve, 50))]);
}
