// Signed, expiring file URLs: `/files/<id>/<name>?exp=<unix s>&sig=<hex HMAC>`; any process with the shared key verifies them.
import { createHmac, timingSafeEqual } from "node:crypto";

/** Why a file URL was refused; each has its own answer (docs/widget.md). */
export type FileUrlRefusal = "file_url_expired" | "file_url_bad_signature";

/** Signs and verifies file URLs with the deployment's key (from the shared store). */
export class FileUrlSigner {
  readonly #key: Buffer;

  constructor(key: string) {
    if (key.length < 32) throw new Error("the file URL key needs at least 32 characters");
    this.#key = Buffer.from(key, "utf8");
  }

  /** The path and query of `fileId`'s URL, valid until `expiresAtMs`. */
  path(fileId: string, fileName: string, expiresAtMs: number): string {
    const exp = Math.floor(expiresAtMs / 1000);
    const name = encodeURIComponent(fileName);
    return `/files/${encodeURIComponent(fileId)}/${name}?exp=${exp}&sig=${this.#sign(fileId, exp)}`;
  }

  /** Whether `sig` signs `fileId` until `exp` (unix seconds), checked in constant time, at `nowMs`. */
  verify(
    fileId: string,
    exp: string | undefined,
    sig: string | undefined,
    nowMs: number,
  ): { ok: true } | { ok: false; reason: FileUrlRefusal } {
    const seconds = Number(exp);
    if (!/^\d{1,12}$/.test(exp ?? "") || typeof sig !== "string")
      return { ok: false, reason: "file_url_bad_signature" };
    const expected = Buffer.from(this.#sign(fileId, seconds), "utf8");
    const given = Buffer.from(sig, "utf8");
    // The signature first: an expired URL is only reported as expired when it is genuine.
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return { ok: false, reason: "file_url_bad_signature" };
    if (seconds * 1000 <= nowMs) return { ok: false, reason: "file_url_expired" };
    return { ok: true };
  }

  #sign(fileId: string, exp: number): string {
    return createHmac("sha256", this.#key).update(`file:${fileId}:${exp}`).digest("hex");
  }
}
