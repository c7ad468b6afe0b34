// The PostgreSQL store: the shared Store contract on the real server, plus migrations.
import pg from "pg";
import { describe, expect, it } from "vitest";
import {
  createPostgresStore,
  POSTGRES_MIGRATIONS,
  type PostgresStore,
} from "../../src/store/index.js";
import { migratePostgres } from "../../src/store/postgres/migrations.js";
import { SEARCHABLE_TYPES_SQL } from "../../src/store/records/searchable-events.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "../support/postgres.js";
import { handoff } from "../support/store-contract/desk-fixtures.js";
import { accepted, createSession, newEvent, T0 } from "../support/store-contract/fixtures.js";
import { describeStoreContract } from "../support/store-contract.js";

describeStoreContract("postgres", async () => {
  const schema = freshSchemaName();
  const open = () => createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 4 });
  const store = await open();
  const reopened: PostgresStore[] = [];
  return {
    store,
    reopen: async () => {
      const again = await open();
      reopened.push(again);
      return again;
    },
    cleanup: async () => {
      await store.close();
      for (const s of reopened) await s.close();
      await dropSchema(schema);
    },
  };
});

describe("PostgreSQL store", () => {
  it("migrates a new schema once, even with several processes opening it at once", async () => {
    const schema = freshSchemaName();
    try {
      const stores = await Promise.all(
        [1, 2, 3].map(() => createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 2 })),
      );
      const epochs = await Promise.all(stores.map((s) => s.epoch()));
      expect(new Set(epochs).size).toBe(1);
      for (const s of stores) await s.close();
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      const rows = await client.query(`SELECT version FROM "${schema}".schema_migrations`);
      await client.end();
      expect(rows.rows.map((r) => r.version)).toEqual(POSTGRES_MIGRATIONS.map((m) => m.version));
    } finally {
      await dropSchema(schema);
    }
  });

  it("applies a migration numbered below one already applied (numbers ship out of order)", async () => {
    const schema = freshSchemaName();
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`SET search_path TO "${schema}"`);
      const newest = POSTGRES_MIGRATIONS.at(-1)?.version ?? 0;
      const early = POSTGRES_MIGRATIONS.filter((m) => m.version <= 2 || m.version === newest);
      expect(await migratePostgres(client, early)).toEqual(early.map((m) => m.version));
      const rest = POSTGRES_MIGRATIONS.filter((m) => !early.includes(m)).map((m) => m.version);
      expect(rest.length).toBeGreaterThan(0);
      expect(await migratePostgres(client)).toEqual(rest);
      expect(await migratePostgres(client)).toEqual([]);
      await expect(migratePostgres(client, early.slice(0, 2))).rejects.toThrow(/only knows up to/);
    } finally {
      await client.end();
      await dropSchema(schema);
    }
  });

  it("answers the word match from the GIN index over message texts", async () => {
    const schema = freshSchemaName();
    try {
      const store = await createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 1 });
      const sid = await createSession(store);
      accepted(await store.append(sid, [newEvent({ payloadJson: '{"text":"lost parcel"}' })]));
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`SET search_path = "${schema}"`);
      // A tiny table is read whole otherwise; the question is whether the index can answer.
      await client.query("SET enable_seqscan = off");
      const plan = await client.query(
        `EXPLAIN SELECT e.session_id FROM events e
         WHERE e.type IN (${SEARCHABLE_TYPES_SQL})
           AND to_tsvector('simple', (e.payload_json::jsonb) ->> 'text') @@ to_tsquery('simple', 'parc:*')`,
      );
      await client.end();
      await store.close();
      expect(JSON.stringify(plan.rows)).toContain("events_message_search");
    } finally {
      await dropSchema(schema);
    }
  });

  it("a recreated schema has a new epoch", async () => {
    const schema = freshSchemaName();
    try {
      const first = await createPostgresStore({ url: TEST_POSTGRES_URL, schema });
      const before = await first.epoch();
      await first.close();
      await dropSchema(schema);
      const second = await createPostgresStore({ url: TEST_POSTGRES_URL, schema });
      expect(await second.epoch()).not.toBe(before);
      await second.close();
    } finally {
      await dropSchema(schema);
    }
  });

  it("two stores (two processes) appending to one session keep it gap-free and in each one's order", async () => {
    const schema = freshSchemaName();
    const a = await createPostgresStore({ url: TEST_POSTGRES_URL, schema });
    const b = await createPostgresStore({ url: TEST_POSTGRES_URL, schema });
    try {
      const id = await createSession(a);
      const fromA = Array.from({ length: 60 }, () => newEvent());
      const fromB = Array.from({ length: 60 }, () => newEvent());
      await Promise.all([
        ...fromA.map((e) => a.append(id, [e]).then(accepted)),
        ...fromB.map((e) => b.append(id, [e]).then(accepted)),
      ]);
      const stored = await a.readEvents(id, 0, 1000);
      expect(stored.map((e) => e.sequence)).toEqual(Array.from({ length: 121 }, (_, i) => i + 1));
      const order = (mine: readonly { id: string }[]) => {
        const ids = new Set(mine.map((e) => e.id));
        return stored.filter((e) => ids.has(e.id)).map((e) => e.id);
      };
      expect(order(fromA)).toEqual(fromA.map((e) => e.id));
      expect(order(fromB)).toEqual(fromB.map((e) => e.id));
    } finally {
      await a.close();
      await b.close();
      await dropSchema(schema);
    }
  });

  it("holds a desk user to their capacity across stores (processes) claiming at once", async () => {
    const schema = freshSchemaName();
    const stores = await Promise.all(
      [1, 2, 3, 4].map(() => createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 2 })),
    );
    const [a] = stores as [PostgresStore];
    try {
      for (let round = 0; round < 5; round++) {
        const user = `capped-${round}`;
        await a.createDeskUser({
          id: user,
          name: user,
          avatarUrl: null,
          queues: ["support"],
          maxConcurrent: 2,
          tokenHash: String(round).repeat(64),
          createdAt: T0,
          updatedAt: T0,
        });
        const waiting = [];
        for (let i = 0; i < 8; i++) {
          const h = handoff(await createSession(a));
          await a.createHandoff(h);
          waiting.push(h);
        }
        const results = await Promise.all(
          waiting.map((h, i) => (stores[i % 4] as PostgresStore).claimHandoff(h.id, user, T0, 2)),
        );
        expect(results.filter(Boolean)).toHaveLength(2);
      }
    } finally {
      for (const s of stores) await s.close();
      await dropSchema(schema);
    }
  });

  it("holds a desk user to their capacity across stores (processes) handing chats to them at once", async () => {
    const schema = freshSchemaName();
    const stores = await Promise.all(
      [1, 2, 3, 4].map(() => createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 2 })),
    );
    const [a] = stores as [PostgresStore];
    try {
      for (let round = 0; round < 5; round++) {
        const user = `receiver-${round}`;
        await a.createDeskUser({
          id: user,
          name: user,
          avatarUrl: null,
          queues: ["support"],
          maxConcurrent: 2,
          tokenHash: String(round).repeat(64),
          createdAt: T0,
          updatedAt: T0,
        });
        const held = [];
        for (let i = 0; i < 8; i++) {
          const h = handoff(await createSession(a));
          await a.createHandoff(h);
          await a.claimHandoff(h.id, `giver-${i}`, T0);
          held.push(h);
        }
        const results = await Promise.all(
          held.map((h, i) =>
            (stores[i % 4] as PostgresStore).reassignHandoff(h.id, `giver-${i}`, user, T0, 2),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(2);
      }
    } finally {
      for (const s of stores) await s.close();
      await dropSchema(schema);
    }
  });

  it("refuses an unsafe schema name", async () => {
    await expect(
      createPostgresStore({ url: TEST_POSTGRES_URL, schema: 'x"; DROP TABLE y; --' }),
    ).rejects.toThrow(/schema name/);
  });
});
