// The port for what a session knows about its visitor: verified context and integration attributes.
import type { ContextValue } from "../ports.js";

/** Flat facts: JSON scalars only. */
export type ContextFields = Readonly<Record<string, ContextValue>>;

/** A session's visitor facts as stored. */
export interface SessionContextRecord {
  sessionId: string;
  /** Signed facts from the latest valid context token, or null. */
  verified: ContextFields | null;
  /** When `verified` was last replaced (ms since the epoch), or null. */
  verifiedAt: number | null;
  /** Unverified attributes given by a Chat API client at creation, or null. */
  attributes: ContextFields | null;
}

/**
 * Durable storage of sessions' visitor facts. Contract (the suite in
 * `test/support/context-store-contract.ts` checks it):
 * - Writes resolve only once committed; the session must exist.
 * - `setVerifiedContext` replaces the whole verified object (last write wins) and leaves the
 *   attributes alone; `setIntegrationAttributes` the reverse.
 * - The facts are erased with their session (`Store.deleteSession`, `purgeEndedBefore`).
 * - Methods reject only on infrastructure failure; "not found" is `undefined`.
 */
export interface SessionContextStore {
  getSessionContext(sessionId: string): Promise<SessionContextRecord | undefined>;
  setVerifiedContext(sessionId: string, verified: ContextFields | null, at: number): Promise<void>;
  setIntegrationAttributes(sessionId: string, attributes: ContextFields | null): Promise<void>;
}
