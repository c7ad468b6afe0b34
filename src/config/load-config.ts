// Reads configuration from the environment (and an optional file), validated once and frozen.
import { CONFIG_SCHEMA, type Config, type ConfigKey } from "./schema.js";

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/**
 * Builds the config from environment-style values. `file` holds the same keys by env name
 * (from a config file); the environment wins over the file. Every problem is reported.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  file: Readonly<Record<string, unknown>> = {},
): ConfigResult {
  const problems: string[] = [];
  const known = new Set(Object.values(CONFIG_SCHEMA).map((o) => o.env));
  for (const key of Object.keys(file)) {
    if (!known.has(key)) problems.push(`${key}: unknown setting in the config file`);
  }
  const values: Record<string, unknown> = {};
  for (const key of Object.keys(CONFIG_SCHEMA) as ConfigKey[]) {
    const option = CONFIG_SCHEMA[key];
    const raw = env[option.env] ?? stringFromFile(file[option.env]);
    if (raw === undefined || (raw === "" && option.default === "")) {
      values[key] = option.default;
      continue;
    }
    const parsed = option.parse(raw);
    if (parsed.ok) values[key] = parsed.value;
    else problems.push(`${option.env}: ${parsed.problem} (got "${redact(option.env, raw)}")`);
  }
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, config: Object.freeze(values) as Config };
}

function stringFromFile(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function redact(env: string, raw: string): string {
  // Store and bus URLs may carry a password.
  return /TOKEN|SECRET|PASSWORD|_STORE$|_BUS$/.test(env) ? "<redacted>" : raw;
}
