// Offline conversations: what a visitor left (email, name, message) when nobody could take the chat.

/** Where an offline message stands with the company's webhook. */
export type OfflineDeliveryState = "none" | "pending" | "delivered" | "failed";

/** One offline conversation: the session it came from and what the visitor wrote. */
export interface OfflineMessageRecord {
  id: string;
  sessionId: string;
  connectorId: string;
  /** The queue the visitor asked for. */
  queue: string;
  /** Why nobody could be reached: `QUEUE_CLOSED` or `NO_AGENTS_AVAILABLE`. */
  reason: string;
  email: string;
  name: string | null;
  message: string;
  /** The session's language when it was left (BCP-47), or null. */
  language: string | null;
  createdAt: number;
  delivery: OfflineDeliveryState;
  /** Webhook attempts so far. */
  attempts: number;
  /** The last failure, in words (status code or network error), never a secret. */
  lastError: string | null;
  deliveredAt: number | null;
}

/** What changes on an offline message as its webhook delivery goes on. */
export type OfflineDeliveryPatch = Pick<
  OfflineMessageRecord,
  "delivery" | "attempts" | "lastError" | "deliveredAt"
>;

/** A page of offline messages, newest first. */
export interface OfflineMessageFilter {
  /** Only these queues (a desk user's); absent: every queue. */
  queues?: readonly string[];
  /** At most this many (default 50, at most 200). */
  limit?: number;
  /** Only messages left strictly before this one (keyset pagination). */
  before?: string;
}

/**
 * Offline conversations. Contract (the cases in `test/support/store-contract/offline-cases.ts`
 * run against every adapter): writes resolve once committed and every process sees them; one
 * session holds at most one (a second `addOfflineMessage` for it returns false and changes
 * nothing); lists come newest first; they are erased with their session.
 */
export interface OfflineMessageStore {
  /** Stores `record`; false when its session already has one. */
  addOfflineMessage(record: OfflineMessageRecord): Promise<boolean>;
  getOfflineMessage(id: string): Promise<OfflineMessageRecord | undefined>;
  offlineMessageOfSession(sessionId: string): Promise<OfflineMessageRecord | undefined>;
  listOfflineMessages(filter: OfflineMessageFilter): Promise<OfflineMessageRecord[]>;
  updateOfflineDelivery(id: string, patch: OfflineDeliveryPatch): Promise<void>;
}
