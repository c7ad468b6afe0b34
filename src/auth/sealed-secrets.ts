// Secrets the server must read back (context signing secrets), sealed with AES-256-GCM before storage.
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  randomBytes,
  timingSafeEqual,
} from "node:crypto";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Seals and opens secrets with a key that never enters the database, so a copied database or
 * backup does not give away the secrets. The key is derived from the configured text by SHA-256.
 */
export class SecretSealer {
  readonly #key: Buffer;

  constructor(keyText: string) {
    this.#key = createHash("sha256").update(keyText, "utf8").digest();
  }

  /**
   * A check value of the key (HMAC of a fixed text), safe to store beside the sealed secrets:
   * processes compare it to find out they were given different keys, without revealing either.
   */
  fingerprint(): string {
    return createHmac("sha256", this.#key).update("switchboard secrets-key check").digest("hex");
  }

  /** Whether `fingerprint` came from this key (constant-time). */
  matches(fingerprint: string): boolean {
    const mine = Buffer.from(this.fingerprint(), "utf8");
    const theirs = Buffer.from(fingerprint, "utf8");
    return mine.length === theirs.length && timingSafeEqual(mine, theirs);
  }

  /** `v1.<iv>.<ciphertext+tag>`, base64url parts. */
  seal(secret: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.#key, iv);
    const body = Buffer.concat([
      cipher.update(secret, "utf8"),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${VERSION}.${iv.toString("base64url")}.${body.toString("base64url")}`;
  }

  /** The secret, or null when the text was sealed with another key or is damaged. */
  open(sealed: string): string | null {
    const [version, ivText, bodyText] = sealed.split(".");
    if (version !== VERSION || !ivText || !bodyText) return null;
    const body = Buffer.from(bodyText, "base64url");
    if (body.length < TAG_BYTES) return null;
    try {
      const decipher = createDecipheriv("aes-256-gcm", this.#key, Buffer.from(ivText, "base64url"));
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return plain.toString("utf8");
    } catch {
      return null;
    }
  }
}
