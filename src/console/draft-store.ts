// Unsent drafts of one desk user, kept in sessionStorage so reloading the tab loses nothing.
import type { Draft } from "./chat-state.js";
import type { KeyValueStorage } from "./web-storage.js";

const PREFIX = "switchboard.console.drafts.";

/** An empty draft: no text, nothing attached. */
export function emptyDraft(): Draft {
  return { text: "", attachments: [], suggestions: [] };
}

/**
 * Drafts by session id. sessionStorage (this tab, like the desk token) rather than localStorage:
 * a draft holds what the agent wrote to a customer, and should not outlive the signed-in tab.
 */
export class DraftStore {
  readonly #key: string;
  readonly #storage: KeyValueStorage;
  readonly #drafts: Record<string, Draft>;

  constructor(deskUserId: string, storage: KeyValueStorage) {
    this.#key = PREFIX + deskUserId;
    this.#storage = storage;
    this.#drafts = readDrafts(storage.getItem(this.#key));
  }

  /** The draft kept for a session, if any. */
  load(sessionId: string): Draft | null {
    return this.#drafts[sessionId] ?? null;
  }

  /** Keeps `draft` (an empty one is forgotten). */
  save(sessionId: string, draft: Draft): void {
    if (isEmpty(draft)) delete this.#drafts[sessionId];
    else this.#drafts[sessionId] = draft;
    this.#write();
  }

  /** Forgets the drafts of every session not in `sessionIds`. */
  keepOnly(sessionIds: ReadonlySet<string>): void {
    for (const id of Object.keys(this.#drafts)) if (!sessionIds.has(id)) delete this.#drafts[id];
    this.#write();
  }

  /** Forgets every draft (on sign-out). */
  clear(): void {
    for (const id of Object.keys(this.#drafts)) delete this.#drafts[id];
    this.#storage.removeItem(this.#key);
  }

  #write(): void {
    try {
      if (Object.keys(this.#drafts).length === 0) this.#storage.removeItem(this.#key);
      else this.#storage.setItem(this.#key, JSON.stringify(this.#drafts));
    } catch {
      // Storage full or disabled: the draft still lives in memory until the tab closes.
    }
  }
}

function isEmpty(draft: Draft): boolean {
  return !draft.text && draft.attachments.length === 0 && draft.suggestions.length === 0;
}

function readDrafts(raw: string | null): Record<string, Draft> {
  const drafts: Record<string, Draft> = {};
  let parsed: unknown;
  try {
    parsed = raw ? JSON.parse(raw) : {};
  } catch {
    return drafts;
  }
  if (typeof parsed !== "object" || parsed === null) return drafts;
  for (const [id, value] of Object.entries(parsed)) {
    const draft = value as Partial<Draft> | null;
    if (typeof draft?.text !== "string") continue;
    drafts[id] = {
      text: draft.text,
      attachments: Array.isArray(draft.attachments) ? draft.attachments : [],
      suggestions: Array.isArray(draft.suggestions) ? draft.suggestions : [],
    };
  }
  return drafts;
}
