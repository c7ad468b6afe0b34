// Checks of queue fields (name, waits, opening hours) shared by the admin API and provisioning.
import { type OpeningHours, openingHoursProblems, type QueueRecord } from "../core/index.js";
import { isPlainObject } from "../protocol/index.js";
import { type Checked, collectChecked } from "./connector-input.js";
import { unknownFields, wholeNumberProblem } from "./fields.js";

/** Queue names are lower-case slugs: they appear in URLs, handoff targets and metrics labels. */
const QUEUE_NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** Limits and defaults of the queue settings. */
export const QUEUE_LIMITS = {
  maxWait: { min: 10, max: 86_400, default: 600 },
  statusInterval: { min: 5, max: 3600, default: 30 },
} as const;

/** The fields of a queue besides its name and times. */
export type QueueSettings = Pick<
  QueueRecord,
  "maxWaitSeconds" | "statusIntervalSeconds" | "openingHours"
>;

/** The fields a queue may be given (API bodies and provisioning entries alike). */
export const QUEUE_FIELDS = [
  "name",
  "max_wait_seconds",
  "status_interval_seconds",
  "opening_hours",
] as const;

/** True when `value` is a valid queue name. */
export function isQueueName(value: unknown): value is string {
  return typeof value === "string" && QUEUE_NAME.test(value);
}

/** The problem with a queue name at `path`, or null. */
export function queueNameProblem(value: unknown, path: string): string | null {
  if (value === undefined) return `${path}: required`;
  if (isQueueName(value)) return null;
  return `${path}: must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit`;
}

/**
 * The settings in `input` (defaults for those left out), every problem named `prefix` + field.
 * Unknown fields are problems; `name` is allowed but checked by the caller.
 */
export function checkQueueSettings(
  input: Record<string, unknown>,
  prefix = "",
): Checked<QueueSettings> {
  const problems = unknownFields(input, QUEUE_FIELDS, prefix);
  const maxWait = input.max_wait_seconds ?? QUEUE_LIMITS.maxWait.default;
  const interval = input.status_interval_seconds ?? QUEUE_LIMITS.statusInterval.default;
  const { maxWait: w, statusInterval: s } = QUEUE_LIMITS;
  const waitProblem = wholeNumberProblem(maxWait, `${prefix}max_wait_seconds`, w.min, w.max);
  const intervalProblem = wholeNumberProblem(
    interval,
    `${prefix}status_interval_seconds`,
    s.min,
    s.max,
  );
  if (waitProblem) problems.push(waitProblem);
  if (intervalProblem) problems.push(intervalProblem);
  const hours = collectChecked(
    checkOpeningHours(input.opening_hours, `${prefix}opening_hours`),
    problems,
  );
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      maxWaitSeconds: maxWait as number,
      statusIntervalSeconds: interval as number,
      openingHours: hours ?? null,
    },
  };
}

/** Opening hours `{ timezone, weekly: { mon: ["09:00-17:00"], … } }`, or null for always open. */
export function checkOpeningHours(value: unknown, path: string): Checked<OpeningHours | null> {
  if (value === undefined || value === null) return { ok: true, value: null };
  if (!isPlainObject(value)) {
    return { ok: false, problems: [`${path}: must be an object with timezone and weekly`] };
  }
  const problems = unknownFields(value, ["timezone", "weekly"], `${path}.`);
  const { timezone, weekly } = value;
  if (typeof timezone !== "string" || timezone === "") {
    problems.push(`${path}.timezone: required (an IANA time zone such as "Europe/Paris")`);
  }
  if (!isPlainObject(weekly)) {
    problems.push(`${path}.weekly: required (days mon..sun to lists of "HH:MM-HH:MM")`);
  }
  if (problems.length > 0 || typeof timezone !== "string" || !isPlainObject(weekly)) {
    return { ok: false, problems };
  }
  const days: Record<string, string[]> = {};
  for (const [day, intervals] of Object.entries(weekly)) {
    const list = Array.isArray(intervals) && intervals.every((i) => typeof i === "string");
    // A misspelt day is reported by openingHoursProblems; only real days need a list.
    if (!list && WEEKDAYS.includes(day)) {
      problems.push(`${path}.weekly.${day}: must be a list of "HH:MM-HH:MM" intervals`);
    }
    days[day] = list ? (intervals as string[]) : [];
  }
  const hours: OpeningHours = { timezone, weekly: days };
  problems.push(...openingHoursProblems(hours, path));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: hours };
}
