// Real stores for port contract suites: a SQLite file, or a fresh PostgreSQL schema (two processes' pools).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Store } from "../../src/core/ports.js";
import {
  createPostgresStore,
  createSqliteStore,
  type SharedExecutorSource,
} from "../../src/store/index.js";
import { dropSchema, freshSchemaName, TEST_POSTGRES_URL } from "./postgres.js";

/** What a port contract case gets: the ports over a store, and the store for its sessions. */
export interface PortHarness<P> {
  ports: P;
  store: Store;
  /** The same ports opened by a second process on the same database (PostgreSQL only). */
  other?: P;
  cleanup: () => Promise<void>;
}

type StoreWithExecutor = Store & SharedExecutorSource;

/** Builds the ports of a store (the adapter under test). */
export type PortsOf<P> = (store: StoreWithExecutor) => P;

/** The two real backends a contract suite runs on. */
export const BACKENDS = {
  sqlite: async <P>(build: PortsOf<P>): Promise<PortHarness<P>> => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-ports-"));
    const store = createSqliteStore({ file: join(dir, "store.db") });
    return {
      ports: build(store),
      store,
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  postgres: async <P>(build: PortsOf<P>): Promise<PortHarness<P>> => {
    const schema = freshSchemaName();
    const store = await createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 4 });
    const second = await createPostgresStore({ url: TEST_POSTGRES_URL, schema, poolSize: 4 });
    return {
      ports: build(store),
      store,
      other: build(second),
      cleanup: async () => {
        await store.close();
        await second.close();
        await dropSchema(schema);
      },
    };
  },
} as const;
