import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/agents/webhook/circuit-breaker.js";

function breaker() {
  let now = 0;
  const b = new CircuitBreaker({ failures: 3, cooldownMs: 1000 }, () => now);
  return { b, advance: (ms: number) => (now += ms) };
}

describe("circuit breaker", () => {
  it("opens after the configured failures in a row, not before; a success resets the count", () => {
    const { b } = breaker();
    b.failed();
    b.failed();
    b.succeeded();
    b.failed();
    b.failed();
    expect(b.state).toBe("closed");
    expect(b.tryAcquire()).toBe(true);
    b.failed();
    expect(b.state).toBe("open");
    expect(b.tryAcquire()).toBe(false);
  });

  it("lets one trial through after the cooldown: its success closes, its failure reopens", () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    advance(999);
    expect(b.tryAcquire()).toBe(false);
    advance(1);
    expect(b.state).toBe("half_open");
    expect(b.tryAcquire()).toBe(true);
    expect(b.tryAcquire()).toBe(false); // one trial at a time
    b.failed();
    expect(b.state).toBe("open");
    advance(1000);
    expect(b.tryAcquire()).toBe(true);
    b.succeeded();
    expect(b.state).toBe("closed");
    expect(b.tryAcquire()).toBe(true);
  });

  it("frees the trial when its request was abandoned", () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.failed();
    advance(1000);
    expect(b.tryAcquire()).toBe(true);
    b.released();
    expect(b.tryAcquire()).toBe(true);
  });

  it("counts each opening once: late failures of requests already in flight do not count again", () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 5; i++) b.failed();
    expect(b.openings).toBe(1);
    advance(1000);
    expect(b.tryAcquire()).toBe(true);
    b.failed();
    expect(b.openings).toBe(2);
    advance(1000);
    expect(b.tryAcquire()).toBe(true);
    b.succeeded();
    expect(b.openings).toBe(2);
  });
});
