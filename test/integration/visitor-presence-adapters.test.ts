// The VisitorPresenceStore and VisitorSessionStore contracts against the SQLite file and PostgreSQL.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  PostgresVisitorPresence,
  PostgresVisitorSessions,
  SqliteVisitorPresence,
  SqliteVisitorSessions,
} from "../../src/coordination/index.js";
import {
  createPostgresStore,
  createSqliteStore,
  openSqliteDatabase,
} from "../../src/store/index.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import { presenceContract } from "../support/presence-contract.js";

presenceContract("SQLite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-presence-"));
  const file = join(dir, "switchboard.sqlite");
  const store = createSqliteStore({ file });
  const first = openSqliteDatabase(file, "normal");
  const second = openSqliteDatabase(file, "normal");
  const dbs = [first, second];
  return {
    store,
    a: new SqliteVisitorPresence(first),
    b: new SqliteVisitorPresence(second),
    links: [new SqliteVisitorSessions(first), new SqliteVisitorSessions(second)],
    drop: async () => {
      for (const db of dbs) db.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

presenceContract("PostgreSQL", async () => {
  const schema = freshSchemaName();
  const store = await createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 2 });
  const other = await createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 2 });
  return {
    store,
    a: new PostgresVisitorPresence(store.queries()),
    b: new PostgresVisitorPresence(other.queries()),
    links: [
      new PostgresVisitorSessions(store.queries()),
      new PostgresVisitorSessions(other.queries()),
    ],
    drop: async () => {
      await store.close();
      await other.close();
      await dropSchema(schema);
    },
  };
});
