// File metadata: what was attached to a session (name, type, size, who), its bytes in the BlobStore.
import type { Attachment } from "../../protocol/index.js";

/** One attached file; its bytes are under `<sessionId>/<id>` in the BlobStore. */
export interface FileRecord {
  id: string;
  sessionId: string;
  connectorId: string;
  /** The name it was uploaded with (shown and used in `Content-Disposition`). */
  name: string;
  /** The checked content type it is served with. */
  contentType: string;
  /** Size in bytes. */
  size: number;
  /** `visitor`, or `desk` with the desk user's id in `deskUserId`. */
  uploadedBy: "visitor" | "desk";
  deskUserId: string | null;
  createdAt: number;
}

/**
 * File metadata. Contract (the cases in `test/support/store-contract/file-cases.ts` run against
 * every adapter): writes resolve once committed and every process sees them; a session's files
 * come oldest first; they are erased with their session (`deleteSession`, `purgeEndedBefore`),
 * and `sessionsWithFilesEndedBefore` names the sessions a purge at that cutoff would erase
 * that hold files (so their blobs go first).
 */
export interface FileRecords {
  addFile(record: FileRecord): Promise<void>;
  getFile(id: string): Promise<FileRecord | undefined>;
  filesOfSession(sessionId: string): Promise<FileRecord[]>;
  /** Ended sessions with `ended_at < cutoff` that hold at least one file. */
  sessionsWithFilesEndedBefore(cutoff: number): Promise<string[]>;
}

/**
 * Turns a user message's `{file_id}` references into protocol attachments (a signed link each).
 * Contract: resolves undefined unless every id names a file of `sessionId`.
 */
export type AttachmentResolver = (
  sessionId: string,
  fileIds: readonly string[],
) => Promise<Attachment[] | undefined>;
