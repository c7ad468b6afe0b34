// Saved replies (canned responses): a team's, kept per queue, and each desk user's own.

/** Whose a saved reply is: every desk user serving a queue, or one desk user. */
export type SavedReplyScope =
  | { kind: "queue"; queue: string }
  | { kind: "desk_user"; deskUserId: string };

/** One saved reply. `text` may hold the placeholders `{{visitor.name}}` and `{{agent.name}}`. */
export interface SavedReplyRecord {
  id: string;
  scope: SavedReplyScope;
  /** What the agent types after `/` to find it (`refund`); unique within its scope. */
  shortcut: string;
  text: string;
  createdAt: number;
  updatedAt: number;
}

/**
 * Saved replies. Contract (the suite in `test/support/desk-auth-contract.ts` checks it):
 * - Writes resolve once committed; every process sees them on its next read.
 * - `putSavedReply` creates or replaces by id; false when another reply of the same scope has
 *   that shortcut.
 * - `listSavedReplies` returns the replies of the given queues and of the desk user, by shortcut.
 * - Replies of a desk user are erased with the desk user; a queue's with the queue.
 */
export interface SavedReplyStore {
  putSavedReply(reply: SavedReplyRecord): Promise<boolean>;
  getSavedReply(id: string): Promise<SavedReplyRecord | undefined>;
  listSavedReplies(filter: {
    queues?: readonly string[];
    deskUserId?: string;
  }): Promise<SavedReplyRecord[]>;
  /** Every saved reply (admin listing), by scope then shortcut. */
  listAllSavedReplies(): Promise<SavedReplyRecord[]>;
  deleteSavedReply(id: string): Promise<boolean>;
}
