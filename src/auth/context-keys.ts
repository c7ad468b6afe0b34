// Connectors' verified-context signing keys: creation, rotation with overlap, and the secrets that verify now.
import { randomBytes } from "node:crypto";
import type { ContextSecret } from "./context-token.js";
import type { SecretSealer } from "./sealed-secrets.js";

/** A context key secret as the store keeps it (structurally the core's `ContextKeyRecord`). */
export interface StoredContextKey {
  connectorId: string;
  kid: string;
  sealedSecret: string;
  createdAt: number;
  expiresAt: number | null;
}

/** The part of the store the keys need (the core's `ContextKeyStore` satisfies it). */
export interface ContextKeyStorage {
  listContextKeys(connectorId: string): Promise<StoredContextKey[]>;
  addContextKey(key: StoredContextKey): Promise<boolean>;
  rotateContextKey(key: StoredContextKey, previousExpiresAt: number): Promise<void>;
  deleteContextKey(connectorId: string, kid: string): Promise<boolean>;
}

/** A key as the admin API lists it: never its secret. */
export interface ContextKeySummary {
  kid: string;
  /** Its secrets, newest first: the current one has no expiry. */
  secrets: { createdAt: number; expiresAt: number | null }[];
}

/** 256 bits, base64url: 43 characters used as a UTF-8 string by signers. */
const SECRET_BYTES = 32;
/** A kid names a key in JWT headers and admin URLs: short, URL- and header-safe. */
export const CONTEXT_KID_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
/** How long the previous secret keeps verifying after a rotation, unless told otherwise. */
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 86_400;

/** Manages context keys through the store; secrets are sealed before they are written. */
export class ContextKeys {
  readonly #store: ContextKeyStorage;
  readonly #sealer: SecretSealer;
  readonly #now: () => number;

  constructor(store: ContextKeyStorage, sealer: SecretSealer, now: () => number) {
    this.#store = store;
    this.#sealer = sealer;
    this.#now = now;
  }

  /** A fresh random secret. */
  static generateSecret(): string {
    return randomBytes(SECRET_BYTES).toString("base64url");
  }

  /** Adds a key with `secret` (generated when absent); null when the connector already has `kid`. */
  async add(
    connectorId: string,
    kid: string,
    secret?: string,
  ): Promise<{ kid: string; secret: string } | null> {
    const plain = secret ?? ContextKeys.generateSecret();
    const added = await this.#store.addContextKey(this.#record(connectorId, kid, plain));
    return added ? { kid, secret: plain } : null;
  }

  /** A new current secret for `kid`; the others verify for `overlapSeconds` more. Null when no such key. */
  async rotate(connectorId: string, kid: string, overlapSeconds: number, secret?: string) {
    if (!(await this.list(connectorId)).some((k) => k.kid === kid)) return null;
    const plain = secret ?? ContextKeys.generateSecret();
    const previousExpiresAt = this.#now() + overlapSeconds * 1000;
    await this.#store.rotateContextKey(this.#record(connectorId, kid, plain), previousExpiresAt);
    return { kid, secret: plain, previousExpiresAt };
  }

  remove(connectorId: string, kid: string): Promise<boolean> {
    return this.#store.deleteContextKey(connectorId, kid);
  }

  /** The connector's keys and the lifetimes of their secrets (expired ones left out). */
  async list(connectorId: string): Promise<ContextKeySummary[]> {
    const now = this.#now();
    const byKid = new Map<string, ContextKeySummary>();
    for (const key of await this.#store.listContextKeys(connectorId)) {
      if (key.expiresAt !== null && key.expiresAt <= now) continue;
      const entry = byKid.get(key.kid) ?? { kid: key.kid, secrets: [] };
      entry.secrets.push({ createdAt: key.createdAt, expiresAt: key.expiresAt });
      byKid.set(key.kid, entry);
    }
    return [...byKid.values()];
  }

  /** The secrets that verify tokens of the connector now (current ones and those in overlap). */
  async verifying(connectorId: string): Promise<ContextSecret[]> {
    const now = this.#now();
    const secrets: ContextSecret[] = [];
    for (const key of await this.#store.listContextKeys(connectorId)) {
      if (key.expiresAt !== null && key.expiresAt <= now) continue;
      const secret = this.#sealer.open(key.sealedSecret);
      if (secret !== null) secrets.push({ kid: key.kid, secret });
    }
    return secrets;
  }

  /** Each kid's current secret (the one without an expiry), opened. */
  async currentSecrets(connectorId: string): Promise<Map<string, string>> {
    const current = new Map<string, string>();
    for (const key of await this.#store.listContextKeys(connectorId)) {
      if (key.expiresAt !== null || current.has(key.kid)) continue;
      const secret = this.#sealer.open(key.sealedSecret);
      if (secret !== null) current.set(key.kid, secret);
    }
    return current;
  }

  #record(connectorId: string, kid: string, secret: string): StoredContextKey {
    return {
      connectorId,
      kid,
      sealedSecret: this.#sealer.seal(secret),
      createdAt: this.#now(),
      expiresAt: null,
    };
  }
}
