// The SQLite store: the shared Store contract plus pragmas, migrations and crash durability.
import { copyFileSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import { v7 } from "uuid";
import { afterEach, describe, expect, it } from "vitest";
import { createSqliteStore, MIGRATIONS, SchemaTooNewError } from "../../src/store/index.js";
import { type Migration, migrate } from "../../src/store/sqlite/migrations.js";
import { runCrashWriter } from "../support/sqlite-crash.js";
import { deskUser, handoff } from "../support/store-contract/desk-fixtures.js";
import { connector, createSession, newEvent } from "../support/store-contract/fixtures.js";
import { describeStoreContract } from "../support/store-contract.js";

const dirs: string[] = [];

/** A database path in a fresh temp dir, removed after the test. */
function tempFile(name = "switchboard.db"): string {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-store-"));
  dirs.push(dir);
  return join(dir, name);
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describeStoreContract("sqlite", async () => {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-contract-"));
  const file = join(dir, "store.db");
  const store = createSqliteStore({ file });
  const reopened: ReturnType<typeof createSqliteStore>[] = [];
  return {
    store,
    reopen: async () => {
      const again = createSqliteStore({ file });
      reopened.push(again);
      return again;
    },
    cleanup: async () => {
      await store.close();
      for (const s of reopened) await s.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe("SQLite store", () => {
  it("opens in WAL mode with NORMAL sync, foreign keys and a 5 s busy timeout", async () => {
    const file = tempFile();
    const store = createSqliteStore({ file });
    expect(store.pragma("journal_mode")).toBe("wal");
    expect(store.pragma("synchronous")).toBe(1);
    expect(store.pragma("foreign_keys")).toBe(1);
    expect(store.pragma("busy_timeout")).toBe(5000);
    await store.close();
    const raw = new BetterSqlite3(file);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    raw.close();
  });

  it('synchronous: "full" sets FULL', async () => {
    const store = createSqliteStore({ file: tempFile(), synchronous: "full" });
    expect(store.pragma("synchronous")).toBe(2);
    await store.close();
  });

  it("creates the database's parent directories", async () => {
    const file = join(tempFile(), "..", "nested", "deeper", "data.db");
    const store = createSqliteStore({ file });
    await store.close();
    expect(existsSync(file)).toBe(true);
  });

  it("records each migration once; opening the file again applies nothing", async () => {
    const file = tempFile();
    const first = createSqliteStore({ file });
    const id = await createSession(first);
    await first.close();
    const before = readMigrations(file);
    expect(before.map((m) => m.version)).toEqual(MIGRATIONS.map((m) => m.version));

    const second = createSqliteStore({ file });
    expect(second.pragma("user_version")).toBe(MIGRATIONS.at(-1)?.version);
    expect((await second.getSession(id))?.id).toBe(id);
    await second.close();
    expect(readMigrations(file)).toEqual(before);
  });

  it("applies only the migrations newer than the file, each recorded", () => {
    const db = new BetterSqlite3(tempFile());
    const steps: Migration[] = [
      { version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)" },
      { version: 2, name: "two", sql: "CREATE TABLE b (x INTEGER)" },
    ];
    expect(migrate(db, steps)).toEqual([1, 2]);
    expect(migrate(db, steps)).toEqual([]);
    const three = { version: 3, name: "three", sql: "ALTER TABLE a ADD COLUMN y TEXT" };
    expect(migrate(db, [...steps, three])).toEqual([3]);
    expect(db.pragma("user_version", { simple: true })).toBe(3);
    db.close();
  });

  it("applies a migration numbered below one already applied (written side by side, landed later)", () => {
    const db = new BetterSqlite3(tempFile());
    const one = { version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)" };
    const two = { version: 2, name: "two", sql: "CREATE TABLE b (x INTEGER)" };
    const three = { version: 3, name: "three", sql: "CREATE TABLE c (x INTEGER)" };
    expect(migrate(db, [one, three])).toEqual([1, 3]);
    expect(migrate(db, [one, two, three])).toEqual([2]);
    expect(migrate(db, [one, two, three])).toEqual([]);
    expect(db.pragma("user_version", { simple: true })).toBe(3);
    db.close();
  });

  it("a failing migration leaves the file at the previous version", () => {
    const db = new BetterSqlite3(tempFile());
    const steps: Migration[] = [
      { version: 1, name: "one", sql: "CREATE TABLE a (x INTEGER)" },
      { version: 2, name: "bad", sql: "CREATE TABLE c (x INTEGER); CREATE TABLE a (x INTEGER)" },
    ];
    expect(() => migrate(db, steps)).toThrow();
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'c'").all()).toEqual([]);
    db.close();
  });

  it("refuses a database migrated by a newer version", () => {
    const file = tempFile();
    const raw = new BetterSqlite3(file);
    raw.pragma("user_version = 999");
    raw.close();
    expect(() => createSqliteStore({ file })).toThrow(SchemaTooNewError);
    expect(() => createSqliteStore({ file })).toThrow(/version 999.*newer Switchboard/);
  });

  it("checkpoints the WAL in the background: the database file alone holds committed events", async () => {
    const file = tempFile();
    const store = createSqliteStore({ file });
    expect(store.pragma("wal_autocheckpoint")).toBe(0);
    const id = await createSession(store);
    await Promise.all(Array.from({ length: 200 }, () => store.append(id, [newEvent()])));
    // The worker checkpoints every 500 ms; a copy of the main file without its WAL shows it.
    const deadline = Date.now() + 5000;
    let count = 0;
    while (Date.now() < deadline && count < 201) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const copy = `${file}.copy`;
      copyFileSync(file, copy);
      const db = new BetterSqlite3(copy);
      try {
        count = (db.prepare("SELECT count(*) AS n FROM events").get() as { n: number }).n;
      } catch {
        count = 0; // not even the schema has been checkpointed yet
      }
      db.close();
      for (const f of [copy, `${copy}-wal`, `${copy}-shm`]) rmSync(f, { force: true });
    }
    expect(count).toBe(201);
    await store.close();
  });

  it("a read does not end a group commit early: queued appends commit together, then show", async () => {
    const store = createSqliteStore({ file: tempFile() });
    const id = await createSession(store);
    const pending = [store.append(id, [newEvent()]), store.append(id, [newEvent()])];
    expect((await store.readEvents(id, 0, 10)).map((e) => e.sequence)).toEqual([1]);
    await Promise.all(pending);
    expect((await store.readEvents(id, 0, 10)).map((e) => e.sequence)).toEqual([1, 2, 3]);
    await store.close();
  });

  it("two connections appending to one session keep sequences gap-free", async () => {
    const file = tempFile();
    const a = createSqliteStore({ file });
    const b = createSqliteStore({ file });
    const id = await createSession(a);
    const calls = Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a : b));
    await Promise.all(calls.map((s) => s.append(id, [newEvent()])));
    const sequences = (await a.readEvents(id, 0, 100)).map((e) => e.sequence);
    expect(sequences).toEqual(Array.from({ length: 61 }, (_, i) => i + 1));
    await Promise.all([a.close(), b.close()]);
  });

  it("two connectors cannot share a token hash", async () => {
    const store = createSqliteStore({ file: tempFile() });
    await store.createConnector(connector({ tokenHash: "same" }));
    await expect(store.createConnector(connector({ tokenHash: "same" }))).rejects.toThrow();
    await store.close();
  });

  it("two connections racing to claim the same handoffs: exactly one wins each", async () => {
    const file = tempFile();
    const a = createSqliteStore({ file });
    const b = createSqliteStore({ file });
    const sid = await createSession(a);
    const hs = Array.from({ length: 10 }, () => handoff(sid));
    await Promise.all(hs.map((h) => a.createHandoff(h)));

    const races = hs.map((h) =>
      Promise.all([a.claimHandoff(h.id, "desk-a", 1), b.claimHandoff(h.id, "desk-b", 2)]),
    );
    const results = await Promise.all(races);
    for (const [i, [wonA, wonB]] of results.entries()) {
      expect(wonA !== wonB).toBe(true);
      const stored = await b.getHandoff(hs[i]?.id as string);
      expect(stored?.assignedTo).toBe(wonA ? "desk-a" : "desk-b");
    }
    await Promise.all([a.close(), b.close()]);
  });

  it("two desk users cannot share a token hash; a handoff needs its session", async () => {
    const store = createSqliteStore({ file: tempFile() });
    await store.createDeskUser(deskUser({ tokenHash: "same" }));
    await expect(store.createDeskUser(deskUser({ tokenHash: "same" }))).rejects.toThrow();
    await expect(store.createHandoff(handoff("no-such-session"))).rejects.toThrow();
    expect(await store.listOpenHandoffs()).toEqual([]);
    await store.close();
  });

  it("upgrades a version-1 file: data kept, desk tables and indexes added, profile and connector columns defaulted", async () => {
    const file = tempFile();
    const raw = new BetterSqlite3(file);
    migrate(raw, MIGRATIONS.slice(0, 1));
    raw
      .prepare(
        `INSERT INTO sessions VALUES ('s1', 'c', 'u', 0, 'web', NULL, NULL, 'active', 'none',
           NULL, NULL, NULL, 1, 1, 1, NULL)`,
      )
      .run();
    raw
      .prepare("INSERT INTO connectors VALUES ('c', NULL, 'example.com', 'a', NULL, 'h', 1, 1)")
      .run();
    raw.close();

    const store = createSqliteStore({ file });
    expect(store.pragma("user_version")).toBe(MIGRATIONS.at(-1)?.version);
    expect((await store.getConnector("c"))?.chunkJoin).toBe("auto");
    expect((await store.getConnector("c"))?.languageDetection).toBeUndefined();
    expect(await store.getSession("s1")).toMatchObject({
      id: "s1",
      // Sessions from before profiles were chunked for concatenation; their token expiry is unknown.
      clientProfile: "standard",
      chunkLayout: "concat",
      subjectExpiresAt: null,
    });
    const h = handoff("s1");
    await store.createHandoff(h);
    expect(await store.getHandoff(h.id)).toEqual(h);
    await store.close();

    const db = new BetterSqlite3(file, { readonly: true });
    const indexes = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN (?, ?)")
      .pluck()
      .all("handoffs", "desk_users");
    db.close();
    expect(indexes).toEqual(
      expect.arrayContaining([
        "desk_users_token_hash",
        "handoffs_state",
        "handoffs_queue_assigned",
        "handoffs_session",
      ]),
    );
  });

  it("indexes the messages already stored when message search is added, and only those", async () => {
    const file = tempFile();
    const store = createSqliteStore({ file });
    const sid = await createSessionIn(store, "Please refund my umbrella");
    await store.close();
    // Without migration 14, as a file from before message search, with more events written then.
    const older = new BetterSqlite3(file);
    older.exec(`DROP TRIGGER message_search_add; DROP TRIGGER message_search_remove;
      DROP TABLE message_search; DROP TABLE message_search_rows;
      DELETE FROM schema_migrations WHERE version = 14;`);
    const insert = older.prepare(
      "INSERT INTO events (session_id, sequence, id, type, timestamp, payload_json) VALUES (?, ?, ?, ?, 't', ?)",
    );
    insert.run(
      sid,
      98,
      "e98",
      "EVENT_TYPE_LIVE_AGENT_MESSAGE",
      JSON.stringify({ text: "Umbrella refunded" }),
    );
    insert.run(
      sid,
      99,
      "e99",
      "EVENT_TYPE_SYSTEM_MESSAGE",
      JSON.stringify({ text: "system notice" }),
    );
    older.close();

    const migrated = createSqliteStore({ file });
    const scope = { deskUserId: "ada", queues: ["support"] };
    const found = await migrated.listInbox({ scope, terms: ["umbrella", "refunded"] });
    expect(found.map((e) => e.match)).toEqual([{ sequence: 2, text: "Please refund my umbrella" }]);
    expect(await migrated.listInbox({ scope, terms: ["notice"] })).toEqual([]);
    await migrated.close();
  });

  it("keeps every acknowledged append when the process is killed with SIGKILL", async () => {
    const file = tempFile();
    const sessionId = v7();
    const acked = await runCrashWriter({ file, sessionId, killAfterAcks: 400 });
    expect(acked.length).toBeGreaterThanOrEqual(400);

    const store = createSqliteStore({ file });
    const stored = await store.readEvents(sessionId, 0, 1_000_000);
    const session = await store.getSession(sessionId);
    await store.close();

    expect(stored.map((e) => e.sequence)).toEqual(stored.map((_, i) => i + 1));
    expect(session?.lastSequence).toBe(stored.length);
    const idAt = new Map(stored.map((e) => [e.sequence, e.id]));
    const missing = acked.filter((a) => idAt.get(a.sequence) !== a.id);
    expect(missing).toEqual([]);
  }, 30_000);
});

function readMigrations(file: string): { version: number; name: string; applied_at: number }[] {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return db.prepare("SELECT * FROM schema_migrations ORDER BY version").all() as {
      version: number;
      name: string;
      applied_at: number;
    }[];
  } finally {
    db.close();
  }
}

/** An ended session handed to support whose one message says `text`; its id. */
async function createSessionIn(
  store: ReturnType<typeof createSqliteStore>,
  text: string,
): Promise<string> {
  const sid = await createSession(store);
  await store.createHandoff(handoff(sid, { state: "closed", assignedTo: "ada" }));
  await store.append(sid, [newEvent({ payloadJson: JSON.stringify({ text }) })], {
    state: "ended",
    endedAt: 1,
  });
  return sid;
}
