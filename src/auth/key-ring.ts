// The HS256 signing keys for access tokens: first key, rotation, and lookup by kid through the Store.
import { randomBytes } from "node:crypto";

/** A signing key as the Store keeps it (structurally the core's `SigningKeyRecord`). */
export interface StoredSigningKey {
  kid: string;
  alg: "HS256";
  /** base64url key material. */
  secret: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** When a newer key replaced it; it still verifies tokens until they expire. */
  retiredAt: number | null;
}

/** The part of the Store the key ring needs (the core's `Store` satisfies it). */
export interface SigningKeyStore {
  /** All signing keys, newest first. */
  listSigningKeys(): Promise<StoredSigningKey[]>;
  /** Adds `key` and retires every other unretired key at `key.createdAt`, atomically. */
  addSigningKey(key: StoredSigningKey): Promise<void>;
}

export interface KeyRingOptions {
  /** Milliseconds since the epoch (the core's `Clock.now`). */
  now?: () => number;
  /**
   * Longest access-token lifetime in use. When set, keys retired longer ago than this plus
   * the 7-day refresh grace are dropped: no token they signed can still be accepted.
   */
  maxTokenLifetimeSeconds?: number;
}

/** HS256 wants a key as long as its output: 256 bits. */
const KEY_BYTES = 32;
/** 72 random bits: kids only need to be unique among a handful of keys. */
const KID_BYTES = 9;
/** `protocol.md` §2.1: an expired token may be refreshed for 7 days. */
const REFRESH_GRACE_MS = 7 * 24 * 60 * 60 * 1000;
/** Stops a flood of tokens with made-up kids from turning into a flood of store reads. */
const UNKNOWN_KID_RETRY_MS = 1000;
/** Bounds the memory spent remembering made-up kids. */
const MAX_TRACKED_UNKNOWN_KIDS = 1000;
/** Another process may rotate; signing with a key it retired long ago must not go on. */
const SIGNING_KEY_MAX_AGE_MS = 60_000;

/** The signing keys of this cluster, loaded from the Store and kept in memory. */
export class KeyRing {
  readonly #store: SigningKeyStore;
  readonly #now: () => number;
  readonly #maxTokenLifetimeMs: number | null;
  /** Newest first. */
  #keys: StoredSigningKey[] = [];
  #byKid = new Map<string, StoredSigningKey>();
  #loadedAt = Number.NEGATIVE_INFINITY;
  #ensuring: Promise<void> | null = null;
  #loading: Promise<void> | null = null;
  #queuedLoad: Promise<void> | null = null;
  readonly #unknownKidAttempts = new Map<string, number>();

  constructor(store: SigningKeyStore, options: KeyRingOptions = {}) {
    this.#store = store;
    this.#now = options.now ?? Date.now;
    const lifetime = options.maxTokenLifetimeSeconds;
    this.#maxTokenLifetimeMs = lifetime === undefined ? null : lifetime * 1000;
  }

