// The base of query classes for ports kept beside a store: its executor, dialect and builder.
import type { CompiledQuery, Kysely } from "kysely";
import { queryBuilder, type RecordExecutor, type SqlDialect } from "./executor.js";
import type { Tables } from "./tables.js";

/** A store's executor and dialect (`sharedExecutor()` of either store). */
export interface ExecutorSource {
  records: RecordExecutor;
  dialect: SqlDialect;
}

/** What every port's query class needs: run compiled queries on the store's executor. */
export abstract class PortQueries {
  protected readonly records: RecordExecutor;
  protected readonly dialect: SqlDialect;
  protected readonly q: Kysely<Tables>;

  constructor({ records, dialect }: ExecutorSource) {
    this.records = records;
    this.dialect = dialect;
    this.q = queryBuilder(dialect);
  }

  /** The first row of a read, if any. */
  protected async first<R>(query: CompiledQuery<R>): Promise<R | undefined> {
    return (await this.records.read(query))[0];
  }

  /** Runs one write; how many rows it changed. */
  protected async change(query: CompiledQuery): Promise<number> {
    return (await this.records.write([query]))[0] ?? 0;
  }
}
