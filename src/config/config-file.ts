// Reads the optional config file named by SWITCHBOARD_CONFIG_FILE (YAML or JSON, keys are env names).
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { DEFAULT_MAX_JSON_DEPTH, nestsDeeperThan } from "../protocol/index.js";
import { type ConfigResult, loadConfig } from "./load-config.js";

/** Config from the environment plus the file it names, if any; file problems are config problems. */
export function loadConfigFromEnvironment(
  env: Readonly<Record<string, string | undefined>>,
): ConfigResult {
  const path = env.SWITCHBOARD_CONFIG_FILE;
  if (!path) return loadConfig(env);
  let values: unknown;
  try {
    values = parse(readFileSync(path, "utf8"));
  } catch (error) {
    return {
      ok: false,
      problems: [`SWITCHBOARD_CONFIG_FILE: cannot read ${path}: ${(error as Error).message}`],
    };
  }
  if (values === null || values === undefined) return loadConfig(env);
  if (typeof values !== "object" || Array.isArray(values)) {
    return {
      ok: false,
      problems: [`SWITCHBOARD_CONFIG_FILE: ${path} must hold a mapping of setting names to values`],
    };
  }
  // Setting values are re-encoded as JSON: one nested too deep would overflow the stack.
  if (nestsDeeperThan(values, DEFAULT_MAX_JSON_DEPTH)) {
    return {
      ok: false,
      problems: [
        `SWITCHBOARD_CONFIG_FILE: ${path} nests deeper than ${DEFAULT_MAX_JSON_DEPTH} levels`,
      ],
    };
  }
  return loadConfig(env, values as Record<string, unknown>);
}
