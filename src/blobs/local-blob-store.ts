// The default BlobStore: one file per blob under a directory (the data dir's `files/`), written atomically.
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type BlobStore, isBlobKey, isBlobSegment } from "../core/index.js";

/** Blobs as files: `<dir>/<session id>/<file id>`; a temporary name, fsync'd, then renamed into place. */
export class LocalBlobStore implements BlobStore {
  readonly #dir: string;

  constructor(dir: string) {
    this.#dir = dir;
  }

  async put(key: string, body: Uint8Array, _contentType: string): Promise<void> {
    const path = this.#path(key);
    await mkdir(join(path, ".."), { recursive: true });
    const temp = `${path}.${randomUUID()}.part`;
    try {
      await writeFile(temp, body, { flush: true, mode: 0o600 });
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    try {
      return new Uint8Array(await readFile(this.#path(key)));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.#path(key), { force: true });
  }

  async deleteSession(sessionId: string): Promise<void> {
    if (!isBlobSegment(sessionId)) throw new Error("invalid blob session id");
    await rm(join(this.#dir, sessionId), { recursive: true, force: true });
  }

  // The key is checked before it becomes a path: no `..`, no absolute path, one level deep.
  #path(key: string): string {
    if (!isBlobKey(key)) throw new Error("invalid blob key");
    return join(this.#dir, ...key.split("/"));
  }
}
