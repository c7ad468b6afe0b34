// Offline conversations: one query layer for both SQL dialects.
import type {
  OfflineDeliveryPatch,
  OfflineDeliveryState,
  OfflineMessageFilter,
  OfflineMessageRecord,
  OfflineMessageStore,
} from "../../core/ports/offline-messages.js";
import { InboxQueries } from "./inbox-queries.js";
import type { Tables } from "./tables.js";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 200;

type Row = Tables["offline_messages"];

/** Offline messages; `ON DELETE CASCADE` erases one with its session. */
export abstract class OfflineQueries extends InboxQueries implements OfflineMessageStore {
  async addOfflineMessage(record: OfflineMessageRecord): Promise<boolean> {
    const query = this.q
      .insertInto("offline_messages")
      .values(offlineRow(record))
      .onConflict((conflict) => conflict.column("session_id").doNothing());
    return (await this.change(query.compile())) > 0;
  }

  async getOfflineMessage(id: string): Promise<OfflineMessageRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("offline_messages").selectAll().where("id", "=", id).compile(),
    );
    return row === undefined ? undefined : toOffline(row);
  }

  async offlineMessageOfSession(sessionId: string): Promise<OfflineMessageRecord | undefined> {
    const row = await this.first(
      this.q
        .selectFrom("offline_messages")
        .selectAll()
        .where("session_id", "=", sessionId)
        .compile(),
    );
    return row === undefined ? undefined : toOffline(row);
  }

  async listOfflineMessages(filter: OfflineMessageFilter): Promise<OfflineMessageRecord[]> {
    let query = this.q.selectFrom("offline_messages").selectAll();
    if (filter.queues !== undefined) {
      if (filter.queues.length === 0) return [];
      query = query.where("queue", "in", [...filter.queues]);
    }
    if (filter.before !== undefined) {
      const before = filter.before;
      const cursor = await this.first(
        this.q
          .selectFrom("offline_messages")
          .select("created_at")
          .where("id", "=", before)
          .compile(),
      );
      query =
        cursor === undefined
          ? query.where("id", "<", before)
          : query.where((eb) =>
              eb(eb.refTuple("created_at", "id"), "<", eb.tuple(cursor.created_at, before)),
            );
    }
    const limit = Math.min(Math.max(Math.trunc(filter.limit ?? DEFAULT_LIMIT), 0), MAX_LIMIT);
    const page = query.orderBy("created_at", "desc").orderBy("id", "desc").limit(limit);
    return (await this.records.read(page.compile())).map(toOffline);
  }

  async updateOfflineDelivery(id: string, patch: OfflineDeliveryPatch): Promise<void> {
    const query = this.q
      .updateTable("offline_messages")
      .set({
        delivery: patch.delivery,
        attempts: patch.attempts,
        last_error: patch.lastError,
        delivered_at: patch.deliveredAt,
      })
      .where("id", "=", id);
    await this.change(query.compile());
  }
}

function offlineRow(r: OfflineMessageRecord): Row {
  return {
    id: r.id,
    session_id: r.sessionId,
    connector_id: r.connectorId,
    queue: r.queue,
    reason: r.reason,
    email: r.email,
    name: r.name,
    message: r.message,
    language: r.language,
    created_at: r.createdAt,
    delivery: r.delivery,
    attempts: r.attempts,
    last_error: r.lastError,
    delivered_at: r.deliveredAt,
  };
}

function toOffline(row: Row): OfflineMessageRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    connectorId: row.connector_id,
    queue: row.queue,
    reason: row.reason,
    email: row.email,
    name: row.name,
    message: row.message,
    language: row.language,
    createdAt: Number(row.created_at),
    delivery: row.delivery as OfflineDeliveryState,
    attempts: Number(row.attempts),
    lastError: row.last_error,
    deliveredAt: row.delivered_at === null ? null : Number(row.delivered_at),
  };
}
