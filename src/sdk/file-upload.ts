// Uploads a file to the session (with progress where the platform reports it) for a message to carry.
import type { Attachment, SdkError } from "./types.js";

/** A file the server kept: send its `id` with a message (`send(text, { files: [file] })`). */
export interface UploadedFile {
  id: string;
  name: string;
  content_type: string;
  size: number;
  url: string;
  expires_at: string;
  attachment: Attachment;
}

/** Bytes sent so far of `total`. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

export interface UploadOptions {
  /** The name shown to the agent; default the File's name. */
  name?: string;
  /** Called as bytes go out (each step in browsers; once at the end where only fetch exists). */
  onProgress?(progress: UploadProgress): void;
  /** Cancels the upload (resolves with code `aborted`). */
  signal?: AbortSignal;
}

/**
 * The outcome; a refusal carries the server's `code` (`file_too_large`, `file_type_not_allowed`,
 * `file_content_mismatch`, `file_empty`, `file_name_invalid`, `files_disabled`,
 * `file_session_not_found`, …), `network_error` or `aborted`.
 */
export type UploadResult =
  | { ok: true; file: UploadedFile }
  | { ok: false; error: SdkError & { status: number } };

interface Target {
  url: string;
  accessToken: string;
}

interface XhrLike {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  send(body: Blob): void;
  abort(): void;
  status: number;
  responseText: string;
  upload: { onprogress: ((e: { loaded: number; total: number }) => void) | null };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
}

type XhrConstructor = new () => XhrLike;

/** POSTs `file` to `target`; never rejects. XMLHttpRequest where it exists (upload progress), else fetch. */
export function uploadFile(
  target: Target,
  file: Blob & { name?: string },
  options: UploadOptions = {},
): Promise<UploadResult> {
  const name = options.name ?? file.name ?? "file";
  const url = `${target.url}?name=${encodeURIComponent(name)}`;
  const type = file.type || "application/octet-stream";
  const Xhr = (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;
  if (options.signal?.aborted) return Promise.resolve(aborted());
  return Xhr
    ? viaXhr(Xhr, url, target.accessToken, type, file, options)
    : viaFetch(url, target.accessToken, type, file, options);
}

function viaXhr(
  Xhr: XhrConstructor,
  url: string,
  token: string,
  type: string,
  file: Blob,
  options: UploadOptions,
): Promise<UploadResult> {
  return new Promise((resolve) => {
    const xhr = new Xhr();
    xhr.open("POST", url);
    xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.setRequestHeader("Content-Type", type);
    xhr.upload.onprogress = (e) => options.onProgress?.({ loaded: e.loaded, total: e.total });
    xhr.onload = () => resolve(answer(xhr.status, xhr.responseText));
    xhr.onerror = () => resolve(networkError());
    xhr.onabort = () => resolve(aborted());
    options.signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(file);
  });
}

async function viaFetch(
  url: string,
  token: string,
  type: string,
  file: Blob,
  options: UploadOptions,
): Promise<UploadResult> {
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": type },
      body: file,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const text = await response.text();
    if (response.ok) options.onProgress?.({ loaded: file.size, total: file.size });
    return answer(response.status, text);
  } catch {
    return options.signal?.aborted ? aborted() : networkError();
  }
}

function answer(status: number, text: string): UploadResult {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const record = (body ?? {}) as Record<string, unknown>;
  if (status === 201 && typeof record.id === "string")
    return { ok: true, file: record as unknown as UploadedFile };
  return {
    ok: false,
    error: {
      status,
      code: typeof record.code === "string" ? record.code : "upload_failed",
      message: typeof record.message === "string" ? record.message : `HTTP ${status}`,
    },
  };
}

function networkError(): UploadResult {
  return { ok: false, error: { status: 0, code: "network_error", message: "network error" } };
}

function aborted(): UploadResult {
  return { ok: false, error: { status: 0, code: "aborted", message: "upload cancelled" } };
}
