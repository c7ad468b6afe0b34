// The TurnClaims contract against the SQLite file and a real Redis.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RedisTurnClaims, SqliteTurnClaims } from "../../src/coordination/index.js";
import { openSqliteDatabase } from "../../src/store/index.js";
import { dropPrefix, testPrefix, testRedis } from "../support/redis.js";
import { turnClaimsContract } from "../support/turn-claims-contract.js";

turnClaimsContract("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-claims-"));
  const file = join(dir, "switchboard.sqlite");
  const opened: SqliteTurnClaims[] = [];
  return {
    connect: () => {
      const claims = new SqliteTurnClaims(openSqliteDatabase(file, "normal"));
      opened.push(claims);
      return claims;
    },
    drop: async () => {
      for (const claims of opened) claims.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

turnClaimsContract("Redis", async () => {
  const prefix = testPrefix();
  const connections: ReturnType<typeof testRedis>[] = [];
  return {
    connect: () => {
      const redis = testRedis();
      connections.push(redis);
      return new RedisTurnClaims(redis, prefix, (error) => {
        throw error;
      });
    },
    drop: async () => {
      await dropPrefix(prefix);
      for (const redis of connections) await redis.quit();
    },
  };
});
