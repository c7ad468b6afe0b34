// Desk sign-in (logins, web sessions) and chosen statuses: one query layer for both SQL dialects.
import { sql } from "kysely";
import type {
  DeskAuthStore,
  DeskLoginRecord,
  DeskStatusStore,
  DeskWebSessionRecord,
} from "../../core/ports.js";
import type { DeskStatus } from "../../protocol/index.js";
import { serialised } from "./executor.js";
import { PortQueries } from "./port-queries.js";
import type { Tables } from "./tables.js";

/** Logins, web sessions and statuses; each references its desk user (`ON DELETE CASCADE`). */
export class DeskLoginQueries extends PortQueries implements DeskAuthStore, DeskStatusStore {
  async putDeskLogin(login: DeskLoginRecord): Promise<boolean> {
    const email = login.email.trim().toLowerCase();
    // One statement writing only for a known desk user and an email no other one has;
    // serialised on PostgreSQL so two processes cannot give two users one email.
    const upsert = this.q
      .insertInto("desk_logins")
      .columns(["desk_user_id", "email", "password_hash", "generation", "updated_at"])
      .expression(
        this.q
          .selectNoFrom([
            sql<string>`cast(${login.deskUserId} as text)`.as("desk_user_id"),
            sql<string>`cast(${email} as text)`.as("email"),
            sql<string | null>`cast(${login.passwordHash} as text)`.as("password_hash"),
            sql<number>`cast(${login.generation} as bigint)`.as("generation"),
            sql<number>`cast(${login.updatedAt} as bigint)`.as("updated_at"),
          ])
          .where(({ and, exists, not, selectFrom }) =>
            and([
              exists(selectFrom("desk_users").select("id").where("id", "=", login.deskUserId)),
              not(
                exists(
                  selectFrom("desk_logins")
                    .select("desk_user_id")
                    .where("email", "=", email)
                    .where("desk_user_id", "<>", login.deskUserId),
                ),
              ),
            ]),
          ),
      )
      .onConflict((conflict) =>
        conflict.column("desk_user_id").doUpdateSet((eb) => ({
          email: eb.ref("excluded.email"),
          password_hash: eb.ref("excluded.password_hash"),
          generation: eb.ref("excluded.generation"),
          updated_at: eb.ref("excluded.updated_at"),
        })),
      );
    const changed = await this.records.write([
      ...serialised(this.dialect, "desk-logins"),
      upsert.compile(),
    ]);
    return changed.at(-1) === 1;
  }

  async getDeskLogin(deskUserId: string): Promise<DeskLoginRecord | undefined> {
    const query = this.q
      .selectFrom("desk_logins")
      .selectAll()
      .where("desk_user_id", "=", deskUserId);
    const row = await this.first(query.compile());
    return row && toLogin(row);
  }

  async getDeskLoginByEmail(email: string): Promise<DeskLoginRecord | undefined> {
    const query = this.q
      .selectFrom("desk_logins")
      .selectAll()
      .where("email", "=", email.trim().toLowerCase());
    const row = await this.first(query.compile());
    return row && toLogin(row);
  }

  async raiseDeskLoginGeneration(deskUserId: string, at: number): Promise<number | undefined> {
    const query = this.q
      .updateTable("desk_logins")
      .set((eb) => ({ generation: eb("generation", "+", 1), updated_at: at }))
      .where("desk_user_id", "=", deskUserId)
      .returning("generation");
    return (await this.records.writeReturning(query.compile()))[0]?.generation;
  }

  async createDeskWebSession(session: DeskWebSessionRecord): Promise<void> {
    const query = this.q.insertInto("desk_web_sessions").values({
      id_hash: session.idHash,
      desk_user_id: session.deskUserId,
      generation: session.generation,
      csrf_token: session.csrfToken,
      created_at: session.createdAt,
      expires_at: session.expiresAt,
    });
    await this.change(query.compile());
  }

  async getDeskWebSession(idHash: string): Promise<DeskWebSessionRecord | undefined> {
    const query = this.q.selectFrom("desk_web_sessions").selectAll().where("id_hash", "=", idHash);
    const row = await this.first(query.compile());
    return (
      row && {
        idHash: row.id_hash,
        deskUserId: row.desk_user_id,
        generation: row.generation,
        csrfToken: row.csrf_token,
        createdAt: row.created_at,
        expiresAt: row.expires_at,
      }
    );
  }

  async deleteDeskWebSession(idHash: string): Promise<boolean> {
    const query = this.q.deleteFrom("desk_web_sessions").where("id_hash", "=", idHash);
    return (await this.change(query.compile())) > 0;
  }

  purgeDeskWebSessions(now: number): Promise<number> {
    const query = this.q
      .deleteFrom("desk_web_sessions")
      .where((eb) =>
        eb.or([
          eb("expires_at", "<=", now),
          eb(
            "generation",
            "<",
            eb.fn.coalesce(
              eb
                .selectFrom("desk_logins as l")
                .select("l.generation")
                .whereRef("l.desk_user_id", "=", "desk_web_sessions.desk_user_id"),
              eb.lit(0),
            ),
          ),
        ]),
      );
    return this.change(query.compile());
  }

  async setDeskStatus(deskUserId: string, status: DeskStatus, at: number): Promise<void> {
    // A status for a desk user deleted meanwhile is dropped, not an error.
    const query = this.q
      .insertInto("desk_statuses")
      .columns(["desk_user_id", "status", "changed_at"])
      .expression(
        this.q
          .selectNoFrom([
            sql<string>`cast(${deskUserId} as text)`.as("desk_user_id"),
            sql<string>`cast(${status} as text)`.as("status"),
            sql<number>`cast(${at} as bigint)`.as("changed_at"),
          ])
          .where(({ exists, selectFrom }) =>
            exists(selectFrom("desk_users").select("id").where("id", "=", deskUserId)),
          ),
      )
      .onConflict((conflict) =>
        conflict.column("desk_user_id").doUpdateSet((eb) => ({
          status: eb.ref("excluded.status"),
          changed_at: eb.ref("excluded.changed_at"),
        })),
      );
    await this.change(query.compile());
  }

  async listDeskStatuses(): Promise<Map<string, DeskStatus>> {
    const query = this.q.selectFrom("desk_statuses").select(["desk_user_id", "status"]);
    const rows = await this.records.read(query.compile());
    return new Map(rows.map((row) => [row.desk_user_id, row.status as DeskStatus]));
  }
}

function toLogin(row: Tables["desk_logins"]): DeskLoginRecord {
  return {
    deskUserId: row.desk_user_id,
    email: row.email,
    passwordHash: row.password_hash,
    generation: row.generation,
    updatedAt: row.updated_at,
  };
}
