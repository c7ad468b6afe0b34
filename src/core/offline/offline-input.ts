// What a visitor may leave as an offline message: an email, an optional name and the message.

/** Longest accepted values (characters); an email address is at most 254 (RFC 5321). */
export const OFFLINE_LIMITS = Object.freeze({ email: 254, name: 100, message: 4000 });

/** A checked offline message. */
export interface OfflineInput {
  email: string;
  name: string | null;
  message: string;
}

/** Which field is wrong and how (`email: must be an email address`). */
export type OfflineInputProblem = { field: "email" | "name" | "message"; problem: string };

// One @, something before it, a dotted domain after it, no spaces: what a form can check.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** The checked input, or every problem with it. */
export function checkOfflineInput(
  raw: unknown,
): { ok: true; value: OfflineInput } | { ok: false; problems: OfflineInputProblem[] } {
  const problems: OfflineInputProblem[] = [];
  const body = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
  const email = typeof body.email === "string" ? body.email.trim() : "";
  if (email === "") problems.push({ field: "email", problem: "required" });
  else if (email.length > OFFLINE_LIMITS.email)
    problems.push({ field: "email", problem: `at most ${OFFLINE_LIMITS.email} characters` });
  else if (!EMAIL.test(email))
    problems.push({ field: "email", problem: "must be an email address" });
  let name: string | null = null;
  if (body.name !== undefined && body.name !== null) {
    if (typeof body.name !== "string") problems.push({ field: "name", problem: "must be text" });
    else if (body.name.trim().length > OFFLINE_LIMITS.name)
      problems.push({ field: "name", problem: `at most ${OFFLINE_LIMITS.name} characters` });
    else name = body.name.trim() || null;
  }
  const message = typeof body.message === "string" ? body.message.trim() : "";
  if (message === "") problems.push({ field: "message", problem: "required" });
  else if (message.length > OFFLINE_LIMITS.message)
    problems.push({ field: "message", problem: `at most ${OFFLINE_LIMITS.message} characters` });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { email, name, message } };
}
