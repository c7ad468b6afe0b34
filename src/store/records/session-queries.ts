// Reading, listing and erasing sessions: one query layer for both SQL dialects.
import type { SessionRecords } from "../../core/ports/session-records.js";
import type { SessionFilter, SessionRecord, SessionState } from "../../core/records.js";
import { toSession } from "./conversions.js";
import { FileQueries } from "./file-queries.js";

const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 500;

/** Every session method but `createSession` (the adapters write that with its start event). */
type SessionReads = Omit<SessionRecords, "createSession">;

/**
 * Every record of a store but the event log and session creation, which the adapters keep
 * hand-tuned. Events and handoffs go with their session through `ON DELETE CASCADE`.
 */
export abstract class SharedRecords extends FileQueries implements SessionReads {
  async getSession(id: string): Promise<SessionRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("sessions").selectAll().where("id", "=", id).compile(),
    );
    return row === undefined ? undefined : toSession(row);
  }

  async listSessions(filter: SessionFilter): Promise<SessionRecord[]> {
    let query = this.q.selectFrom("sessions").selectAll();
    if (filter.connectorId !== undefined)
      query = query.where("connector_id", "=", filter.connectorId);
    if (filter.state !== undefined) query = query.where("state", "=", filter.state);
    if (filter.createdAfter !== undefined)
      query = query.where("created_at", ">", filter.createdAfter);
    if (filter.createdBefore !== undefined)
      query = query.where("created_at", "<", filter.createdBefore);
    if (filter.before !== undefined) {
      const before = filter.before;
      const cursor = await this.first(
        this.q.selectFrom("sessions").select("created_at").where("id", "=", before).compile(),
      );
      // The cursor session is gone (deleted meanwhile): ids that sort by time still page.
      query =
        cursor === undefined
          ? query.where("id", "<", before)
          : query.where((eb) =>
              eb(eb.refTuple("created_at", "id"), "<", eb.tuple(cursor.created_at, before)),
            );
    }
    const page = query
      .orderBy("created_at", "desc")
      .orderBy("id", "desc")
      .limit(clampLimit(filter.limit));
    return (await this.records.read(page.compile())).map(toSession);
  }

  async listActiveSessions(): Promise<SessionRecord[]> {
    const query = this.q
      .selectFrom("sessions")
      .selectAll()
      .where("state", "=", "active")
      .orderBy("created_at")
      .orderBy("id");
    return (await this.records.read(query.compile())).map(toSession);
  }

  async countSessionsByState(): Promise<Record<SessionState, number>> {
    const query = this.q
      .selectFrom("sessions")
      .select((eb) => ["state", eb.fn.countAll<number>().as("count")])
      .groupBy("state");
    const counts: Record<SessionState, number> = { active: 0, ended: 0 };
    for (const row of await this.records.read(query.compile())) {
      if (row.state === "active" || row.state === "ended") counts[row.state] = Number(row.count);
    }
    return counts;
  }

  async deleteSession(id: string): Promise<boolean> {
    return (await this.change(this.q.deleteFrom("sessions").where("id", "=", id).compile())) > 0;
  }

  async purgeEndedBefore(cutoff: number): Promise<number> {
    const query = this.q
      .deleteFrom("sessions")
      .where("state", "=", "ended")
      .where("ended_at", "<", cutoff);
    return this.change(query.compile());
  }
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_LIMIT;
  return Math.min(Math.max(Math.trunc(limit), 0), MAX_LIMIT);
}
