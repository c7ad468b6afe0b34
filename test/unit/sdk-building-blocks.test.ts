// The SDK's small parts: state machine, backoff, ordering and de-duplication, emitter, chunks.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { EventSequencer } from "../../src/sdk/event-sequencer.js";
import {
  Backoff,
  backoffDelay,
  ConnectionStateMachine,
  type ServerEvent,
  type StateChange,
  TypedEmitter,
} from "../../src/sdk/index.js";
import { ev } from "../support/protocol-fake.js";

describe("connection state machine", () => {
  it("changes state only through transition and reports {from, to, reason}", () => {
    const changes: StateChange[] = [];
    const machine = new ConnectionStateMachine((c) => changes.push(c));
    expect(machine.state).toBe("idle");
    expect(machine.transition("connecting")).toBe(true);
    expect(machine.transition("open")).toBe(true);
    expect(machine.transition("reconnecting", "closed 1006")).toBe(true);
    expect(machine.transition("open")).toBe(true);
    expect(machine.transition("ended", "session ended")).toBe(true);
    expect(changes).toEqual([
      { from: "idle", to: "connecting" },
      { from: "connecting", to: "open" },
      { from: "open", to: "reconnecting", reason: "closed 1006" },
      { from: "reconnecting", to: "open" },
      { from: "open", to: "ended", reason: "session ended" },
    ]);
  });

  it("refuses transitions that make no sense, and repeats of the same state", () => {
    const changes: StateChange[] = [];
    const machine = new ConnectionStateMachine((c) => changes.push(c));
    expect(machine.transition("open")).toBe(false);
    machine.transition("connecting");
    expect(machine.transition("connecting")).toBe(false);
    expect(machine.transition("idle")).toBe(false);
    expect(changes).toHaveLength(1);
  });
});

describe("full-jitter backoff", () => {
  const settings = { baseDelayMs: 1000, maxDelayMs: 30_000 };

  it("is random() * min(max, base * 2^attempt)", () => {
    expect(backoffDelay(0, settings, () => 0.5)).toBe(500);
    expect(backoffDelay(3, settings, () => 0.5)).toBe(4000);
    expect(backoffDelay(10, settings, () => 0.5)).toBe(15_000);
    expect(backoffDelay(10, settings, () => 0.999)).toBeLessThan(30_000);
  });

  it("stays within [0, ceiling] for any random value, even out-of-range ones", () => {
    for (const r of [0, 0.25, 1, -3, 7]) {
      for (let attempt = 0; attempt < 12; attempt += 1) {
        const delay = backoffDelay(attempt, settings, () => r);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(30_000, 1000 * 2 ** attempt));
      }
    }
  });

  it("counts attempts and starts over after reset", () => {
    const backoff = new Backoff(settings, () => 1);
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([1000, 2000, 4000]);
    expect(backoff.attempts).toBe(3);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });
});

describe("event sequencer", () => {
  let delivered: ServerEvent[];
  let gaps: number[];
  let sequencer: EventSequencer;
  beforeEach(() => {
    vi.useFakeTimers();
    delivered = [];
    gaps = [];
    sequencer = new EventSequencer(
      { deliver: (e) => delivered.push(e), gap: (c) => gaps.push(c) },
      2000,
    );
  });
  afterEach(() => vi.useRealTimers());

  it("drops events already delivered, by sequence and by id", () => {
    const a = ev("EVENT_TYPE_SESSION_START", {}, 1);
    const t = ev("EVENT_TYPE_POLY_AGENT_THINKING");
    for (const e of [a, a, { ...a, id: "other" }, t, t]) sequencer.push(e);
    expect(delivered).toEqual([a, t]);
    expect(sequencer.cursor).toBe(1);
  });

  it("holds events after a gap and releases them in order when it fills", () => {
    const [e1, e2, e3, e4] = [1, 2, 3, 4].map((s) => ev("EVENT_TYPE_USER_MESSAGE", {}, s));
    for (const e of [e1, e3, e4] as ServerEvent[]) sequencer.push(e);
    expect(delivered.map((e) => e.sequence)).toEqual([1]);
    sequencer.push(e2 as ServerEvent);
    expect(delivered.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    vi.advanceTimersByTime(5000);
    expect(gaps).toEqual([]);
  });

  it("passes transient events through at once, even while holding", () => {
    sequencer.push(ev("EVENT_TYPE_SESSION_START", {}, 1));
    sequencer.push(ev("EVENT_TYPE_USER_MESSAGE", {}, 3));
    sequencer.push(ev("EVENT_TYPE_POLY_AGENT_THINKING"));
    expect(delivered.map((e) => e.type)).toEqual([
      "EVENT_TYPE_SESSION_START",
      "EVENT_TYPE_POLY_AGENT_THINKING",
    ]);
  });

  it("asks for a reconnect from the cursor when a gap does not fill in time", () => {
    sequencer.push(ev("EVENT_TYPE_SESSION_START", {}, 1));
    sequencer.push(ev("EVENT_TYPE_USER_MESSAGE", {}, 3));
    vi.advanceTimersByTime(1999);
    expect(gaps).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(gaps).toEqual([1]);
    // The held event was dropped: it comes again in the replay.
    sequencer.push(ev("EVENT_TYPE_USER_MESSAGE", {}, 2));
    sequencer.push(ev("EVENT_TYPE_USER_MESSAGE", {}, 3));
    expect(delivered.map((e) => e.sequence)).toEqual([1, 2, 3]);
  });
});

describe("typed emitter", () => {
  it("calls listeners by name, removes them, and survives a throwing listener", () => {
    const errors: unknown[] = [];
    const emitter = new TypedEmitter<{ a: number; b: string }>((e) => errors.push(e));
    const seen: number[] = [];
    const off = emitter.on("a", (n) => seen.push(n));
    emitter.on("a", () => {
      throw new Error("boom");
    });
    emitter.on("a", (n) => seen.push(n * 10));
    emitter.emit("a", 1);
    off();
    emitter.emit("a", 2);
    expect(seen).toEqual([1, 10, 20]);
    expect(errors).toHaveLength(2);
    expect(emitter.listenerCount("b")).toBe(0);
  });
});
