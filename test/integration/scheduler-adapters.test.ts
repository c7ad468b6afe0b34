// The Scheduler contract against the SQLite file and a real Redis.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RedisTimerTable, SqliteTimerTable } from "../../src/coordination/index.js";
import { openSqliteDatabase } from "../../src/store/index.js";
import { dropPrefix, testPrefix, testRedis } from "../support/redis.js";
import { schedulerContract } from "../support/scheduler-contract.js";

schedulerContract("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-timers-"));
  const file = join(dir, "switchboard.sqlite");
  return {
    connect: () => new SqliteTimerTable(openSqliteDatabase(file, "normal")),
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

schedulerContract("Redis", async () => {
  const prefix = testPrefix();
  return {
    connect: () => new RedisTimerTable(testRedis(), prefix),
    drop: () => dropPrefix(prefix),
  };
});
