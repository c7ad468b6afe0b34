// Checks a provisioning document against itself and the store and works out what would change.
import type { DeskUserRecord, QueueRecord } from "../../core/index.js";
import { isPlainObject } from "../../protocol/index.js";
import type { Checked } from "../connector-input.js";
import { unknownFields } from "../fields.js";
import type { ServiceDeps } from "../service-deps.js";
import { listAt } from "./file-checks.js";
import { type AgentStep, planAgents } from "./plan-agents.js";
import { type ConnectorStep, planConnectors } from "./plan-connectors.js";
import { planDeskUsers, planQueues } from "./plan-desk.js";
import { planSavedReplies, type SavedReplyStep } from "./plan-saved-replies.js";

export type ApplyOutcome = "created" | "updated" | "unchanged";

export type { AgentStep, ConnectorStep };
export interface QueueStep {
  record: QueueRecord;
  outcome: ApplyOutcome;
}
export interface DeskUserStep {
  record: DeskUserRecord;
  outcome: ApplyOutcome;
  /** A token generated for a new desk user the file gave none for (reported once). */
  generatedToken: string | null;
  /** True when an existing desk user gets a different token from the file. */
  tokenChanged: boolean;
}

/** Everything an apply would write, section by section, and notes worth showing. */
export interface Plan {
  agents: AgentStep[];
  connectors: ConnectorStep[];
  queues: QueueStep[];
  deskUsers: DeskUserStep[];
  savedReplies: SavedReplyStep[];
  notes: string[];
}

const TOP_LEVEL = ["agents", "connectors", "queues", "desk_users", "saved_replies"];

/** Every problem of the document at once, or the steps that would bring the store in line. */
export async function planProvisioning(
  deps: ServiceDeps,
  document: unknown,
): Promise<Checked<Plan>> {
  const doc = document ?? {};
  if (!isPlainObject(doc)) {
    return {
      ok: false,
      problems: [
        "(file): must be a mapping of agents, connectors, queues, desk_users, saved_replies",
      ],
    };
  }
  const problems = unknownFields(doc, TOP_LEVEL);
  const agentItems = listAt(doc, "agents", problems);
  const connectorItems = listAt(doc, "connectors", problems);
  const queueItems = listAt(doc, "queues", problems);
  const deskUserItems = listAt(doc, "desk_users", problems);
  const agents = await planAgents(deps, agentItems, problems);
  const fileAgentIds = new Set(agents.map((step) => step.record.id));
  const connectors = await planConnectors(deps, connectorItems, fileAgentIds, problems);
  const queues = await planQueues(deps, queueItems, problems);
  const fileQueues = namesIn(queueItems);
  const deskUsers = await planDeskUsers(deps, deskUserItems, fileQueues, problems);
  const savedReplies = await planSavedReplies(
    deps,
    listAt(doc, "saved_replies", problems),
    { queues: fileQueues, deskUsers: new Set(deskUsers.map((step) => step.record.id)) },
    problems,
  );
  if (problems.length > 0) return { ok: false, problems };
  const notes = await missingQueueNotes(deps, connectors, fileQueues);
  return { ok: true, value: { agents, connectors, queues, deskUsers, savedReplies, notes } };
}

/** Names the file's queue entries give, valid or not (so a bad entry is reported once, there). */
function namesIn(items: unknown[]): Set<string> {
  const names = new Set<string>();
  for (const item of items) {
    if (isPlainObject(item) && typeof item.name === "string") names.add(item.name);
  }
  return names;
}

/** Server handoffs to a queue that does not exist fail at run time; say so now. */
async function missingQueueNotes(
  deps: ServiceDeps,
  connectors: ConnectorStep[],
  fileQueues: Set<string>,
): Promise<string[]> {
  const notes: string[] = [];
  for (const { record } of connectors) {
    const queue = record.handoff?.mode === "server" ? record.handoff.queue : undefined;
    if (queue === undefined || fileQueues.has(queue) || (await deps.store.getQueue(queue)))
      continue;
    notes.push(
      `connector ${record.id}: hands off to queue "${queue}", which is not in the file or the store (handoffs will fail until it exists)`,
    );
  }
  return notes;
}
