// The Limits contract against a real Redis, and what happens while Redis cannot be reached.
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { FailOpenLimits, RedisLimits } from "../../src/coordination/index.js";
import { limitsContract } from "../support/limits-contract.js";
import { dropPrefix, testPrefix, testRedis } from "../support/redis.js";

limitsContract("Redis", async () => {
  const prefix = testPrefix();
  const connections: Redis[] = [];
  return {
    connect: () => {
      const redis = testRedis();
      connections.push(redis);
      return new RedisLimits(redis, prefix);
    },
    drop: async () => {
      await dropPrefix(prefix);
      for (const redis of connections) await redis.quit();
    },
  };
});

describe("limits while Redis is unreachable", () => {
  it("let requests through and report each check", async () => {
    // Nothing listens on port 1; no retries, so each command fails at once.
    const redis = new Redis("redis://127.0.0.1:1", {
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    redis.on("error", () => undefined);
    const reported: unknown[] = [];
    const limits = new FailOpenLimits(new RedisLimits(redis, testPrefix()), (e) =>
      reported.push(e),
    );
    const rule = { name: "r", perSecond: 1, burst: 1 };
    expect(await limits.take(rule, "k", 0)).toBe(0);
    expect(await limits.take(rule, "k", 0)).toBe(0);
    expect(await limits.acquire("g", "h", 1, 0, 1000)).toBe(true);
    await limits.refresh("g", "h", 0, 1000);
    await limits.release("g", "h");
    expect(reported).toHaveLength(5);
    redis.disconnect();
  });
});
