// Generated secrets every process of a deployment shares: kept in the store, copied to the data dir.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { Settings } from "../core/index.js";

/** The setting a generated secret is kept under. */
export function secretSetting(name: string): string {
  return `secret:${name}`;
}

export interface SharedSecretOptions {
  /** Its name (`admin-token`); the setting is `secret:<name>`. */
  name: string;
  /** A copy for the operator, written with mode 0600 when missing; none without a data dir. */
  file: string | undefined;
  generate: () => string;
  now: number;
}

/**
 * The secret stored under `name`, or a new one: the first process to claim it wins and every
 * other reads the winner's. A file left by an older version (the secret kept only in the data
 * dir) is taken over as is, so existing tokens keep working. `created` is true only for the
 * process that generated it, which alone may show it.
 */
export async function sharedSecret(
  store: Pick<Settings, "getSetting" | "claimSetting">,
  options: SharedSecretOptions,
): Promise<{ value: string; created: boolean }> {
  const setting = secretSetting(options.name);
  let value = await store.getSetting(setting);
  let created = false;
  if (value === undefined) {
    const fromFile = readSecretFile(options.file);
    const candidate = fromFile ?? options.generate();
    const claimed = await store.claimSetting(setting, candidate, options.now);
    value = claimed ? candidate : await store.getSetting(setting);
    if (value === undefined) throw new Error(`shared secret ${options.name} vanished`);
    created = claimed && fromFile === undefined;
  }
  writeSecretFile(options.file, value);
  return { value, created };
}

function readSecretFile(file: string | undefined): string | undefined {
  if (file === undefined || !existsSync(file)) return undefined;
  const value = readFileSync(file, "utf8").trim();
  return value === "" ? undefined : value;
}

function writeSecretFile(file: string | undefined, value: string): void {
  if (file === undefined || existsSync(file)) return;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
}
