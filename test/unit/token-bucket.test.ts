import { describe, expect, it } from "vitest";
import { RateLimiter, TokenBucket } from "../../src/core/index.js";

describe("TokenBucket", () => {
  it("allows the burst at once, then one per refill period", () => {
    const bucket = new TokenBucket(2, 3, 0);
    expect([bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([0, 0, 0]);
    expect(bucket.take(0)).toBe(500);
    expect(bucket.take(499)).toBeGreaterThan(0);
    expect(bucket.take(500)).toBe(0);
  });

  it("never holds more than the burst", () => {
    const bucket = new TokenBucket(10, 2, 0);
    expect(bucket.isFull(60_000)).toBe(true);
    expect([bucket.take(60_000), bucket.take(60_000), bucket.take(60_000) > 0]).toEqual([
      0,
      0,
      true,
    ]);
  });
});

describe("RateLimiter", () => {
  it("keeps one bucket per key", () => {
    const limiter = new RateLimiter(1, 1);
    expect(limiter.take("a", 0)).toBe(0);
    expect(limiter.take("a", 0)).toBe(1000);
    expect(limiter.take("b", 0)).toBe(0);
  });
});
