// Console sign-in: email and password to an HTTP-only session cookie, with a CSRF token, limits and sign-out everywhere.
import type { IncomingHttpHeaders } from "node:http";
import {
  constantTimeEqual,
  generateSecretToken,
  hashPassword,
  hashToken,
  MAX_BEARER_TOKEN_LENGTH,
  passwordProblem,
  verifyPassword,
} from "../auth/index.js";
import {
  type Clock,
  type DeskAuthStore,
  type DeskUserRecord,
  type DeskWebSessionRecord,
  RateLimiter,
  type Store,
} from "../core/index.js";
import { type DeskError, deskError } from "./desk-errors.js";

/** The session cookie's name; scoped to `/desk` so only the desk API and socket receive it. */
export const SESSION_COOKIE = "switchboard_desk";
/** A web session lasts this long after sign-in (a working week), then the agent signs in again. */
export const WEB_SESSION_MS = 7 * 24 * 3_600_000;
/** The header the console sends its CSRF token in on every mutating request. */
export const CSRF_HEADER = "x-csrf-token";

// Per client: 10 attempts, then one every 6 s. Per account: 5, then one a minute, so a
// password cannot be guessed from many addresses either. Both are per process.
const CLIENT_RATE = 10 / 60;
const CLIENT_BURST = 10;
const ACCOUNT_RATE = 1 / 60;
const ACCOUNT_BURST = 5;
const MAX_EMAIL_CHARS = 254;

/** A web session, with the desk user it belongs to. */
export interface SignedIn {
  user: DeskUserRecord;
  session: DeskWebSessionRecord;
}

/** What a successful sign-in gives the browser: the cookie value (shown once) and the CSRF token. */
export interface IssuedSession extends SignedIn {
  cookieValue: string;
}

export type SignInResult = { ok: true; value: IssuedSession } | { ok: false; error: DeskError };

/** Sign-in, sign-out and password changes of desk users, over the store's login tables. */
export class DeskWebSessions {
  readonly #store: Store;
  readonly #auth: DeskAuthStore;
  readonly #clock: Clock;
  readonly #secure: boolean;
  readonly #perClient = new RateLimiter(CLIENT_RATE, CLIENT_BURST);
  readonly #perAccount = new RateLimiter(ACCOUNT_RATE, ACCOUNT_BURST);

  constructor(store: Store, auth: DeskAuthStore, clock: Clock, secureCookies: boolean) {
    this.#store = store;
    this.#auth = auth;
    this.#clock = clock;
    this.#secure = secureCookies;
  }

