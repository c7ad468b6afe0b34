// The conversation-inbox port: ended conversations the desk handled, filtered and searched.
import type { SessionRating, SessionRecord } from "../records.js";

/** Who is asking: they see conversations handed to one of their queues or assigned to them. */
export interface InboxScope {
  deskUserId: string;
  queues: readonly string[];
}

/** What the inbox may narrow to; every field narrows further (AND). */
export interface InboxFilter {
  scope: InboxScope;
  /** Only this session (to check that one conversation is in scope). */
  sessionId?: string;
  /** Handed to this queue at some point. */
  queue?: string;
  /** Held by this desk user at some point. */
  agentId?: string;
  /** Ended at or after (ms). */
  endedAfter?: number;
  /** Ended before (ms). */
  endedBefore?: number;
  /** Rated with this score (`"1"`–`"5"`, `"up"`, `"down"`), or `"none"`: not rated. */
  rating?: string;
  /**
   * Words every matching conversation contains in its message texts (each in any message,
   * by any author), each matched as a whole word or a word's beginning, case-insensitively.
   * Letters and digits only: the caller splits and checks the query (see `searchTerms`).
   */
  terms?: readonly string[];
  /** The last entry of the previous page (`endedAt`, session id). */
  after?: { endedAt: number; sessionId: string };
  /** 1–100, default 25. */
  limit?: number;
}

/** One conversation of the inbox. */
export interface InboxEntry {
  session: SessionRecord;
  /** The queue of its latest handoff. */
  queue: string;
  /** Who held its latest handoff, if anyone did. */
  agentId: string | null;
  rating: SessionRating | null;
  /** With `terms`: the first message that matched (its sequence and text). */
  match: { sequence: number; text: string } | null;
}

/**
 * The desk's inbox and full-text search. Contract (the suite in
 * `test/support/store-contract/inbox-cases.ts` checks it against both adapters):
 * - Only ended sessions with at least one handoff in scope are listed, newest end first
 *   (`endedAt`, then session id, descending), keyset-paged by `after`.
 * - Message texts are searchable as soon as their append resolves, from every process; an
 *   erased or purged session is gone from results at once.
 * - Matching is by word (or word prefix), case-insensitive, without stemming or accent
 *   folding, the same on every adapter; chunks of a streamed message are matched one by one.
 */
export interface ConversationInbox {
  listInbox(filter: InboxFilter): Promise<InboxEntry[]>;
}
