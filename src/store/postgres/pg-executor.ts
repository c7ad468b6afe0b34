// Runs the shared query layer's compiled queries on a PostgreSQL pool.
import type { CompiledQuery } from "kysely";
import type { Pool, PoolClient } from "pg";
import type { RecordExecutor } from "../records/executor.js";

/** Shared queries on the pool: reads on any connection, multi-statement writes in a transaction. */
export class PgExecutor implements RecordExecutor {
  readonly #pool: Pool;

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  async read<R>(query: CompiledQuery<R>): Promise<R[]> {
    const result = await this.#pool.query(query.sql, [...query.parameters]);
    return result.rows as R[];
  }

  async writeReturning<R>(query: CompiledQuery<R>): Promise<R[]> {
    return (await this.#pool.query(query.sql, [...query.parameters])).rows as R[];
  }

  async write(queries: readonly CompiledQuery[]): Promise<number[]> {
    if (queries.length === 1 && queries[0] !== undefined) {
      const only = queries[0];
      return [(await this.#pool.query(only.sql, [...only.parameters])).rowCount ?? 0];
    }
    return inTransaction(this.#pool, async (client) => {
      const changed: number[] = [];
      for (const q of queries)
        changed.push((await client.query(q.sql, [...q.parameters])).rowCount ?? 0);
      return changed;
    });
  }
}

/** Runs `work` in one transaction on one pooled connection; rolls back when it throws. */
export async function inTransaction<T>(
  pool: Pool,
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query("BEGIN");
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {
      broken = true;
    });
    throw error;
  } finally {
    // A connection that could not even roll back is dropped, not handed to the next caller.
    client.release(broken);
  }
}