  /** Checks email and password under both rate limits; issues a web session when they match. */
  async signIn(email: unknown, password: unknown, client: string): Promise<SignInResult> {
    if (typeof email !== "string" || email.trim() === "" || email.length > MAX_EMAIL_CHARS)
      return fail(deskError("desk_invalid_request", "email must be a non-empty string"));
    if (typeof password !== "string" || password === "")
      return fail(deskError("desk_invalid_request", "password must be a non-empty string"));
    const now = this.#clock.now();
    const normalized = email.trim().toLowerCase();
    const wait = Math.max(
      this.#perClient.take(client, now),
      this.#perAccount.take(normalized, now),
    );
    if (wait > 0) return fail({ code: "rate_limited", retryAfterSeconds: Math.ceil(wait / 1000) });
    const login = await this.#auth.getDeskLoginByEmail(normalized);
    const matches = await verifyPassword(login?.passwordHash ?? null, password);
    const user = matches && login ? await this.#store.getDeskUser(login.deskUserId) : undefined;
    if (!user || !login) return fail(deskError("desk_sign_in_failed"));
    return { ok: true, value: await this.#issue(user, login.generation) };
  }

  /** The signed-in desk user of a `Cookie` header, or undefined (none, unknown, expired, signed out). */
  async fromHeaders(headers: IncomingHttpHeaders): Promise<SignedIn | undefined> {
    const value = cookieValue(headers.cookie, SESSION_COOKIE);
    if (!value || value.length > MAX_BEARER_TOKEN_LENGTH) return undefined;
    const session = await this.#auth.getDeskWebSession(hashToken(value));
    if (!session || session.expiresAt <= this.#clock.now()) return undefined;
    const login = await this.#auth.getDeskLogin(session.deskUserId);
    if (!login || login.generation !== session.generation) return undefined;
    const user = await this.#store.getDeskUser(session.deskUserId);
    return user ? { user, session } : undefined;
  }

  /** Whether a mutating request carries this session's CSRF token. */
  csrfMatches(session: DeskWebSessionRecord, headers: IncomingHttpHeaders): boolean {
    const sent = headers[CSRF_HEADER];
    return typeof sent === "string" && constantTimeEqual(sent, session.csrfToken);
  }

  /** Ends this browser's session only. */
  async signOut(session: DeskWebSessionRecord): Promise<void> {
    await this.#auth.deleteDeskWebSession(session.idHash);
  }

  /** Ends every web session of the desk user, in every browser and process. */
  async signOutEverywhere(user: DeskUserRecord): Promise<void> {
    await this.#auth.raiseDeskLoginGeneration(user.id, this.#clock.now());
    await this.#auth.purgeDeskWebSessions(this.#clock.now());
  }

  /**
   * The desk user's own password change: the current one must match. Every other web session
   * ends; this browser gets a new one.
   */
  async changePassword(signedIn: SignedIn, current: unknown, next: unknown): Promise<SignInResult> {
    const { user } = signedIn;
    const wait = this.#perAccount.take(`password:${user.id}`, this.#clock.now());
    if (wait > 0) return fail({ code: "rate_limited", retryAfterSeconds: Math.ceil(wait / 1000) });
    const login = await this.#auth.getDeskLogin(user.id);
    if (
      typeof current !== "string" ||
      !login ||
      !(await verifyPassword(login.passwordHash, current))
    )
      return fail(deskError("desk_password_rejected", "the current password is wrong"));
    const problem = passwordProblem(next);
    if (problem) return fail(deskError("desk_password_rejected", `the new password ${problem}`));
    const generation = login.generation + 1;
    await this.#auth.putDeskLogin({
      ...login,
      passwordHash: await hashPassword(next as string),
      generation,
      updatedAt: this.#clock.now(),
    });
    await this.#auth.purgeDeskWebSessions(this.#clock.now());
    return { ok: true, value: await this.#issue(user, generation) };
  }

  /** `Set-Cookie` for a new session cookie. */
  setCookie(issued: IssuedSession): string {
    const maxAge = Math.floor((issued.session.expiresAt - this.#clock.now()) / 1000);
    return `${SESSION_COOKIE}=${issued.cookieValue}; ${this.#attributes()}; Max-Age=${maxAge}`;
  }

  /** `Set-Cookie` that makes the browser forget the session cookie. */
  clearCookie(): string {
    return `${SESSION_COOKIE}=; ${this.#attributes()}; Max-Age=0`;
  }

  #attributes(): string {
    return `Path=/desk; HttpOnly; SameSite=Strict${this.#secure ? "; Secure" : ""}`;
  }

  async #issue(user: DeskUserRecord, generation: number): Promise<IssuedSession> {
    const cookie = generateSecretToken("sbw_");
    const now = this.#clock.now();
    const session: DeskWebSessionRecord = {
      idHash: hashToken(cookie),
      deskUserId: user.id,
      generation,
      csrfToken: generateSecretToken(""),
      createdAt: now,
      expiresAt: now + WEB_SESSION_MS,
    };
    await this.#auth.createDeskWebSession(session);
    return { user, session, cookieValue: cookie };
  }
}

/**
 * Whether a browser request comes from this server's own pages: an `Origin` header, when
 * present, must name the host the request was sent to (or the configured public URL).
 */
export function sameOrigin(headers: IncomingHttpHeaders, publicUrl: string): boolean {
  const origin = headers.origin;
  if (origin === undefined) return true;
  if (publicUrl !== "" && origin === new URL(publicUrl).origin) return true;
  try {
    return new URL(origin).host === headers.host;
  } catch {
    return false;
  }
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

const fail = (error: DeskError): SignInResult => ({ ok: false, error });
