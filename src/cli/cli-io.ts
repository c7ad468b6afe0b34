// The streams and environment a CLI run uses, and small printing helpers over them.

/** Where a CLI run reads and writes; tests pass captured streams. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: Record<string, string | undefined>;
  /** Read by `chat`; defaults to `process.stdin`. */
  stdin?: NodeJS.ReadableStream;
}

/** The process's own streams and environment. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin };
}

/** Exit codes: 0 success, 1 failure (bad config, not found, refused), 2 usage error. */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

/** Writes one line to stdout. */
export function out(io: CliIo, line = ""): void {
  io.stdout.write(`${line}\n`);
}

/** Writes one line to stderr. */
export function err(io: CliIo, line: string): void {
  io.stderr.write(`${line}\n`);
}

/** Pretty JSON to stdout. */
export function printJson(io: CliIo, value: unknown): void {
  out(io, JSON.stringify(value, null, 2));
}

/** An aligned table to stdout; prints `empty` instead when there are no rows. */
export function printTable(io: CliIo, headers: string[], rows: string[][], empty: string): void {
  if (rows.length === 0) {
    out(io, empty);
    return;
  }
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  out(io, line(headers));
  for (const row of rows) out(io, line(row));
}
