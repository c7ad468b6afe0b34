// First-start provisioning: the seed file, the generated admin token, and the demo agent, connector, queue and desk user.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyProvisioning, parseProvisioningFile } from "../admin/index.js";
import { generateSecretToken, hashToken } from "../auth/index.js";
import type { Config } from "../config/index.js";
import type { AgentFactory, SavedReplyStore, Store } from "../core/index.js";
import { demoAgentDefinition } from "./demo-agent.js";
import { DEMO_LLM_INSTRUCTIONS, demoLlmDefinition } from "./demo-llm-agent.js";
import { readOrCreateSecret } from "./secrets-file.js";

export function resolveAdminToken(config: Config, print: (line: string) => void): string {
  if (config.adminToken) return config.adminToken;
  const file = join(config.dataDir, "admin-token");
  const secret = readOrCreateSecret(file, () => generateSecretToken("sba_"));
  if (secret.created)
    print(`Generated admin token (shown once; also kept in ${file}): ${secret.value}`);
  else print(`Admin token: see ${file} (or set SWITCHBOARD_ADMIN_TOKEN)`);
  return secret.value;
}

// The seed file, then the demo agent and connector when the store has no connector yet.
export async function provision(
  config: Config,
  store: Store & SavedReplyStore,
  agents: AgentFactory,
  now: () => number,
  print: (line: string) => void,
): Promise<string[]> {
  const notes: string[] = [];
  if (config.seedFile) {
    const parsed = parseProvisioningFile(
      readFileSync(config.seedFile, "utf8"),
      config.seedFile,
      config.jsonMaxDepth,
    );
    const result = parsed.ok
      ? await applyProvisioning({ store, savedReplies: store, agents, now }, parsed.document)
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
  const tokenFile = join(config.dataDir, "demo-connector-token");
  await refreshDemoAgent(config, store, agents, now(), notes);
  if ((await store.listConnectors()).length > 0) {
    if ((await store.getConnector("demo")) !== undefined) {
      notes.push(`Demo connector token: see ${tokenFile}`);
      notes.push(
        `Demo desk token (console sign-in): see ${join(config.dataDir, "demo-desk-token")}`,
      );
    }
    return notes;
  }
  const secret = readOrCreateSecret(tokenFile, () => generateSecretToken("sbc_"));
  const at = now();
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
  const tokenFile = join(config.dataDir, "demo-desk-token");
  const secret = readOrCreateSecret(tokenFile, () => generateSecretToken("sbd_"));
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
