// The Scheduler contract against the machine's PostgreSQL, in a schema of its own per run. Runs
// where the `pg` client is installed (it comes with the PostgreSQL store).
import { randomBytes } from "node:crypto";
import { describe } from "vitest";
import { type PgQueryable, PostgresTimerTable } from "../../src/coordination/index.js";
import { schedulerContract } from "../support/scheduler-contract.js";

interface Pool extends PgQueryable {
  end(): Promise<void>;
}
type PoolClass = new (config: Record<string, unknown>) => Pool;

const PG_URL = process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// A name the type checker does not resolve: the client is an optional dependency of these tests.
const PG_MODULE = "pg";
const pg = (await import(PG_MODULE).catch(() => undefined)) as
  | { default: { Pool: PoolClass } }
  | undefined;

describe.skipIf(pg === undefined)("PostgreSQL timers", () => {
  schedulerContract("PostgreSQL", async () => {
    const Pool = pg?.default.Pool as PoolClass;
    const schema = `sbtest_${randomBytes(6).toString("hex")}`;
    const admin = new Pool({ connectionString: PG_URL, max: 1 });
    await admin.query(`CREATE SCHEMA ${schema}`);
    const pools: Pool[] = [];
    let ensured = false;
    return {
      connect: async () => {
        const pool = new Pool({
          connectionString: PG_URL,
          max: 4,
          options: `-c search_path=${schema}`,
        });
        pools.push(pool);
        const table = new PostgresTimerTable(pool);
        if (!ensured) {
          ensured = true;
          await table.ensure();
        }
        return table;
      },
      drop: async () => {
        for (const pool of pools) await pool.end();
        await admin.query(`DROP SCHEMA ${schema} CASCADE`);
        await admin.end();
      },
    };
  });
});