  /** Loads the keys, generating and storing the first one when the store has none. */
  ensureKey(): Promise<void> {
    if (this.#keys.length > 0) return Promise.resolve();
    this.#ensuring ??= this.#loadOrCreate().finally(() => {
      this.#ensuring = null;
    });
    return this.#ensuring;
  }

  /** Adds a new current key; older keys keep verifying the tokens they signed. */
  async rotate(): Promise<{ kid: string }> {
    // Strictly newer than the key it replaces, so "newest" never depends on a tie-break.
    const newest = this.#keys[0]?.createdAt ?? Number.NEGATIVE_INFINITY;
    const key = newSigningKey(Math.max(this.#now(), newest + 1));
    await this.#store.addSigningKey(key);
    await this.refresh();
    return { kid: key.kid };
  }

  /** The newest key. Throws when none is loaded: `ensureKey()` must run first. */
  current(): StoredSigningKey {
    const newest = this.#keys[0];
    if (newest === undefined) throw new Error("KeyRing has no key: call ensureKey() first");
    return newest;
  }

  /** The key to sign with now, re-read from the store when another process may have rotated. */
  async signingKey(): Promise<StoredSigningKey> {
    await this.ensureKey();
    if (this.#now() - this.#loadedAt > SIGNING_KEY_MAX_AGE_MS) await this.refresh();
    return this.current();
  }

  /** The key with this kid; an unknown kid re-reads the store, at most once a second per kid. */
  async find(kid: string): Promise<StoredSigningKey | undefined> {
    const known = this.#byKid.get(kid);
    if (known !== undefined || !this.#mayRetryUnknownKid(kid)) return known;
    await this.refresh();
    const found = this.#byKid.get(kid);
    if (found !== undefined) this.#unknownKidAttempts.delete(kid);
    return found;
  }

  /** Re-reads the keys; resolves after a read that started no earlier than this call. */
  refresh(): Promise<void> {
    if (this.#queuedLoad !== null) return this.#queuedLoad;
    if (this.#loading === null) {
      this.#loading = this.#load().finally(() => {
        this.#loading = null;
      });
      return this.#loading;
    }
    // A read already under way may predate what the caller knows of (a new kid), so queue
    // one more read and let every caller arriving meanwhile share it.
    this.#queuedLoad = this.#loading
      .catch(() => undefined)
      .then(() => {
        this.#queuedLoad = null;
        return this.refresh();
      });
    return this.#queuedLoad;
  }

  async #loadOrCreate(): Promise<void> {
    await this.refresh();
    if (this.#keys.length > 0) return;
    // Two processes starting together may both add a first key; both stay valid, and the
    // store's retire-on-add leaves exactly one current.
    await this.#store.addSigningKey(newSigningKey(this.#now()));
    await this.refresh();
  }

  async #load(): Promise<void> {
    const records = await this.#store.listSigningKeys();
    const now = this.#now();
    const keys = records
      .map((record) => ({ ...record }))
      .sort(newestFirst)
      .filter((key, index) => index === 0 || !this.#outlivedItsTokens(key, now));
    this.#keys = keys;
    this.#byKid = new Map(keys.map((key) => [key.kid, key]));
    this.#loadedAt = now;
  }

  #outlivedItsTokens(key: StoredSigningKey, now: number): boolean {
    if (this.#maxTokenLifetimeMs === null || key.retiredAt === null) return false;
    return now - key.retiredAt > this.#maxTokenLifetimeMs + REFRESH_GRACE_MS;
  }

  #mayRetryUnknownKid(kid: string): boolean {
    const now = this.#now();
    const last = this.#unknownKidAttempts.get(kid);
    if (last !== undefined && now - last < UNKNOWN_KID_RETRY_MS) return false;
    if (this.#unknownKidAttempts.size >= MAX_TRACKED_UNKNOWN_KIDS) this.#forgetStaleAttempts(now);
    this.#unknownKidAttempts.set(kid, now);
    return true;
  }

  #forgetStaleAttempts(now: number): void {
    for (const [kid, at] of this.#unknownKidAttempts) {
      if (now - at >= UNKNOWN_KID_RETRY_MS) this.#unknownKidAttempts.delete(kid);
    }
    if (this.#unknownKidAttempts.size >= MAX_TRACKED_UNKNOWN_KIDS) this.#unknownKidAttempts.clear();
  }
}

/** By creation time; on a tie the key still in service comes first. */
function newestFirst(a: StoredSigningKey, b: StoredSigningKey): number {
  if (a.createdAt !== b.createdAt) return b.createdAt - a.createdAt;
  return (a.retiredAt === null ? 0 : 1) - (b.retiredAt === null ? 0 : 1);
}

function newSigningKey(createdAt: number): StoredSigningKey {
  return {
    kid: randomBytes(KID_BYTES).toString("base64url"),
    alg: "HS256",
    secret: randomBytes(KEY_BYTES).toString("base64url"),
    createdAt,
    retiredAt: null,
  };
}
