// Whether a queue is open at a moment, from weekly hours in the queue's own time zone.
import type { OpeningHours, Weekday } from "../records.js";

const WEEKDAYS: Record<string, Weekday> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};
const INTERVAL = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** True when `hours` is null (always open) or `at` falls inside one of the day's intervals. */
export function isOpenAt(hours: OpeningHours | null, at: number): boolean {
  if (!hours) return true;
  const { weekday, minutes } = localTime(hours.timezone, at);
  for (const interval of hours.weekly[weekday] ?? []) {
    const range = parseInterval(interval);
    if (range && minutes >= range.from && minutes < range.to) return true;
  }
  return false;
}

/** Problems with opening hours as a person would write them; empty when valid. */
export function openingHoursProblems(hours: OpeningHours, path: string): string[] {
  const problems: string[] = [];
  try {
    formatter(hours.timezone);
  } catch {
    problems.push(`${path}.timezone: unknown time zone "${hours.timezone}"`);
  }
  for (const [day, intervals] of Object.entries(hours.weekly)) {
    if (!Object.values(WEEKDAYS).includes(day as Weekday)) {
      problems.push(`${path}.weekly.${day}: not a day (use mon, tue, wed, thu, fri, sat, sun)`);
      continue;
    }
    for (const [i, interval] of (intervals ?? []).entries()) {
      if (!parseInterval(interval))
        problems.push(`${path}.weekly.${day}[${i}]: must look like "09:00-17:00"`);
    }
  }
  return problems;
}

function parseInterval(interval: string): { from: number; to: number } | null {
  const match = INTERVAL.exec(interval);
  if (!match) return null;
  const [, h1, m1, h2, m2] = match.map(Number) as [number, number, number, number, number];
  const from = h1 * 60 + m1;
  const to = h2 * 60 + m2;
  return to > from && to <= 24 * 60 ? { from, to } : null;
}

function localTime(timezone: string, at: number): { weekday: Weekday; minutes: number } {
  const parts = formatter(timezone).formatToParts(new Date(at));
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  const hour = Number(part("hour")) % 24;
  return {
    weekday: WEEKDAYS[part("weekday")] ?? "mon",
    minutes: hour * 60 + Number(part("minute")),
  };
}

function formatter(timezone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timezone);
  if (!cached) {
    cached = new Intl.DateTimeFormat("en-US", {
      timeZone: timezone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    formatters.set(timezone, cached);
  }
  return cached;
}
