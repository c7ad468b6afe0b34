// The session a client keeps in its storage adapter so a reload resumes the conversation.
import type { StorageLike } from "./types.js";

/** What the client remembers about its session. */
export interface StoredSession {
  sessionId: string;
  token: string;
  /** Highest sequence seen. */
  cursor: number;
}

/** Reads and writes one StoredSession under one key; a broken or missing storage is a no-op. */
export class SessionStore {
  readonly #storage: StorageLike | undefined;
  readonly #key: string;

  constructor(storage: StorageLike | undefined, key: string) {
    this.#storage = storage;
    this.#key = key;
  }

  /** The stored session, or null when none (or it does not parse). */
  read(): StoredSession | null {
    const text = this.#attempt(() => this.#storage?.getItem(this.#key) ?? null);
    if (typeof text !== "string") return null;
    try {
      const value = JSON.parse(text) as Partial<StoredSession> | null;
      if (typeof value?.sessionId !== "string" || typeof value.token !== "string") return null;
      const cursor = typeof value.cursor === "number" && value.cursor >= 0 ? value.cursor : 0;
      return { sessionId: value.sessionId, token: value.token, cursor };
    } catch {
      return null;
    }
  }

  /** Remembers `session`. */
  write(session: StoredSession): void {
    this.#attempt(() => this.#storage?.setItem(this.#key, JSON.stringify(session)));
  }

  /** Forgets the session. */
  clear(): void {
    this.#attempt(() => this.#storage?.removeItem(this.#key));
  }

  // Storage throws in private modes and when full; losing resumption beats breaking the chat.
  #attempt<T>(action: () => T): T | undefined {
    try {
      return action();
    } catch {
      return undefined;
    }
  }
}
