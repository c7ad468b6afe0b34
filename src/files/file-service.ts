// Attached files end to end: checked against the connector's limits, kept (bytes and record), linked by signed URLs.
import { randomUUID } from "node:crypto";
import { FileUrlSigner, fileRefusal, isImageType } from "../blobs/index.js";
import {
  type BlobStore,
  type Clock,
  type FileRecord,
  type FileRecords,
  readFileLimits,
  type Settings,
} from "../core/index.js";
import type { Attachment, HttpErrorCode } from "../protocol/index.js";

/** What a refused upload or download answers (registry codes; `params` fill its text). */
export interface FileFailure {
  code: HttpErrorCode;
  params?: Record<string, string>;
}

/** An upload: the bytes, what the uploader says they are, and who sent them. */
export interface Upload {
  sessionId: string;
  connectorId: string;
  name: string;
  contentType: string;
  body: Uint8Array;
  uploadedBy: "visitor" | "desk";
  deskUserId: string | null;
}

/** A kept file as the APIs show it: its record's fields, a fresh signed URL and the protocol attachment. */
export interface FileJson {
  id: string;
  name: string;
  content_type: string;
  size: number;
  uploaded_by: "visitor" | "desk";
  created_at: string;
  url: string;
  expires_at: string;
  attachment: Attachment;
}

export interface FileServiceDeps {
  store: FileRecords & Pick<Settings, "getSetting">;
  blobs: BlobStore;
  clock: Clock;
  /** The deployment's shared signing key (`fileUrlKey`). */
  key: string;
  /** How long a signed URL lasts. */
  ttlMs: number;
  /** Absolute base of file URLs (`https://chat.example.com`); empty: paths only. */
  baseUrl: () => string;
  /** Reports a blob store or database failure (the caller is told `file_store_unavailable`). */
  onError?(error: unknown, context: string): void;
}

const NAME_MAX = 200;

/** Uploads, lists and serves a session's files. */
export class FileService {
  readonly #deps: FileServiceDeps;
  readonly #signer: FileUrlSigner;

  constructor(deps: FileServiceDeps) {
    this.#deps = deps;
    this.#signer = new FileUrlSigner(deps.key);
  }

  /** Checks and keeps an upload: the bytes first, then the record that points at them. */
  async upload(
    upload: Upload,
  ): Promise<{ ok: true; file: FileJson } | { ok: false; failure: FileFailure }> {
    const limits = await readFileLimits(this.#deps.store, upload.connectorId);
    if (!limits.enabled) return { ok: false, failure: { code: "files_disabled" } };
    const name = cleanName(upload.name);
    if (name === null) return { ok: false, failure: { code: "file_name_invalid" } };
    const refusal = fileRefusal(upload.body, upload.contentType, limits);
    if (refusal !== undefined) {
      const params = { max_bytes: String(limits.maxBytes) };
      return { ok: false, failure: { code: refusal, params } };
    }
    const contentType = upload.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
    const record: FileRecord = {
      id: randomUUID(),
      sessionId: upload.sessionId,
      connectorId: upload.connectorId,
      name,
      contentType,
      size: upload.body.byteLength,
      uploadedBy: upload.uploadedBy,
      deskUserId: upload.deskUserId,
      createdAt: this.#deps.clock.now(),
    };
    try {
      await this.#deps.blobs.put(`${record.sessionId}/${record.id}`, upload.body, contentType);
      await this.#deps.store.addFile(record);
    } catch (error) {
      this.#deps.onError?.(error, "file upload");
      return { ok: false, failure: { code: "file_store_unavailable" } };
    }
    return { ok: true, file: this.json(record) };
  }

  /** A session's files with fresh URLs, oldest first. */
  async list(sessionId: string): Promise<FileJson[]> {
    return (await this.#deps.store.filesOfSession(sessionId)).map((r) => this.json(r));
  }

  /** The file a signed URL names, with its bytes, or why not. */
  async download(
    fileId: string,
    exp: string | undefined,
    sig: string | undefined,
  ): Promise<
    { ok: true; file: FileRecord; body: Uint8Array } | { ok: false; failure: FileFailure }
  > {
    const checked = this.#signer.verify(fileId, exp, sig, this.#deps.clock.now());
    if (!checked.ok) return { ok: false, failure: { code: checked.reason } };
    try {
      const file = await this.#deps.store.getFile(fileId);
      const body = file && (await this.#deps.blobs.get(`${file.sessionId}/${file.id}`));
      if (!file || !body) return { ok: false, failure: { code: "file_not_found" } };
      return { ok: true, file, body };
    } catch (error) {
      this.#deps.onError?.(error, "file download");
      return { ok: false, failure: { code: "file_store_unavailable" } };
    }
  }

  /** The protocol attachments of `fileIds`, all of `sessionId`'s, or undefined. */
  async attachments(
    sessionId: string,
    fileIds: readonly string[],
  ): Promise<Attachment[] | undefined> {
    const found: Attachment[] = [];
    for (const id of fileIds) {
      const record = await this.#deps.store.getFile(id);
      if (!record || record.sessionId !== sessionId) return undefined;
      found.push(this.json(record).attachment);
    }
    return found;
  }

  /** A record as the APIs show it, signed from now. */
  json(record: FileRecord): FileJson {
    const expiresAt = this.#deps.clock.now() + this.#deps.ttlMs;
    const url = `${this.#deps.baseUrl()}${this.#signer.path(record.id, record.name, expiresAt)}`;
    const image = isImageType(record.contentType);
    return {
      id: record.id,
      name: record.name,
      content_type: record.contentType,
      size: record.size,
      uploaded_by: record.uploadedBy,
      created_at: new Date(record.createdAt).toISOString(),
      url,
      expires_at: new Date(Math.floor(expiresAt / 1000) * 1000).toISOString(),
      attachment: {
        title: record.name,
        content_url: url,
        content_type: image ? "ATTACHMENT_CONTENT_TYPE_IMAGE" : "ATTACHMENT_CONTENT_TYPE_URL",
        ...(image && { preview_image_url: url }),
        call_to_action_text: "Download",
      },
    };
  }
}

// The name as shown and sent back in Content-Disposition: no path, no controls, trimmed.
function cleanName(raw: string): string | null {
  const base = raw.split(/[\\/]/).at(-1) ?? "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what is removed
  const name = base.replace(/[\u0000-\u001f\u007f]/g, "").trim();
  return name.length === 0 || name.length > NAME_MAX || /^\.+$/.test(name) ? null : name;
}
