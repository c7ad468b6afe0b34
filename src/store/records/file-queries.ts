// File metadata: one query layer for both SQL dialects.
import type { FileRecord, FileRecords } from "../../core/ports/file-records.js";
import { OfflineQueries } from "./offline-queries.js";
import type { Tables } from "./tables.js";

type Row = Tables["files"];

/** Attached files' metadata; `ON DELETE CASCADE` erases them with their session. */
export abstract class FileQueries extends OfflineQueries implements FileRecords {
  async addFile(record: FileRecord): Promise<void> {
    await this.change(this.q.insertInto("files").values(fileRow(record)).compile());
  }

  async getFile(id: string): Promise<FileRecord | undefined> {
    const row = await this.first(
      this.q.selectFrom("files").selectAll().where("id", "=", id).compile(),
    );
    return row === undefined ? undefined : toFile(row);
  }

  async filesOfSession(sessionId: string): Promise<FileRecord[]> {
    const query = this.q
      .selectFrom("files")
      .selectAll()
      .where("session_id", "=", sessionId)
      .orderBy("created_at")
      .orderBy("id");
    return (await this.records.read(query.compile())).map(toFile);
  }

  async sessionsWithFilesEndedBefore(cutoff: number): Promise<string[]> {
    const query = this.q
      .selectFrom("sessions")
      .select("id")
      .where("state", "=", "ended")
      .where("ended_at", "<", cutoff)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom("files")
            .select("files.id")
            .whereRef("files.session_id", "=", "sessions.id"),
        ),
      )
      .orderBy("id");
    return (await this.records.read(query.compile())).map((row) => row.id);
  }
}

function fileRow(r: FileRecord): Row {
  return {
    id: r.id,
    session_id: r.sessionId,
    connector_id: r.connectorId,
    name: r.name,
    content_type: r.contentType,
    size: r.size,
    uploaded_by: r.uploadedBy,
    desk_user_id: r.deskUserId,
    created_at: r.createdAt,
  };
}

function toFile(row: Row): FileRecord {
  return {
    id: row.id,
    sessionId: row.session_id,
    connectorId: row.connector_id,
    name: row.name,
    contentType: row.content_type,
    size: Number(row.size),
    uploadedBy: row.uploaded_by === "desk" ? "desk" : "visitor",
    deskUserId: row.desk_user_id,
    createdAt: Number(row.created_at),
  };
}
