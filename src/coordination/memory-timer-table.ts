// Timers in a Map: the backend of the in-process scheduler and of tests that share one "cluster" in memory.
import { randomUUID } from "node:crypto";
import type { ScheduleMode, TimerPayload } from "../core/index.js";
import type { ClaimedTimer, TimerTable } from "./timer-table.js";

interface Row {
  kind: string;
  key: string;
  at: number;
  payload: TimerPayload;
  attempt: number;
  token: string | null;
  readyAt: number;
}

/** A `TimerTable` in memory: atomic because every method runs to completion synchronously. */
export class MemoryTimerTable implements TimerTable {
  readonly #rows = new Map<string, Row>();

  async put(
    kind: string,
    key: string,
    at: number,
    payload: TimerPayload,
    mode: ScheduleMode,
  ): Promise<void> {
    const name = nameOf(kind, key);
    const existing = this.#rows.get(name);
    if (existing && mode === "absent") return;
    const due = existing && mode === "later" ? Math.max(existing.at, at) : at;
    this.#rows.set(name, { kind, key, at: due, payload, attempt: 0, token: null, readyAt: due });
  }

  async remove(kind: string, key: string): Promise<void> {
    this.#rows.delete(nameOf(kind, key));
  }

  async claim(
    kinds: readonly string[],
    now: number,
    claimUntil: number,
    limit: number,
  ): Promise<ClaimedTimer[]> {
    const ready = [...this.#rows.values()]
      .filter((row) => row.readyAt <= now && kinds.includes(row.kind))
      .sort((a, b) => a.readyAt - b.readyAt)
      .slice(0, limit);
    return ready.map((row) => {
      row.token = randomUUID();
      row.attempt += 1;
      row.readyAt = claimUntil;
      const { kind, key, at, payload, attempt, token } = row;
      return { kind, key, at, payload, attempt, token };
    });
  }

  async confirm(kind: string, key: string, token: string): Promise<void> {
    const name = nameOf(kind, key);
    if (this.#rows.get(name)?.token === token) this.#rows.delete(name);
  }

  async release(kind: string, key: string, token: string, retryAt: number): Promise<void> {
    const row = this.#rows.get(nameOf(kind, key));
    if (row?.token !== token) return;
    row.token = null;
    row.readyAt = retryAt;
  }

  async countReady(now: number): Promise<number> {
    let count = 0;
    for (const row of this.#rows.values()) if (row.readyAt <= now) count += 1;
    return count;
  }

  async nextReady(): Promise<number | undefined> {
    let first: number | undefined;
    for (const row of this.#rows.values())
      if (first === undefined || row.readyAt < first) first = row.readyAt;
    return first;
  }

  async close(): Promise<void> {}
}

function nameOf(kind: string, key: string): string {
  return `${kind}\n${key}`;
}
