// The clustered Store: PostgreSQL through `pg`, appends group-committed, one schema per deployment.
import pg from "pg";
import type { AppendCondition, AppendResult, Store } from "../../core/ports.js";
import type {
  NewEvent,
  NewSession,
  SessionPatch,
  SessionRecord,
  StoredEvent,
} from "../../core/records.js";
import type { EventType } from "../../protocol/index.js";
import { newSessionRecord, storedEvent, toSession } from "../records/conversions.js";
import { SharedRecords } from "../records/session-queries.js";
import type { Tables } from "../records/tables.js";
import { PgGroupCommit } from "./group-commit.js";
import { migratePostgres } from "./migrations.js";
import { PgExecutor } from "./pg-executor.js";
import {
  APPEND,
  CREATE_SESSION,
  EPOCH,
  EVENT_BY_CLIENT_KEY,
  FIRST_EVENT_OF_TYPE,
  LOCK,
  READ_EVENTS,
  SESSION_BY_ID,
  UNLOCK,
} from "./statements.js";

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`; a `schema` query parameter picks the schema. */
  url: string;
  /** Schema for every table (created when missing); overrides the URL's; default `public`. */
  schema?: string;
  /** Most connections this process opens (default 10). */
  poolSize?: number;
  /** Group-commit lanes: batches that may commit at once (default 4). */
  lanes?: number;
  /** Most appends per group commit (default 256; 1 turns grouping off, for comparison). */
  maxBatch?: number;
  /** How long to wait for a connection before failing (default 5000 ms). */
  connectTimeoutMs?: number;
  /** Clock for `updatedAt` on appends; defaults to `Date.now`. */
  now?: () => number;
  /** Apply pending migrations on open (default true; `switchboard migrate` does it explicitly). */
  migrate?: boolean;
}

const INT8_OID = 20;
/** Longest a readiness ping waits for PostgreSQL. */
const PING_TIMEOUT_MS = 2000;

/** Opens the PostgreSQL store: connects, creates the schema when missing and migrates it. */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const { connectionString, schema } = splitSchema(options.url, options.schema);
  const pool = new pg.Pool({
    connectionString,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
    // Dead peers are noticed by TCP itself, not only when a query times out.
    keepAlive: true,
    // search_path is set by the server for every connection, before any query runs.
    options: `-c search_path=${quoteIdentifier(schema)}`,
    // BIGINT columns hold milliseconds and sequences: numbers, not strings.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === INT8_OID && format !== "binary"
          ? (value: string) => Number(value)
          : pg.types.getTypeParser(oid, format ?? "text")) as typeof pg.types.getTypeParser,
    },
  });
  // An idle connection that breaks (server restart, network) is dropped by the pool; without a
  // listener its error would end the process. The next query opens a new one.
  pool.on("error", () => {});
  try {
    if (options.migrate ?? true) await migrateSchema(pool, schema);
    return new PostgresStore(pool, { ...options, schema });
  } catch (error) {
    await pool.end();
    throw error;
  }
}

/** Creates the schema when missing and applies pending migrations; returns the versions applied. */
export async function migrateSchema(pool: pg.Pool, schema: string): Promise<number[]> {
  const client = await pool.connect();
  try {
    // Two processes creating one schema at once: IF NOT EXISTS can still race, so retry once.
    await client
      .query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`)
      .catch(() => client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`));
    return await migratePostgres(client);
  } finally {
    client.release();
  }
}

/**
 * Store over a PostgreSQL pool: the event log hand-written here (one statement per create
 * and per append, group-committed by session lane), every other record through the shared
 * query layer it extends (`../records/`).
 */
export class PostgresStore extends SharedRecords implements Store {
  readonly #pool: pg.Pool;
  readonly #writes: PgGroupCommit;
  readonly #now: () => number;
  #epoch: string | undefined;
  #closed = false;

  readonly #schema: string;

  constructor(
    pool: pg.Pool,
    options: Pick<PostgresStoreOptions, "lanes" | "maxBatch" | "now" | "schema"> = {},
  ) {
    super(new PgExecutor(pool), "postgres");
    this.#pool = pool;
    this.#schema = options.schema ?? "public";
    this.#writes = new PgGroupCommit(pool, options.lanes ?? 4, options.maxBatch);
    this.#now = options.now ?? Date.now;
  }

  createSession(
    session: NewSession,
    start: NewEvent,
  ): Promise<{ session: SessionRecord; start: StoredEvent }> {
    return this.#write(session.id, async (client) => {
      await client.query(CREATE_SESSION, [
        session.id,
        session.connectorId,
        session.subject,
        session.subjectExpiresAt,
        session.streaming,
        session.clientProfile,
        session.chunkLayout,
        session.platform,
        session.deviceType,
        session.userAgent,
        session.createdAt,
        start.id,
        start.type,
        start.timestamp,
        start.payloadJson,
        start.metadataJson,
        start.clientKey,
      ]);
      return { session: newSessionRecord(session), start: storedEvent(session.id, 1, start) };
    });
  }

  append(
    sessionId: string,
    events: readonly NewEvent[],
    patch?: SessionPatch,
    condition?: AppendCondition,
  ): Promise<AppendResult> {
    const values = appendValues(sessionId, events, patch ?? {}, condition, this.#now());
    return this.#write(sessionId, async (client): Promise<AppendResult> => {
      const result = await client.query<{ lastSequence: number; revision: number }>(APPEND, values);
      const row = result.rows[0];
      if (row === undefined) {
        const found = await client.query<Tables["sessions"]>(SESSION_BY_ID, [sessionId]);
        return refusal(found.rows[0]);
      }
      const first = row.lastSequence - events.length + 1;
      return {
        ok: true,
        events: events.map((event, i) => storedEvent(sessionId, first + i, event)),
        revision: row.revision,
      };
    });
  }

  async readEvents(
    sessionId: string,
    afterSequence: number,
    limit: number,
  ): Promise<StoredEvent[]> {
    this.#assertOpen();
    const max = limit === Number.POSITIVE_INFINITY ? null : Math.max(0, Math.trunc(limit));
    return (await this.#pool.query<StoredEvent>(READ_EVENTS, [sessionId, afterSequence, max])).rows;
  }

  async findFirstEvent(sessionId: string, type: EventType): Promise<StoredEvent | undefined> {
    this.#assertOpen();
    return (await this.#pool.query<StoredEvent>(FIRST_EVENT_OF_TYPE, [sessionId, type])).rows[0];
  }

  async findEventByClientKey(
    sessionId: string,
    clientKey: string,
  ): Promise<StoredEvent | undefined> {
    this.#assertOpen();
    return (await this.#pool.query<StoredEvent>(EVENT_BY_CLIENT_KEY, [sessionId, clientKey]))
      .rows[0];
  }

  async epoch(): Promise<string> {
    this.#assertOpen();
    if (this.#epoch === undefined) {
      const row = (await this.#pool.query<{ epoch: string }>(EPOCH)).rows[0];
      if (row === undefined) throw new Error("PostgreSQL store has no epoch (store_meta is empty)");
      this.#epoch = row.epoch;
    }
    return this.#epoch;
  }

  /**
   * A session-level advisory lock on a connection of its own, keyed by the schema and the
   * name: PostgreSQL releases it when the connection ends, so a holder that dies frees it.
   */
  async withLock<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.#assertOpen();
    const client = await this.#pool.connect();
    let broken = false;
    try {
      await client.query(LOCK, [name]);
      try {
        return await work();
      } finally {
        await client.query(UNLOCK, [name]).catch(() => {
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  /** Applies pending migrations (opening the store does too, unless told not to). */
  migrate(): Promise<number[]> {
    this.#assertOpen();
    return migrateSchema(this.#pool, this.#schema);
  }

  /**
   * Readiness: rejects when the server does not answer within `PING_TIMEOUT_MS`, so a probe
   * never hangs on a half-open connection (a dead host behind a live proxy).
   */
  async ping(): Promise<void> {
    this.#assertOpen();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("PostgreSQL did not answer")), PING_TIMEOUT_MS);
      timer.unref();
    });
    try {
      await Promise.race([this.#pool.query("SELECT 1"), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Plain queries and connections on the store's pool, for adapters kept in its schema (timers, leases, limits). */
  queries(): {
    query(text: string, values?: unknown[]): Promise<{ rows: never[]; rowCount: number | null }>;
    connect(): Promise<pg.PoolClient>;
  } {
    return {
      query: (text, values) => this.#pool.query(text, values),
      connect: () => this.#pool.connect(),
    };
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#writes.drain();
    await this.#pool.end();
  }

  #write<T>(sessionId: string, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("PostgreSQL store is closed"));
    return this.#writes.enqueue(sessionId, work);
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error("PostgreSQL store is closed");
  }
}

/** Why an append's precondition failed, from the session row as it is now. */
function refusal(row: Tables["sessions"] | undefined): AppendResult {
  if (row === undefined) return { ok: false, refusal: "session_not_found" };
  const current = toSession(row);
  return {
    ok: false,
    refusal: current.state === "active" ? "stale_revision" : "session_ended",
    current,
  };
}

/** The parameters of `APPEND`, in order. */
function appendValues(
  sessionId: string,
  events: readonly NewEvent[],
  patch: SessionPatch,
  condition: AppendCondition | undefined,
  now: number,
): unknown[] {
  const field = (value: unknown) => [value !== undefined, value ?? null];
  const bump = Object.values(patch).some((value) => value !== undefined) ? 1 : 0;
  return [
    sessionId,
    events.length,
    now,
    bump,
    condition?.expectedRevision ?? null,
    ...field(patch.state),
    ...field(patch.agentStatus),
    ...field(patch.language),
    ...field(patch.endReason),
    ...field(patch.callSid),
    ...field(patch.endedAt),
    ...field(patch.subject),
    ...field(patch.subjectExpiresAt),
    events.map((e) => e.id),
    events.map((e) => e.type),
    events.map((e) => e.timestamp),
    events.map((e) => e.payloadJson),
    events.map((e) => e.metadataJson),
    events.map((e) => e.clientKey),
  ];
}

/** Migrates the schema a URL names; where that is (without credentials) and what was applied. */
export async function migratePostgresUrl(
  url: string,
  schema?: string,
): Promise<{ where: string; applied: number[] }> {
  const split = splitSchema(url, schema);
  const target = new URL(split.connectionString);
  const where = `postgres://${target.host}${target.pathname} schema ${split.schema}`;
  const store = await createPostgresStore({ url, schema, poolSize: 1, migrate: false });
  try {
    return { where, applied: await store.migrate() };
  } finally {
    await store.close();
  }
}

/** The URL without its `schema` parameter, and the schema (the option, the URL's, or public). */
export function splitSchema(
  url: string,
  schema: string | undefined,
): { connectionString: string; schema: string } {
  const parsed = new URL(url);
  const fromUrl = parsed.searchParams.get("schema");
  parsed.searchParams.delete("schema");
  return { connectionString: parsed.toString(), schema: schema ?? fromUrl ?? "public" };
}

/** A schema name, checked (it goes into SQL and the connection's options) and quoted. */
export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(name)) {
    throw new Error(
      `PostgreSQL schema name must be letters, digits and _ (got ${JSON.stringify(name)})`,
    );
  }
  return `"${name}"`;
}
