// The stable visitor id: made once per browser and kept, so the server can list earlier conversations.
import type { ClientOptions, StorageLike } from "./types.js";

/** Where the visitor id is kept unless `visitorStorageKey` says otherwise. */
export const VISITOR_ID_KEY = "switchboard:visitor";
const PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/**
 * The client's visitor id: `options.visitorId` when given (null turns it off), else the one kept
 * in `visitorStorage` (default `storage`), else a new random one, kept there. Not identity: it
 * only links this browser's conversations, and anyone holding it can list and reopen them.
 */
export function visitorIdOf(options: ClientOptions, makeId: () => string): string | null {
  if (options.visitorId === null) return null;
  if (typeof options.visitorId === "string") {
    return PATTERN.test(options.visitorId) ? options.visitorId : null;
  }
  const storage = options.visitorStorage ?? options.storage;
  const key = options.visitorStorageKey ?? VISITOR_ID_KEY;
  const kept = read(storage, key);
  if (kept && PATTERN.test(kept)) return kept;
  const fresh = makeId();
  write(storage, key, fresh);
  return fresh;
}

// Storage throws in private modes and when full: an id for this page beats none.
function read(storage: StorageLike | undefined, key: string): string | null {
  try {
    return storage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}

function write(storage: StorageLike | undefined, key: string, value: string): void {
  try {
    storage?.setItem(key, value);
  } catch {
    // Kept for this page only.
  }
}

/** 128 random bits as a UUID (where the runtime has none: from getRandomValues, or Math.random). */
export function randomVisitorId(): string {
  const c = (
    globalThis as {
      crypto?: { randomUUID?: () => string; getRandomValues?: (a: Uint8Array) => Uint8Array };
    }
  ).crypto;
  if (c?.randomUUID) return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  return [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
}
