// Desk users' console sign-in as admins manage it: set the email, set or reset the password.
import { hashPassword, passwordProblem } from "../auth/index.js";
import type { DeskLoginRecord } from "../core/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import { bodyObject, unknownFields } from "./fields.js";
import type { ServiceDeps } from "./service-deps.js";

const FIELDS = ["email", "password"] as const;
const MAX_EMAIL_CHARS = 254;
// Enough to reject typos, not a full RFC 5322 parser: the address is only ever a sign-in name.
const EMAIL = /^[^\s@]+@[^\s@]+$/;

/** A desk user's login as the admin API shows it (never the hash). */
export function deskLoginJson(login: DeskLoginRecord): Record<string, unknown> {
  return {
    desk_user_id: login.deskUserId,
    email: login.email,
    password_set: login.passwordHash !== null,
    updated_at: new Date(login.updatedAt).toISOString(),
  };
}

/**
 * Sets `{email?, password?}` of a desk user's console sign-in (email required the first time).
 * A new password signs the person out of every browser: that is what a reset is for.
 */
export async function putDeskLogin(
  deps: ServiceDeps,
  id: string,
  body: unknown,
): Promise<AdminResult<DeskLoginRecord>> {
  const auth = deps.deskAuth;
  if (!auth) return failure("admin_not_found", "this server keeps no desk sign-ins");
  if (!(await deps.store.getDeskUser(id)))
    return failure("admin_not_found", `no desk user "${id}"`);
  const object = bodyObject(body);
  if (!object.ok) return invalid([object.problem]);
  const input = object.object;
  const problems = unknownFields(input, FIELDS);
  const existing = await auth.getDeskLogin(id);
  const email = input.email ?? existing?.email;
  if (typeof email !== "string" || !EMAIL.test(email.trim()) || email.length > MAX_EMAIL_CHARS)
    problems.push("email: must be an email address (required the first time)");
  if (input.password !== undefined) {
    const problem = passwordProblem(input.password);
    if (problem) problems.push(`password: ${problem}`);
  }
  if (problems.length > 0) return invalid(problems);
  const passwordChanged = input.password !== undefined;
  const login: DeskLoginRecord = {
    deskUserId: id,
    email: (email as string).trim().toLowerCase(),
    passwordHash: passwordChanged
      ? await hashPassword(input.password as string)
      : (existing?.passwordHash ?? null),
    generation: (existing?.generation ?? 0) + (passwordChanged ? 1 : 0),
    updatedAt: deps.now(),
  };
  if (!(await auth.putDeskLogin(login)))
    return failure("admin_conflict", `another desk user signs in as "${login.email}"`);
  if (passwordChanged) await auth.purgeDeskWebSessions(deps.now());
  return success(login);
}

/** A desk user's login, or not found when they have none. */
export async function getDeskLogin(
  deps: ServiceDeps,
  id: string,
): Promise<AdminResult<DeskLoginRecord>> {
  const login = await deps.deskAuth?.getDeskLogin(id);
  return login
    ? success(login)
    : failure("admin_not_found", `desk user "${id}" has no console sign-in`);
}
