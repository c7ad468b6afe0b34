// The parts behind verified context and the Chat API: their stores and the sealer of stored secrets.
import { join } from "node:path";
import { ContextKeys, generateSecretToken, SecretSealer } from "../auth/index.js";
import type { Config } from "../config/index.js";
import type { ChatApiStore, SessionContextStore } from "../core/index.js";
import { SqliteChatApiStore, SqliteContextStore, type SqliteStore } from "../store/index.js";
import { readOrCreateSecret } from "./secrets-file.js";

/** Verified context and Chat API storage, sharing the main store's database. */
export interface VisitorServices {
  contexts: SessionContextStore;
  contextKeys: ContextKeys;
  chatApi: ChatApiStore;
}

/** The configured sealing key, or the one kept in `<data dir>/secrets-key` (made on first use). */
export function secretSealer(config: Config): SecretSealer {
  if (config.secretsKey) return new SecretSealer(config.secretsKey);
  const file = join(config.dataDir, "secrets-key");
  return new SecretSealer(readOrCreateSecret(file, () => generateSecretToken("sbk_")).value);
}

/** The services over the SQLite store's connection. */
export function visitorServices(
  config: Config,
  store: SqliteStore,
  now: () => number,
): VisitorServices {
  const contexts = new SqliteContextStore(store.companion());
  return {
    contexts,
    contextKeys: new ContextKeys(contexts, secretSealer(config), now),
    chatApi: new SqliteChatApiStore(store.companion()),
  };
}
