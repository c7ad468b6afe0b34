// The BlobStore port: the bytes of files visitors and desk users attach, kept apart from their metadata.

/**
 * Bytes by key. Keys are `<session id>/<file id>`: letters, digits, `.`, `_`, `-` and one `/`.
 * Contract (the suite in `test/support/blob-store-contract.ts` runs against every adapter):
 * `put` resolves once the bytes are durable and readable from every process that shares the
 * store; `get` returns exactly the bytes put, or undefined; `delete` and `deleteSession` are
 * idempotent, and after `deleteSession(id)` no key under `id/` is readable. An invalid key is
 * refused (rejects) before anything is written.
 */
export interface BlobStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<Uint8Array | undefined>;
  delete(key: string): Promise<void>;
  /** Erases every blob of a session. */
  deleteSession(sessionId: string): Promise<void>;
}

const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/** Whether `key` is `<segment>/<segment>` with safe characters and no dot-only segment. */
export function isBlobKey(key: string): boolean {
  const parts = key.split("/");
  return parts.length === 2 && parts.every((p) => SEGMENT.test(p) && !/^\.+$/.test(p));
}

/** Whether `id` can be the session part of a key. */
export function isBlobSegment(id: string): boolean {
  return SEGMENT.test(id);
}
