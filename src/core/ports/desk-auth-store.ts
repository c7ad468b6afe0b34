// The desk's sign-in records: each desk user's email and password hash, and the browser sessions they open.
import type { DeskStatus } from "../../protocol/index.js";

/** How a desk user signs in to the console. One per desk user; erased with the desk user. */
export interface DeskLoginRecord {
  deskUserId: string;
  /** Lower-cased and trimmed; no two desk users share one. */
  email: string;
  /** The password's PHC hash string (argon2id); null until a password is set. */
  passwordHash: string | null;
  /**
   * Raised by "sign out everywhere" and by password changes: web sessions issued under an
   * older generation stop working at once, in every process.
   */
  generation: number;
  updatedAt: number;
}

/** One signed-in browser: the cookie's SHA-256, never the cookie itself. */
export interface DeskWebSessionRecord {
  idHash: string;
  deskUserId: string;
  /** The login's generation when it was issued; valid only while they are equal. */
  generation: number;
  /** Sent back by the console on every mutating request (the CSRF header). */
  csrfToken: string;
  createdAt: number;
  expiresAt: number;
}

/**
 * Desk sign-in persistence. Contract (the suite in `test/support/desk-auth-contract.ts` checks it):
 * - Writes resolve once committed; every process sees them on its next read.
 * - `putDeskLogin` refuses (false) an email another desk user has, whatever its case was
 *   when stored; a login for a desk user that does not exist is refused too.
 * - Logins and web sessions are erased with their desk user.
 * - `raiseDeskLoginGeneration` is atomic: concurrent raises each add one.
 */
export interface DeskAuthStore {
  /** Creates or replaces the login of `login.deskUserId`; false when the email is taken or the user is unknown. */
  putDeskLogin(login: DeskLoginRecord): Promise<boolean>;
  getDeskLogin(deskUserId: string): Promise<DeskLoginRecord | undefined>;
  /** The login with this (lower-cased) email, if any. */
  getDeskLoginByEmail(email: string): Promise<DeskLoginRecord | undefined>;
  /** Adds one to the login's generation and returns it; undefined when there is no login. */
  raiseDeskLoginGeneration(deskUserId: string, at: number): Promise<number | undefined>;
  createDeskWebSession(session: DeskWebSessionRecord): Promise<void>;
  getDeskWebSession(idHash: string): Promise<DeskWebSessionRecord | undefined>;
  deleteDeskWebSession(idHash: string): Promise<boolean>;
  /** Erases web sessions expired at `now` or of an older generation than their login; returns how many. */
  purgeDeskWebSessions(now: number): Promise<number>;
}

/**
 * The status each desk user chose (online, away, offline). Kept so a reconnect, another tab or
 * another process sees the same choice. Erased with the desk user; absent means never chosen.
 */
export interface DeskStatusStore {
  setDeskStatus(deskUserId: string, status: DeskStatus, at: number): Promise<void>;
  /** Chosen statuses by desk user id (users who never chose are left out). */
  listDeskStatuses(): Promise<Map<string, DeskStatus>>;
}
