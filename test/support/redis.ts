// Redis for tests: the machine's server on 127.0.0.1:6379, each test under its own random key prefix.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";

export const TEST_REDIS_URL = "redis://127.0.0.1:6379";

/** A fresh key prefix, so parallel runs never see each other's keys. */
export function testPrefix(): string {
  return `sbtest:${randomBytes(6).toString("hex")}:`;
}

/** A connection to the test Redis. */
export function testRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { lazyConnect: false, maxRetriesPerRequest: 2 });
}

/** Deletes every key under `prefix`. */
export async function dropPrefix(prefix: string): Promise<void> {
  const redis = testRedis();
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    await redis.quit();
  }
}
