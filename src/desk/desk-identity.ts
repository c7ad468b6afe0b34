// Who a desk request is from: a bearer desk token (API, integrations) or the console's session cookie.
import type { IncomingHttpHeaders } from "node:http";
import type { DeskUserRecord } from "../core/index.js";
import type { DeskDeps } from "./deps.js";
import { bearerToken, deskUserByToken } from "./desk-auth.js";
import { type SignedIn, sameOrigin } from "./web-sessions.js";

/** An authenticated desk caller; `web` is set when they came with the session cookie. */
export interface DeskCaller {
  user: DeskUserRecord;
  web?: SignedIn;
}

/** Methods that change nothing, so need no CSRF token. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The caller of a request: the bearer token wins when one is sent; else the session cookie.
 * Undefined when neither identifies a desk user.
 */
export async function deskCaller(
  deps: DeskDeps,
  headers: IncomingHttpHeaders,
  tokenFromQuery?: string | null,
): Promise<DeskCaller | undefined> {
  const token = tokenFromQuery ?? bearerToken(headers.authorization);
  if (token) {
    const user = await deskUserByToken(deps.store, token);
    return user && { user };
  }
  const web = await deps.webSessions?.fromHeaders(headers);
  return web && { user: web.user, web };
}

/**
 * Whether a cookie-authenticated request may go on: safe methods always; others only from
 * this server's pages (`Origin`) and with the session's CSRF token. Tokens are not sent by
 * browsers on their own, so token callers need neither.
 */
export function passesCsrf(
  deps: DeskDeps,
  caller: DeskCaller,
  method: string,
  headers: IncomingHttpHeaders,
): boolean {
  if (!caller.web || SAFE_METHODS.has(method)) return true;
  return (
    sameOrigin(headers, deps.publicUrl ?? "") &&
    (deps.webSessions?.csrfMatches(caller.web.session, headers) ?? false)
  );
}
