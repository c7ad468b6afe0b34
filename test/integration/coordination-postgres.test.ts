// The TurnClaims and Limits contracts against the machine's PostgreSQL (a deployment without
// Redis), each run in a schema of its own, and limits while PostgreSQL cannot be reached.
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  FailOpenLimits,
  LIMITS_DDL,
  PostgresLimits,
  PostgresTurnClaims,
  TURN_CLAIMS_DDL,
} from "../../src/coordination/index.js";
import { limitsContract } from "../support/limits-contract.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import { turnClaimsContract } from "../support/turn-claims-contract.js";

/** A schema with the coordination tables, and a pool per "process" on it. */
async function sharedSchema() {
  const schema = freshSchemaName();
  const admin = new pg.Pool({ connectionString: TEST_POSTGRES_URL, max: 1 });
  await admin.query(`CREATE SCHEMA "${schema}"`);
  await admin.query(`SET search_path = "${schema}"; ${TURN_CLAIMS_DDL}${LIMITS_DDL}`);
  await admin.end();
  const pools: pg.Pool[] = [];
  return {
    pool: () => {
      const pool = new pg.Pool({
        connectionString: TEST_POSTGRES_URL,
        max: 4,
        options: `-c search_path="${schema}"`,
      });
      pools.push(pool);
      return pool;
    },
    drop: async () => {
      for (const pool of pools) await pool.end();
      await dropSchema(schema);
    },
  };
}

turnClaimsContract("PostgreSQL", async () => {
  const shared = await sharedSchema();
  return {
    connect: () =>
      new PostgresTurnClaims(shared.pool(), (error) => {
        throw error;
      }),
    drop: shared.drop,
  };
});

limitsContract("PostgreSQL", async () => {
  const shared = await sharedSchema();
  return { connect: () => new PostgresLimits(shared.pool()), drop: shared.drop };
});

describe("limits while PostgreSQL is unreachable", () => {
  it("let requests through and report each check", async () => {
    // Nothing listens on port 1: each query fails at once.
    const pool = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:1/test" });
    pool.on("error", () => undefined);
    const reported: unknown[] = [];
    const limits = new FailOpenLimits(new PostgresLimits(pool), (e) => reported.push(e));
    const rule = { name: "r", perSecond: 1, burst: 1 };
    expect(await limits.take(rule, "k", 0)).toBe(0);
    expect(await limits.take(rule, "k", 0)).toBe(0);
    expect(await limits.acquire("g", "h", 1, 0, 1000)).toBe(true);
    await limits.refresh("g", "h", 0, 1000);
    await limits.release("g", "h");
    expect(reported).toHaveLength(5);
    await pool.end();
  });
});
