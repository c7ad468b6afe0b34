// A fresh PostgreSQL schema per test on the machine's server, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";

/** The test server (trust auth); SWITCHBOARD_TEST_POSTGRES overrides it. */
export const TEST_POSTGRES_URL =
  process.env.SWITCHBOARD_TEST_POSTGRES ?? "postgres://postgres@127.0.0.1:5432/test";

/** A schema name no other run uses. */
export function freshSchemaName(): string {
  return `sb_test_${randomBytes(6).toString("hex")}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}
