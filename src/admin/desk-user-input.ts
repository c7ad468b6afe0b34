// Checks of desk-user fields (name, avatar, queues, capacity) shared by the admin API and provisioning.
import type { DeskUserRecord, Store } from "../core/index.js";
import type { Checked } from "./connector-input.js";
import { isHttpUrl, wholeNumberProblem } from "./fields.js";

const MAX_NAME_LENGTH = 100;
const MAX_URL_LENGTH = 2048;

/** Limits and default of `max_concurrent`. */
export const MAX_CONCURRENT = { min: 1, max: 50, default: 3 } as const;

/** The fields of a desk user an admin sets (the token and times are managed). */
export type DeskUserFields = Pick<
  DeskUserRecord,
  "name" | "avatarUrl" | "queues" | "maxConcurrent"
>;

/** A display name of 1-100 characters, not blank. */
export function checkDeskUserName(value: unknown, path: string): Checked<string> {
  if (value === undefined) return { ok: false, problems: [`${path}: required`] };
  if (typeof value !== "string" || value.trim() === "" || value.length > MAX_NAME_LENGTH) {
    return {
      ok: false,
      problems: [`${path}: must be a non-blank string of at most ${MAX_NAME_LENGTH} characters`],
    };
  }
  return { ok: true, value };
}

/** An http(s) URL of an avatar image, or null for none. */
export function checkAvatarUrl(value: unknown, path: string): Checked<string | null> {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (!isHttpUrl(value) || value.length > MAX_URL_LENGTH) {
    return { ok: false, problems: [`${path}: must be an http(s) URL or null`] };
  }
  return { ok: true, value };
}

/** How many conversations the person may hold at once: 1-50, 3 when left out. */
export function checkMaxConcurrent(value: unknown, path: string): Checked<number> {
  if (value === undefined) return { ok: true, value: MAX_CONCURRENT.default };
  const problem = wholeNumberProblem(value, path, MAX_CONCURRENT.min, MAX_CONCURRENT.max);
  return problem ? { ok: false, problems: [problem] } : { ok: true, value: value as number };
}

/** A list of distinct queue names that all exist in the store or (provisioning) in `fileQueues`. */
export async function checkQueueRefs(
  value: unknown,
  path: string,
  store: Store,
  fileQueues?: ReadonlySet<string>,
): Promise<Checked<string[]>> {
  if (value === undefined)
    return { ok: false, problems: [`${path}: required (a list of queue names)`] };
  if (!Array.isArray(value))
    return { ok: false, problems: [`${path}: must be a list of queue names`] };
  const problems: string[] = [];
  const seen = new Set<string>();
  const where = fileQueues ? " in the file or the store" : "";
  for (const [index, name] of value.entries()) {
    const at = `${path}[${index}]`;
    if (typeof name !== "string" || name === "") {
      problems.push(`${at}: must be a queue name`);
    } else if (seen.has(name)) {
      problems.push(`${at}: "${name}" is listed more than once`);
    } else if (!fileQueues?.has(name) && !(await store.getQueue(name))) {
      problems.push(`${at}: no queue "${name}"${where}`);
    }
    if (typeof name === "string") seen.add(name);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: value as string[] };
}
