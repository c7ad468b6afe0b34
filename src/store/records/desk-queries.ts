// Queues, desk users and handoffs: one query layer for both SQL dialects.
import { sql, type UpdateQueryBuilder, type UpdateResult } from "kysely";
import type { DeskRecords } from "../../core/ports/desk-records.js";
import type {
  DeskUserRecord,
  HandoffPatch,
  HandoffRecord,
  HandoffState,
  QueueRecord,
} from "../../core/records.js";
import { AdminQueries } from "./admin-queries.js";
import {
  deskUserRow,
  handoffPatchColumns,
  handoffRow,
  queueRow,
  toDeskUser,
  toHandoff,
  toQueue,
} from "./conversions.js";
import type { Tables } from "./tables.js";

/** The desk's records. A handoff belongs to its session: `ON DELETE CASCADE` erases it with it. */
export abstract class DeskQueries extends AdminQueries implements DeskRecords {
  async putQueue(queue: QueueRecord): Promise<void> {
    // "Creates or replaces": the stored queue is exactly the last one put, createdAt included.
    const { name: _name, ...replaced } = queueRow(queue);
    const query = this.q
      .insertInto("queues")
      .values(queueRow(queue))
      .onConflict((conflict) => conflict.column("name").doUpdateSet(replaced));
    await this.change(query.compile());
  }

  async getQueue(name: string): Promise<QueueRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("queues").selectAll().where("name", "=", name).compile(),
    );
    return row === undefined ? undefined : toQueue(row);
  }

  async listQueues(): Promise<QueueRecord[]> {
    const query = this.q.selectFrom("queues").selectAll().orderBy("name");
    return (await this.records.read(query.compile())).map(toQueue);
  }

  async deleteQueue(name: string): Promise<boolean> {
    return (await this.change(this.q.deleteFrom("queues").where("name", "=", name).compile())) > 0;
  }

  async createDeskUser(user: DeskUserRecord): Promise<void> {
    await this.change(this.q.insertInto("desk_users").values(deskUserRow(user)).compile());
  }

  async getDeskUser(id: string): Promise<DeskUserRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("desk_users").selectAll().where("id", "=", id).compile(),
    );
    return row === undefined ? undefined : toDeskUser(row);
  }

  async getDeskUserByTokenHash(tokenHash: string): Promise<DeskUserRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("desk_users").selectAll().where("token_hash", "=", tokenHash).compile(),
    );
    return row === undefined ? undefined : toDeskUser(row);
  }

  async listDeskUsers(): Promise<DeskUserRecord[]> {
    const query = this.q.selectFrom("desk_users").selectAll().orderBy("created_at").orderBy("id");
    return (await this.records.read(query.compile())).map(toDeskUser);
  }

  async updateDeskUser(user: DeskUserRecord): Promise<boolean> {
    // createdAt is deliberately not written: it never changes.
    const { id: _id, created_at: _created, ...columns } = deskUserRow(user);
    const query = this.q.updateTable("desk_users").set(columns).where("id", "=", user.id);
    return (await this.change(query.compile())) > 0;
  }

  async deleteDeskUser(id: string): Promise<boolean> {
    return (await this.change(this.q.deleteFrom("desk_users").where("id", "=", id).compile())) > 0;
  }

  async createHandoff(handoff: HandoffRecord): Promise<void> {
    await this.change(this.q.insertInto("handoffs").values(handoffRow(handoff)).compile());
  }

  async getHandoff(id: string): Promise<HandoffRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("handoffs").selectAll().where("id", "=", id).compile(),
    );
    return row === undefined ? undefined : toHandoff(row);
  }

  async listOpenHandoffs(): Promise<HandoffRecord[]> {
    const query = this.q
      .selectFrom("handoffs")
      .selectAll()
      .where("state", "in", ["queued", "assigned"])
      .orderBy("enqueued_at")
      .orderBy("id");
    return (await this.records.read(query.compile())).map(toHandoff);
  }

  async claimHandoff(
    id: string,
    deskUserId: string,
    at: number,
    capacity?: number,
  ): Promise<boolean> {
    // One conditional statement: of concurrent claims from any process, only the first still
    // finds the handoff queued (SQLite's write lock, PostgreSQL's row lock and re-check).
    const claim = this.q
      .updateTable("handoffs")
      .set({ state: "assigned", assigned_to: deskUserId, assigned_at: at })
      .where("id", "=", id)
      .where("state", "=", "queued");
    if (capacity === undefined) return (await this.change(claim.compile())) === 1;
    return this.#underCapacity(claim, deskUserId, capacity);
  }

  async reassignHandoff(
    id: string,
    fromUserId: string,
    toUserId: string,
    at: number,
    capacity: number,
  ): Promise<boolean> {
    const move = this.q
      .updateTable("handoffs")
      .set({ assigned_to: toUserId, assigned_at: at })
      .where("id", "=", id)
      .where("state", "=", "assigned")
      .where("assigned_to", "=", fromUserId);
    return this.#underCapacity(move, toUserId, capacity);
  }

  /**
   * Runs `change` (a claim or hand-over to `deskUserId`) only while that desk user holds fewer
   * than `capacity` chats. The count must see every change committed before it: a no-op update
   * first locks the desk user's row (PostgreSQL), so two changes for one desk user take turns, and
   * the conditional statement, run once the lock is held, counts with a fresh snapshot. SQLite
   * has one writer at a time: the count is already current.
   */
  async #underCapacity(
    change: UpdateQueryBuilder<Tables, "handoffs", "handoffs", UpdateResult>,
    deskUserId: string,
    capacity: number,
  ): Promise<boolean> {
    const counted = change.where(
      (eb) =>
        eb
          .selectFrom("handoffs as held")
          .select(eb.fn.countAll<number>().as("n"))
          .where("held.assigned_to", "=", deskUserId)
          .where("held.state", "=", "assigned"),
      "<",
      capacity,
    );
    const lock = this.q
      .updateTable("desk_users")
      .set((eb) => ({ id: eb.ref("id") }))
      .where("id", "=", deskUserId);
    const [, changed] = await this.records.write([lock.compile(), counted.compile()]);
    return changed === 1;
  }

  async updateHandoff(id: string, from: HandoffState, patch: HandoffPatch): Promise<boolean> {
    // `state = state` keeps the statement valid for an empty patch (which still reports a match).
    const query = this.q
      .updateTable("handoffs")
      .set((eb) => ({ state: eb.ref("state"), ...handoffPatchColumns(patch) }))
      .where("id", "=", id)
      .where("state", "=", from);
    return (await this.change(query.compile())) === 1;
  }

  async recentWaits(queue: string, since: number, limit: number): Promise<number[]> {
    let query = this.q
      .selectFrom("handoffs")
      .select(sql<number>`assigned_at - enqueued_at`.as("wait"))
      .where("queue", "=", queue)
      .where("assigned_at", "is not", null)
      .where("assigned_at", ">=", since)
      .orderBy("assigned_at", "desc")
      .orderBy("id", "desc");
    // The port means "at most `limit`": infinity is no limit, nonsense is none.
    if (limit !== Number.POSITIVE_INFINITY) {
      query = query.limit(Number.isFinite(limit) ? Math.max(0, Math.trunc(limit)) : 0);
    }
    return (await this.records.read(query.compile())).map((row) => Number(row.wait));
  }
}
