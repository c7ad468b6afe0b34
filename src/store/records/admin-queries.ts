// Agents, connectors, signing keys and settings: one query layer for both SQL dialects.
import { type CompiledQuery, type Kysely, sql } from "kysely";
import type { AdminRecords } from "../../core/ports/admin-records.js";
import type { Settings } from "../../core/ports/settings.js";
import type { AgentRecord, ConnectorRecord, SigningKeyRecord } from "../../core/records.js";
import { agentRow, connectorRow, toAgent, toConnector, toSigningKey } from "./conversions.js";
import { queryBuilder, type RecordExecutor, type SqlDialect } from "./executor.js";
import type { Tables } from "./tables.js";

/**
 * The admin records and settings of a store, written once in Kysely and compiled for the
 * adapter's dialect; the adapter runs the SQL. Not the hot path: nothing here runs per message.
 */
export abstract class AdminQueries implements AdminRecords, Omit<Settings, "withLock"> {
  protected readonly records: RecordExecutor;
  protected readonly q: Kysely<Tables>;
  protected readonly dialect: SqlDialect;

  readonly #dialect: SqlDialect;

  constructor(records: RecordExecutor, dialect: SqlDialect) {
    this.records = records;
    this.#dialect = dialect;
    this.q = queryBuilder(dialect);
    this.dialect = dialect;
  }

  /** This store's executor and dialect, for query classes of other ports kept in its database. */
  sharedExecutor(): { records: RecordExecutor; dialect: SqlDialect } {
    return { records: this.records, dialect: this.#dialect };
  }

  /** The first row of a read, if any. */
  protected async first<R>(query: CompiledQuery<R>): Promise<R | undefined> {
    return (await this.records.read(query))[0];
  }

  /** Runs one write; how many rows it changed. */
  protected async change(query: CompiledQuery): Promise<number> {
    const [changed] = await this.records.write([query]);
    return changed ?? 0;
  }

  async createAgent(agent: AgentRecord): Promise<void> {
    await this.change(this.q.insertInto("agents").values(agentRow(agent)).compile());
  }

  async getAgent(id: string): Promise<AgentRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("agents").selectAll().where("id", "=", id).compile(),
    );
    return row === undefined ? undefined : toAgent(row);
  }

  async getAgentByKeyHash(keyHash: string): Promise<AgentRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("agents").selectAll().where("key_hash", "=", keyHash).compile(),
    );
    return row === undefined ? undefined : toAgent(row);
  }

  async listAgents(): Promise<AgentRecord[]> {
    const query = this.q.selectFrom("agents").selectAll().orderBy("created_at").orderBy("id");
    return (await this.records.read(query.compile())).map(toAgent);
  }

  async updateAgent(agent: AgentRecord): Promise<boolean> {
    const { name, definition_json, key_hash, updated_at } = agentRow(agent);
    const query = this.q
      .updateTable("agents")
      .set({ name, definition_json, key_hash, updated_at })
      .where("id", "=", agent.id);
    return (await this.change(query.compile())) > 0;
  }

  async deleteAgent(id: string): Promise<boolean> {
    return (await this.change(this.q.deleteFrom("agents").where("id", "=", id).compile())) > 0;
  }

  async createConnector(connector: ConnectorRecord): Promise<void> {
    await this.change(this.q.insertInto("connectors").values(connectorRow(connector)).compile());
  }

  async getConnector(id: string): Promise<ConnectorRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("connectors").selectAll().where("id", "=", id).compile(),
    );
    return row === undefined ? undefined : toConnector(row);
  }

  async getConnectorByTokenHash(tokenHash: string): Promise<ConnectorRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("connectors").selectAll().where("token_hash", "=", tokenHash).compile(),
    );
    return row === undefined ? undefined : toConnector(row);
  }

  async listConnectors(): Promise<ConnectorRecord[]> {
    const query = this.q.selectFrom("connectors").selectAll().orderBy("created_at").orderBy("id");
    return (await this.records.read(query.compile())).map(toConnector);
  }

  async updateConnector(connector: ConnectorRecord): Promise<boolean> {
    // createdAt is deliberately not written: it never changes.
    const { id: _id, created_at: _created, ...columns } = connectorRow(connector);
    const query = this.q.updateTable("connectors").set(columns).where("id", "=", connector.id);
    return (await this.change(query.compile())) > 0;
  }

  async deleteConnector(id: string): Promise<boolean> {
    return (await this.change(this.q.deleteFrom("connectors").where("id", "=", id).compile())) > 0;
  }

  async listSigningKeys(): Promise<SigningKeyRecord[]> {
    // Newest first; of keys made in the same millisecond the one still in service first.
    const query = this.q
      .selectFrom("signing_keys")
      .selectAll()
      .orderBy("created_at", "desc")
      .orderBy(sql`case when retired_at is null then 0 else 1 end`)
      .orderBy("kid");
    return (await this.records.read(query.compile())).map(toSigningKey);
  }

  async addSigningKey(key: SigningKeyRecord): Promise<void> {
    const retire = this.q
      .updateTable("signing_keys")
      .set({ retired_at: key.createdAt })
      .where("retired_at", "is", null);
    const insert = this.q.insertInto("signing_keys").values({
      kid: key.kid,
      alg: key.alg,
      secret: key.secret,
      created_at: key.createdAt,
      retired_at: key.retiredAt,
    });
    await this.records.write([retire.compile(), insert.compile()]);
  }

  async getSetting(name: string): Promise<string | undefined> {
    const row = await this.first(
      this.q.selectFrom("settings").select("value").where("name", "=", name).compile(),
    );
    return row?.value;
  }

  async claimSetting(name: string, value: string, at: number): Promise<boolean> {
    const query = this.q
      .insertInto("settings")
      .values({ name, value, updated_at: at })
      .onConflict((conflict) => conflict.column("name").doNothing());
    return (await this.change(query.compile())) === 1;
  }

  async putSetting(name: string, value: string, at: number): Promise<void> {
    const query = this.q
      .insertInto("settings")
      .values({ name, value, updated_at: at })
      .onConflict((conflict) => conflict.column("name").doUpdateSet({ value, updated_at: at }));
    await this.change(query.compile());
  }
}
