// First-start provisioning: the seed file, the generated admin token, and the demo agent, connector, queue and desk user.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { applyProvisioning, parseProvisioningFile } from "../admin/index.js";
import { type ContextKeys, generateSecretToken, hashToken } from "../auth/index.js";
import type { Config } from "../config/index.js";
import type { AgentFactory, SavedReplyStore, Settings, Store } from "../core/index.js";
import { demoAgentDefinition } from "./demo-agent.js";
import { DEMO_LLM_INSTRUCTIONS, demoLlmDefinition } from "./demo-llm-agent.js";
import { sharedSecret } from "./shared-secrets.js";

/**
 * Where copies of generated secrets go: the data dir with SQLite (it holds the database
 * anyway); with PostgreSQL only a data dir that exists, since the store keeps the secrets and
 * a cluster's processes need no disk of their own.
 */
export function secretsDir(config: Config): string | undefined {
  if (config.store === "") return config.dataDir;
  return existsSync(config.dataDir) ? config.dataDir : undefined;
}

function secretFile(config: Config, name: string): string | undefined {
  const dir = secretsDir(config);
  return dir === undefined ? undefined : join(dir, name);
}

/** Where an operator finds a generated secret again. */
function whereKept(file: string | undefined): string {
  return file === undefined ? "in the store's settings" : `in ${file}`;
}

/** The admin token: configured, or generated once for the whole deployment and kept in the store. */
export async function resolveAdminToken(
  config: Config,
  store: Settings,
  now: number,
  print: (line: string) => void,
): Promise<string> {
  if (config.adminToken) return config.adminToken;
  const file = secretFile(config, "admin-token");
  const secret = await sharedSecret(store, {
    name: "admin-token",
    file,
    generate: () => generateSecretToken("sba_"),
    now,
  });
  if (secret.created)
    print(`Generated admin token (shown once; also kept ${whereKept(file)}): ${secret.value}`);
  else if (file !== undefined) print(`Admin token: see ${file} (or set SWITCHBOARD_ADMIN_TOKEN)`);
  else print("Admin token: the one generated on first start (or set SWITCHBOARD_ADMIN_TOKEN)");
  return secret.value;
}

/**
 * The seed file, then the demo agent and connector when the store has no connector yet. Run
 * under the store's `provisioning` lock, so of processes starting together one provisions
 * and the others find it done.
 */
export async function provision(
  config: Config,
  store: Store,
  agents: AgentFactory,
  now: () => number,
  print: (line: string) => void,
  contextKeys?: ContextKeys,
  savedReplies?: SavedReplyStore,
): Promise<string[]> {
  const notes: string[] = [];
  if (config.seedFile) {
    const parsed = parseProvisioningFile(
      readFileSync(config.seedFile, "utf8"),
      config.seedFile,
      config.jsonMaxDepth,
    );
    const result = parsed.ok
      ? await applyProvisioning(
          {
            store,
            agents,
            now,
            ...(savedReplies ? { savedReplies } : {}),
            ...(contextKeys ? { contextKeys } : {}),
          },
          parsed.document,
        )
      : parsed;
    if (!result.ok)
      throw new Error(
        `seed file ${config.seedFile} is invalid:\n  ${result.problems.join("\n  ")}`,
      );
    for (const generated of result.tokens) {
      print(
        `Generated token for connector ${generated.connectorId} (shown once): ${generated.token}`,
      );
    }
    for (const generated of result.agentKeys) {
      print(`Generated agent key for agent ${generated.agentId} (shown once): ${generated.key}`);
    }
    for (const generated of result.deskTokens) {
      print(
        `Generated token for desk user ${generated.deskUserId} (shown once): ${generated.token}`,
      );
    }
  }
  if (!config.demo) return notes;
  const tokenFile = secretFile(config, "demo-connector-token");
  await refreshDemoAgent(config, store, agents, now(), notes);
  if ((await store.listConnectors()).length > 0) {
    if ((await store.getConnector("demo")) !== undefined) {
      notes.push(`Demo connector token: ${whereKept(tokenFile)}`);
      notes.push(
        `Demo desk token (console sign-in): ${whereKept(secretFile(config, "demo-desk-token"))}`,
      );
    }
    return notes;
  }
  const at = now();
  const secret = await sharedSecret(store, {
    name: "demo-connector-token",
    file: tokenFile,
    generate: () => generateSecretToken("sbc_"),
    now: at,
  });
  await store.createConnector({
    id: "demo",
    name: "Demo",
    host: "localhost",
    agentId: "demo",
    handoff: { mode: "server", queue: "support" },
    chunkJoin: "auto",
    tokenHash: hashToken(secret.value),
    createdAt: at,
    updatedAt: at,
  });
  print(
    `Created demo agent "Ada" and demo connector for host localhost. Connector token: ${secret.value}`,
  );
  await provisionDemoDesk(config, store, at, print);
  return notes;
}

