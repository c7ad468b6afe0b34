// The query string of an admin list endpoint, read parameter by parameter, each problem collected.

import { parseTime } from "./fields.js";

/** Reads a list endpoint's query; unknown parameters are problems from the start. */
export class ListQuery {
  /** What is wrong, one line per parameter, in the admin API's `key: reason` form. */
  readonly problems: string[];
  readonly #query: Record<string, unknown>;

  constructor(query: Record<string, unknown>, known: readonly string[]) {
    this.#query = query;
    this.problems = Object.keys(query)
      .filter((key) => !known.includes(key))
      .map((key) => `${key}: unknown query parameter`);
  }

  /** The parameter when it was given once, as text. */
  text(key: string): string | undefined {
    const value = this.#query[key];
    return typeof value === "string" ? value : undefined;
  }

  /** An ISO 8601 time or epoch milliseconds, as milliseconds. */
  time(key: string): number | undefined {
    const raw = this.text(key);
    if (raw === undefined) return undefined;
    const ms = parseTime(raw);
    if (ms === null) this.problems.push(`${key}: must be an ISO 8601 time or epoch milliseconds`);
    return ms ?? undefined;
  }

  /** `limit`, a whole number from 1 to `max`. */
  limit(max: number): number | undefined {
    const raw = this.text("limit");
    if (raw === undefined) return undefined;
    const n = Number(raw);
    if (Number.isInteger(n) && n >= 1 && n <= max) return n;
    this.problems.push(`limit: must be a whole number from 1 to ${max}`);
    return undefined;
  }
}
