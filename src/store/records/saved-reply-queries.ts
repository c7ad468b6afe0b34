// Saved replies, owned by a queue or a desk user: one query layer for both SQL dialects.
import { sql } from "kysely";
import type { SavedReplyRecord, SavedReplyStore } from "../../core/ports.js";
import { DeskLoginQueries } from "./desk-login-queries.js";
import { serialised } from "./executor.js";
import type { Tables } from "./tables.js";

/** Saved replies; the foreign keys erase them with their queue or desk user. */
export class SavedReplyQueries extends DeskLoginQueries implements SavedReplyStore {
  async putSavedReply(reply: SavedReplyRecord): Promise<boolean> {
    const queue = reply.scope.kind === "queue" ? reply.scope.queue : null;
    const user = reply.scope.kind === "desk_user" ? reply.scope.deskUserId : null;
    // Creates or replaces by id unless another reply of the scope has the shortcut; one
    // statement, serialised on PostgreSQL so two processes cannot both take a shortcut.
    const upsert = this.q
      .insertInto("saved_replies")
      .columns(["id", "owner_queue", "owner_user", "shortcut", "text", "created_at", "updated_at"])
      .expression(
        this.q
          .selectNoFrom([
            sql<string>`cast(${reply.id} as text)`.as("id"),
            sql<string | null>`cast(${queue} as text)`.as("owner_queue"),
            sql<string | null>`cast(${user} as text)`.as("owner_user"),
            sql<string>`cast(${reply.shortcut} as text)`.as("shortcut"),
            sql<string>`cast(${reply.text} as text)`.as("text"),
            sql<number>`cast(${reply.createdAt} as bigint)`.as("created_at"),
            sql<number>`cast(${reply.updatedAt} as bigint)`.as("updated_at"),
          ])
          .where(({ not, exists, selectFrom }) => {
            let clash = selectFrom("saved_replies")
              .select("id")
              .where("id", "<>", reply.id)
              .where("shortcut", "=", reply.shortcut);
            clash =
              queue !== null
                ? clash.where("owner_queue", "=", queue)
                : clash.where("owner_queue", "is", null);
            clash =
              user !== null
                ? clash.where("owner_user", "=", user)
                : clash.where("owner_user", "is", null);
            return not(exists(clash));
          }),
      )
      .onConflict((conflict) =>
        conflict.column("id").doUpdateSet((eb) => ({
          owner_queue: eb.ref("excluded.owner_queue"),
          owner_user: eb.ref("excluded.owner_user"),
          shortcut: eb.ref("excluded.shortcut"),
          text: eb.ref("excluded.text"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      );
    const changed = await this.records.write([
      ...serialised(this.dialect, "saved-replies"),
      upsert.compile(),
    ]);
    return changed.at(-1) === 1;
  }

  async getSavedReply(id: string): Promise<SavedReplyRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("saved_replies").selectAll().where("id", "=", id).compile(),
    );
    return row && toReply(row);
  }

  async listSavedReplies(filter: {
    queues?: readonly string[];
    deskUserId?: string;
  }): Promise<SavedReplyRecord[]> {
    const queues = filter.queues ?? [];
    const query = this.q
      .selectFrom("saved_replies")
      .selectAll()
      .where((eb) =>
        eb.or([
          ...(queues.length > 0 ? [eb("owner_queue", "in", queues)] : []),
          eb("owner_user", "=", filter.deskUserId ?? ""),
        ]),
      )
      .orderBy("shortcut")
      .orderBy(sql`owner_user is null`);
    return (await this.records.read(query.compile())).map(toReply);
  }

  async listAllSavedReplies(): Promise<SavedReplyRecord[]> {
    const query = this.q
      .selectFrom("saved_replies")
      .selectAll()
      .orderBy(sql`owner_queue is null`)
      .orderBy("owner_queue")
      .orderBy("owner_user")
      .orderBy("shortcut");
    return (await this.records.read(query.compile())).map(toReply);
  }

  async deleteSavedReply(id: string): Promise<boolean> {
    return (
      (await this.change(this.q.deleteFrom("saved_replies").where("id", "=", id).compile())) > 0
    );
  }
}

function toReply(row: Tables["saved_replies"]): SavedReplyRecord {
  return {
    id: row.id,
    scope:
      row.owner_queue !== null
        ? { kind: "queue", queue: row.owner_queue }
        : { kind: "desk_user", deskUserId: row.owner_user as string },
    shortcut: row.shortcut,
    text: row.text,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
