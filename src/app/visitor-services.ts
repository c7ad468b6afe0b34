// The parts behind verified context and the Chat API: their stores and the sealer of stored secrets.
import { join } from "node:path";
import { ContextKeys, generateSecretToken, SecretSealer } from "../auth/index.js";
import type { Config } from "../config/index.js";
import type { ChatApiStore, SessionContextStore, Settings } from "../core/index.js";
import { type SharedExecutorSource, VisitorRecords } from "../store/index.js";
import { sharedStore } from "./open-store.js";
import { readOrCreateSecret } from "./secrets-file.js";

/** Verified context and Chat API storage, sharing the main store's database. */
export interface VisitorServices {
  contexts: SessionContextStore;
  contextKeys: ContextKeys;
  chatApi: ChatApiStore;
}

/** The setting that holds the sealing key's check value (never the key). */
const KEY_CHECK_SETTING = "secrets-key-check";

/** Thrown at start when the sealing key cannot be what every process of the deployment uses. */
export class SecretsKeyError extends Error {
  override readonly name = "SecretsKeyError";
}

/**
 * The configured sealing key, or (SQLite only) the one kept in `<data dir>/secrets-key`, made
 * on first use. PostgreSQL serves many processes, none of which owns a disk the others see:
 * the key must be configured, the same in each.
 */
export function secretSealer(config: Config): SecretSealer {
  if (config.secretsKey) return new SecretSealer(config.secretsKey);
  if (sharedStore(config)) {
    throw new SecretsKeyError(
      "SWITCHBOARD_SECRETS_KEY must be set with PostgreSQL: every process seals and opens " +
        "context signing secrets with it (generate one with `openssl rand -base64 32`)",
    );
  }
  const file = join(config.dataDir, "secrets-key");
  return new SecretSealer(readOrCreateSecret(file, () => generateSecretToken("sbk_")).value);
}

/**
 * The services over the store's database. The first process records the sealing key's check
 * value; a process given another key refuses to start rather than fail every token later.
 */
export async function visitorServices(
  config: Config,
  store: SharedExecutorSource & Pick<Settings, "getSetting" | "claimSetting">,
  now: () => number,
): Promise<VisitorServices> {
  const sealer = secretSealer(config);
  const check = sealer.fingerprint();
  if (!(await store.claimSetting(KEY_CHECK_SETTING, check, now()))) {
    const recorded = await store.getSetting(KEY_CHECK_SETTING);
    if (recorded !== undefined && !sealer.matches(recorded)) {
      throw new SecretsKeyError(
        "SWITCHBOARD_SECRETS_KEY is not the key this store's secrets were sealed with: " +
          "give every process the same key",
      );
    }
  }
  const { records, dialect } = store.sharedExecutor();
  const visitor = new VisitorRecords({ records, dialect });
  return {
    contexts: visitor,
    contextKeys: new ContextKeys(visitor, sealer, now),
    chatApi: visitor,
  };
}
