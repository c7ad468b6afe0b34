// Opens the configured store for one command and closes it afterwards; config problems exit 1.
import { readFile } from "node:fs/promises";
import { type ParsedFile, parseProvisioningFile, type ServiceDeps } from "../admin/index.js";
import { createAgentFactory } from "../agents/index.js";
import { SecretsKeyError, visitorServices } from "../app/visitor-services.js";
import { openStore } from "../app.js";
import { type Config, loadConfigFromEnvironment } from "../config/index.js";
import type { Store } from "../core/index.js";
import { DeskAccountRecords, type SharedExecutorSource } from "../store/index.js";
import { type CliIo, EXIT, err } from "./cli-io.js";

/** Loads the config from the environment, printing every problem when it is invalid. */
export function configFrom(io: CliIo, env = io.env): Config | null {
  const loaded = loadConfigFromEnvironment(env);
  if (loaded.ok) return loaded.config;
  err(io, "error: invalid configuration:");
  for (const problem of loaded.problems) err(io, `  ${problem}`);
  return null;
}

/** Runs `action` with the store named by the config; the store is closed however it ends. */
export async function withStore(
  io: CliIo,
  action: (deps: ServiceDeps, config: Config) => Promise<number>,
): Promise<number> {
  const config = configFrom(io);
  if (!config) return EXIT.failure;
  let store: Store & SharedExecutorSource;
  try {
    store = await openStore(config);
  } catch (error) {
    err(io, `error: cannot open the store: ${(error as Error).message}`);
    return EXIT.failure;
  }
  try {
    // Context keys and Chat API keys live beside the store's tables. Without a usable sealing
    // key the commands that need none still run; the others say verified context is off.
    const visitor = await visitorServices(config, store, Date.now).catch((error: unknown) => {
      if (!(error instanceof SecretsKeyError)) throw error;
      err(io, `note: ${error.message}`);
      return undefined;
    });
    const deps: ServiceDeps = {
      store,
      ...deskPorts(new DeskAccountRecords(store.sharedExecutor())),
      agents: createAgentFactory(),
      now: Date.now,
      ...(visitor && {
        contextKeys: visitor.contextKeys,
        chatApi: { store: visitor.chatApi, accounts: config.chatAccounts },
      }),
    };
    return await action(deps, config);
  } finally {
    await store.close();
  }
}

/** Reads and parses a YAML/JSON file, printing problems; null when it cannot be used. */
export async function readDataFile(
  io: CliIo,
  path: string,
): Promise<(ParsedFile & { ok: true }) | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    err(
      io,
      `error: cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
    return null;
  }
  const parsed = parseProvisioningFile(text, path);
  if (parsed.ok) return parsed;
  for (const problem of parsed.problems) err(io, `error: ${problem}`);
  return null;
}

function deskPorts(records: DeskAccountRecords): Pick<ServiceDeps, "deskAuth" | "savedReplies"> {
  return { deskAuth: records, savedReplies: records };
}
