// Generated secrets kept in the data dir, readable by the operator only.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

/** The secret stored at `file`, or a new one from `generate` (written with mode 0600). */
export function readOrCreateSecret(
  file: string,
  generate: () => string,
): { value: string; created: boolean } {
  if (existsSync(file)) return { value: readFileSync(file, "utf8").trim(), created: false };
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const value = generate();
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  return { value, created: true };
}
