// Whether an access token may open a session, and how the session's binding changes when it does.
import type { AccessTokenClaims } from "../auth/index.js";
import type { SessionPatch, SessionRecord } from "../core/index.js";

/**
 * A fresh token of another subject may take a session over once its bound token is this close
 * to expiry: the iOS SDK renews its token 300 s before expiry, with a fresh subject, and
 * reconnects the same session (`sdk-expectations.md` rule 32).
 */
export const RENEWAL_WINDOW_MS = 300_000;

/** What a connect changes in a session's binding: its subject and the bound token's expiry. */
export type BindingChange = Pick<SessionPatch, "subject" | "subjectExpiresAt">;

/** Refused, or allowed with the binding change to record first (none when nothing changes). */
export type BindingDecision = { ok: false } | { ok: true; change?: BindingChange };

/**
 * Sessions belong to a connector and a token subject. A token of the session's subject is always
 * accepted (a later expiry is remembered); a token of another subject only while the bound one has
 * expired or is within `RENEWAL_WINDOW_MS` of it, and then the session moves to the new subject.
 * An unknown bound expiry (sessions from before it was kept) keeps the binding strict.
 */
export function decideBinding(
  session: Pick<SessionRecord, "connectorId" | "subject" | "subjectExpiresAt">,
  claims: Pick<AccessTokenClaims, "connectorId" | "subject" | "expiresAt">,
  now: number,
): BindingDecision {
  if (claims.connectorId !== session.connectorId) return { ok: false };
  const boundExpiry = session.subjectExpiresAt;
  if (claims.subject === session.subject) {
    return boundExpiry !== null && claims.expiresAt <= boundExpiry
      ? { ok: true }
      : { ok: true, change: { subjectExpiresAt: claims.expiresAt } };
  }
  if (boundExpiry === null || boundExpiry - now > RENEWAL_WINDOW_MS) return { ok: false };
  return { ok: true, change: { subject: claims.subject, subjectExpiresAt: claims.expiresAt } };
}
