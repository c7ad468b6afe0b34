// `node dist/bench/presence-bench.js`: what visitor presence costs per connection (open + close)
// and per desk poll, on SQLite and PostgreSQL beside the in-memory adapter of the same run.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PostgresVisitorPresence, SqliteVisitorPresence } from "../src/coordination/index.js";
import { InProcessPresence, type Store, type VisitorPresenceStore } from "../src/core/index.js";
import { createPostgresStore, createSqliteStore, openSqliteDatabase } from "../src/store/index.js";

const PG_URL = process.env.BENCH_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const SESSIONS = 200;
const CONNECTIONS = 2000;
const log = (line: string) => process.stdout.write(`${line}\n`);

async function sessions(store: Store): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < SESSIONS; i += 1) {
    const id = crypto.randomUUID();
    await store.createSession(
      {
        id,
        connectorId: "bench",
        subject: "bench",
        subjectExpiresAt: Date.now() + 3_600_000,
        streaming: false,
        clientProfile: "standard",
        chunkLayout: "concat",
        platform: "web",
        deviceType: null,
        userAgent: null,
        createdAt: Date.now(),
      },
      {
        id: crypto.randomUUID(),
        type: "EVENT_TYPE_SESSION_START",
        timestamp: new Date().toISOString(),
        payloadJson: "{}",
        metadataJson: null,
        clientKey: null,
      },
    );
    ids.push(id);
  }
  return ids;
}

async function measure(presence: VisitorPresenceStore, ids: string[]) {
  const started = performance.now();
  for (let i = 0; i < CONNECTIONS; i += 1) {
    const id = ids[i % ids.length] as string;
    const now = Date.now();
    await presence.opened(id, `h${i}`, now);
    await presence.closed(id, `h${i}`, now, now - 60_000);
  }
  const connections = CONNECTIONS / ((performance.now() - started) / 1000);
  const polls = 200;
  const pollStart = performance.now();
  for (let i = 0; i < polls; i += 1) await presence.presenceOf(ids, Date.now() - 60_000);
  const pollMs = (performance.now() - pollStart) / polls;
  return { connections, pollMs };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-presence-bench-"));
  const file = join(dir, "bench.sqlite");
  const sqliteStore = createSqliteStore({ file });
  const base = await measure(new InProcessPresence(), await sessions(sqliteStore));
  const sqlite = await measure(
    new SqliteVisitorPresence(openSqliteDatabase(file, "normal")),
    await sessions(sqliteStore),
  );
  const schema = `bench_${crypto.randomUUID().replaceAll("-", "").slice(0, 10)}`;
  const pg = await createPostgresStore({ url: PG_URL, schema });
  const postgres = await measure(new PostgresVisitorPresence(pg.queries()), await sessions(pg));
  await pg.queries().query(`DROP SCHEMA "${schema}" CASCADE`);
  await pg.close();
  await sqliteStore.close();
  rmSync(dir, { recursive: true, force: true });
  log(`visitor presence, ${CONNECTIONS} connections (open + close), poll of ${SESSIONS} sessions`);
  for (const [name, r] of [
    ["in-memory", base],
    ["SQLite", sqlite],
    ["PostgreSQL", postgres],
  ] as const) {
    log(
      `${name.padEnd(11)} ${r.connections.toFixed(0).padStart(7)} connections/s` +
        ` (${(r.connections / base.connections).toFixed(3)}x in-memory)` +
        `  poll ${r.pollMs.toFixed(2)} ms`,
    );
  }
}

await main();