/** The demo agent for the current settings: an LLM agent when OPENAI_API_KEY is set, else rules. */
function demoDefinition(config: Config): Record<string, unknown> {
  return config.openaiApiKey
    ? demoLlmDefinition(config.openaiBaseUrl, config.demoModel)
    : demoAgentDefinition();
}

// Creates the demo agent, or switches it between rules and LLM as the settings say, unless an
// administrator changed it (then it is left alone). Adds the banner line saying which it is.
async function refreshDemoAgent(
  config: Config,
  store: Store,
  agents: AgentFactory,
  at: number,
  notes: string[],
): Promise<void> {
  const existing = await store.getAgent("demo");
  const wanted = demoDefinition(config);
  const generated =
    existing === undefined ||
    JSON.stringify(existing.definition) === JSON.stringify(demoAgentDefinition()) ||
    existing.definition.instructions === DEMO_LLM_INSTRUCTIONS;
  if (!generated) return;
  const problems = agents.validate(wanted);
  if (problems.length > 0) throw new Error(`demo agent: ${problems.join("; ")}`);
  if (!existing) {
    await store.createAgent({
      id: "demo",
      name: "Ada",
      definition: wanted,
      keyHash: null,
      createdAt: at,
      updatedAt: at,
    });
  } else if (JSON.stringify(existing.definition) !== JSON.stringify(wanted)) {
    await store.updateAgent({ ...existing, definition: wanted, updatedAt: at });
  }
  notes.push(
    config.openaiApiKey
      ? `Demo agent: LLM agent (model ${config.demoModel} at ${config.openaiBaseUrl}) answering from Switchboard's docs, with handoff to a human`
      : "Demo agent: rules agent. Set OPENAI_API_KEY (and optionally OPENAI_BASE_URL, SWITCHBOARD_DEMO_MODEL) to make it an LLM agent that answers from Switchboard's docs",
  );
}

// A queue the demo connector hands off to, and a desk user to answer it in the console.
async function provisionDemoDesk(
  config: Config,
  store: Store,
  at: number,
  print: (line: string) => void,
) {
  if (!(await store.getQueue("support"))) {
    await store.putQueue({
      name: "support",
      maxWaitSeconds: 600,
      statusIntervalSeconds: 30,
      openingHours: null,
      createdAt: at,
      updatedAt: at,
    });
  }
  if (await store.getDeskUser("demo-agent")) return;
  const secret = await sharedSecret(store, {
    name: "demo-desk-token",
    file: secretFile(config, "demo-desk-token"),
    generate: () => generateSecretToken("sbd_"),
    now: at,
  });
  await store.createDeskUser({
    id: "demo-agent",
    name: "Sam",
    avatarUrl: null,
    queues: ["support"],
    maxConcurrent: 3,
    tokenHash: hashToken(secret.value),
    createdAt: at,
    updatedAt: at,
  });
  print(
    `Created queue "support" and desk user "Sam"; sign in to the console with desk token: ${secret.value}`,
  );
}
