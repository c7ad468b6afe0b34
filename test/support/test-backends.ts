// The two stores a server-level test runs on: settings that pick one, and raw reads of its tables.
import { join } from "node:path";
import Database from "better-sqlite3";
import pg from "pg";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "./postgres.js";
import { startTestServer, type TestServer } from "./server.js";

export type BackendName = "sqlite" | "postgres";

/** Every store, for `describe.each`. */
export const BACKEND_NAMES: readonly BackendName[] = ["sqlite", "postgres"];

/** The sealing key test servers on PostgreSQL share (each process must have the same). */
export const TEST_SECRETS_KEY = "test-secrets-key-0123456789abcdef";

export interface TestBackend {
  name: BackendName;
  /** Environment-style settings for `startTestServer` (servers given the same env share the store). */
  env: Record<string, string>;
  /** Rows of a query on the server's store, `?` placeholders (reads what the server committed). */
  rows(dataDir: string, text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Removes the PostgreSQL schema (nothing for SQLite: the data dir goes with its server). */
  drop(): Promise<void>;
}

/** A fresh store of the given kind. */
export function testBackend(name: BackendName): TestBackend {
  if (name === "sqlite") {
    return {
      name,
      env: {},
      rows: async (dataDir, text, params = []) => {
        const db = new Database(join(dataDir, "switchboard.sqlite"), { readonly: true });
        try {
          return db.prepare(text).all(...params) as Record<string, unknown>[];
        } finally {
          db.close();
        }
      },
      drop: async () => undefined,
    };
  }
  const schema = freshSchemaName();
  return {
    name,
    env: {
      SWITCHBOARD_STORE: `${TEST_POSTGRES_URL}?schema=${schema}`,
      SWITCHBOARD_SECRETS_KEY: TEST_SECRETS_KEY,
    },
    rows: async (_dataDir, text, params = []) => {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      try {
        await client.query(`SET search_path TO "${schema}"`);
        let n = 0;
        const result = await client.query(
          text.replace(/\?/g, () => `$${++n}`),
          params,
        );
        return result.rows as Record<string, unknown>[];
      } finally {
        await client.end();
      }
    },
    drop: () => dropSchema(schema),
  };
}

/** A test server on a fresh store of the given kind; closing it also drops that store. */
export async function startTestServerOn(
  name: BackendName,
  env: Record<string, string> = {},
): Promise<TestServer> {
  const backend = testBackend(name);
  const t = await startTestServer({ ...backend.env, ...env });
  return {
    ...t,
    close: async () => {
      await t.close();
      await backend.drop();
    },
  };
}
