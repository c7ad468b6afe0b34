// Checks a provisioning document against itself and the store and works out what would change.
import { generateSecretToken, hashToken } from "../../auth/index.js";
import type { AgentRecord, ConnectorRecord } from "../../core/index.js";
import { isPlainObject } from "../../protocol/index.js";
import { agentName } from "../agent-service.js";
import { type Checked, checkHandoff, checkHost, checkName } from "../connector-input.js";
import { CONNECTOR_TOKEN_PREFIX } from "../connector-service.js";
import { idProblem, stableJson, unknownFields } from "../fields.js";
import type { ServiceDeps } from "../service-deps.js";

export type ApplyOutcome = "created" | "updated" | "unchanged";

export interface AgentStep {
  record: AgentRecord;
  outcome: ApplyOutcome;
}
export interface ConnectorStep {
  record: ConnectorRecord;
  outcome: ApplyOutcome;
  /** A token generated for a new connector the file gave none for (reported once). */
  generatedToken: string | null;
}
export interface Plan {
  agents: AgentStep[];
  connectors: ConnectorStep[];
  notes: string[];
}

const TOP_LEVEL = ["agents", "connectors", "queues", "desk_users"];
const AGENT_FIELDS = ["id", "definition"];
const CONNECTOR_FIELDS = ["id", "host", "agent", "handoff", "name", "token"];
/** Provisioned tokens must be long enough not to be guessed. */
const MIN_TOKEN_LENGTH = 16;

/** Every problem of the document at once, or the steps that would bring the store in line. */
export async function planProvisioning(
  deps: ServiceDeps,
  document: unknown,
): Promise<Checked<Plan>> {
  const doc = document ?? {};
  if (!isPlainObject(doc)) {
    return {
      ok: false,
      problems: ["(file): must be a mapping of agents, connectors, queues, desk_users"],
    };
  }
  const problems = unknownFields(doc, TOP_LEVEL);
  const agentItems = listAt(doc, "agents", problems);
  const connectorItems = listAt(doc, "connectors", problems);
  const notes = ignoredSections(doc, problems);
  const agents = await planAgents(deps, agentItems, problems);
  const fileAgentIds = new Set(agents.map((step) => step.record.id));
  const connectors = await planConnectors(deps, connectorItems, fileAgentIds, problems);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { agents, connectors, notes } };
}

function listAt(doc: Record<string, unknown>, key: string, problems: string[]): unknown[] {
  const value = doc[key];
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value;
  problems.push(`${key}: must be a list`);
  return [];
}

function ignoredSections(doc: Record<string, unknown>, problems: string[]): string[] {
  const notes: string[] = [];
  for (const key of ["queues", "desk_users"]) {
    const items = listAt(doc, key, problems);
    if (items.length > 0) {
      notes.push(
        `${key}: ${items.length} entr${items.length === 1 ? "y" : "ies"} ignored (the live-agent desk is not available yet)`,
      );
    }
  }
  return notes;
}

async function planAgents(deps: ServiceDeps, items: unknown[], problems: string[]) {
  const steps: AgentStep[] = [];
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    const path = `agents[${index}]`;
    if (!isPlainObject(item)) {
      problems.push(`${path}: must be a mapping with id and definition`);
      continue;
    }
    const before = problems.length;
    problems.push(...unknownFields(item, AGENT_FIELDS, `${path}.`));
    const id = checkFileId(item.id, `${path}.id`, seen, problems);
    if (!isPlainObject(item.definition)) {
      problems.push(`${path}.definition: must be a mapping (the agent definition)`);
    } else {
      problems.push(...deps.agents.validate(item.definition).map((p) => `${path}.definition.${p}`));
    }
    if (problems.length > before || id === null || !isPlainObject(item.definition)) continue;
    steps.push(await agentStep(deps, id, item.definition));
  }
  return steps;
}

async function agentStep(deps: ServiceDeps, id: string, definition: Record<string, unknown>) {
  const existing = await deps.store.getAgent(id);
  const now = deps.now();
  const name = agentName(definition, id);
  if (!existing) {
    return {
      outcome: "created",
      record: { id, name, definition, createdAt: now, updatedAt: now },
    } as AgentStep;
  }
  const same = existing.name === name && stableJson(existing.definition) === stableJson(definition);
  if (same) return { outcome: "unchanged", record: existing } as AgentStep;
  return {
    outcome: "updated",
    record: { ...existing, name, definition, updatedAt: now },
  } as AgentStep;
}

async function planConnectors(
  deps: ServiceDeps,
  items: unknown[],
  fileAgentIds: Set<string>,
  problems: string[],
) {
  const steps: ConnectorStep[] = [];
  const seenIds = new Set<string>();
  const seenTokens = new Map<string, string>();
  for (const [index, item] of items.entries()) {
    const path = `connectors[${index}]`;
    if (!isPlainObject(item)) {
      problems.push(`${path}: must be a mapping with id, host and agent`);
      continue;
    }
    const before = problems.length;
    problems.push(...unknownFields(item, CONNECTOR_FIELDS, `${path}.`));
    const id = checkFileId(item.id, `${path}.id`, seenIds, problems);
    const fields = await checkConnectorFields(deps, item, path, fileAgentIds, problems);
    const tokenHash = await checkToken(deps, item.token, `${path}.token`, id, seenTokens, problems);
    if (problems.length > before || id === null || fields === null) continue;
    steps.push(await connectorStep(deps, id, fields, tokenHash));
  }
  return steps;
}

type ConnectorFields = Pick<ConnectorRecord, "host" | "agentId" | "handoff" | "name">;

async function checkConnectorFields(
  deps: ServiceDeps,
  item: Record<string, unknown>,
  path: string,
  fileAgentIds: Set<string>,
  problems: string[],
): Promise<ConnectorFields | null> {
  const host = "host" in item ? keep(checkHost(item.host, `${path}.host`), problems) : undefined;
  if (!("host" in item))
    problems.push(`${path}.host: required (a domain, URL or app namespace, or null)`);
  const handoff = keep(checkHandoff(item.handoff, `${path}.handoff`), problems);
  const name = keep(checkName(item.name, `${path}.name`), problems);
  const agent = item.agent;
  if (typeof agent !== "string" || agent === "") {
    problems.push(`${path}.agent: required (the id of an agent)`);
  } else if (!fileAgentIds.has(agent) && !(await deps.store.getAgent(agent))) {
    problems.push(`${path}.agent: no agent "${agent}" in the file or the store`);
  }
  if (
    host === undefined ||
    handoff === undefined ||
    name === undefined ||
    typeof agent !== "string"
  ) {
    return null;
  }
  return { host, handoff, name, agentId: agent };
}

async function checkToken(
  deps: ServiceDeps,
  token: unknown,
  path: string,
  id: string | null,
  seenTokens: Map<string, string>,
  problems: string[],
): Promise<string | null> {
  if (token === undefined || token === null) return null;
  if (typeof token !== "string" || token.length < MIN_TOKEN_LENGTH || /\s/.test(token)) {
    problems.push(
      `${path}: must be a string of at least ${MIN_TOKEN_LENGTH} characters without spaces`,
    );
    return null;
  }
  const hash = hashToken(token);
  const twin = seenTokens.get(hash);
  if (twin !== undefined) problems.push(`${path}: the same token is given for connector "${twin}"`);
  seenTokens.set(hash, id ?? "?");
  const owner = await deps.store.getConnectorByTokenHash(hash);
  if (owner && owner.id !== id) problems.push(`${path}: already used by connector "${owner.id}"`);
  return hash;
}

async function connectorStep(
  deps: ServiceDeps,
  id: string,
  fields: ConnectorFields,
  tokenHash: string | null,
): Promise<ConnectorStep> {
  const existing = await deps.store.getConnector(id);
  const now = deps.now();
  if (!existing) {
    const generatedToken = tokenHash === null ? newConnectorToken() : null;
    const hash = tokenHash ?? hashToken(generatedToken as string);
    const record = { id, ...fields, tokenHash: hash, createdAt: now, updatedAt: now };
    return { outcome: "created", record, generatedToken };
  }
  const next: ConnectorRecord = {
    ...existing,
    ...fields,
    tokenHash: tokenHash ?? existing.tokenHash,
  };
  const same =
    next.host === existing.host &&
    next.agentId === existing.agentId &&
    next.name === existing.name &&
    next.tokenHash === existing.tokenHash &&
    stableJson(next.handoff) === stableJson(existing.handoff);
  if (same) return { outcome: "unchanged", record: existing, generatedToken: null };
  return { outcome: "updated", record: { ...next, updatedAt: now }, generatedToken: null };
}

function newConnectorToken(): string {
  return generateSecretToken(CONNECTOR_TOKEN_PREFIX);
}

function checkFileId(value: unknown, path: string, seen: Set<string>, problems: string[]) {
  const problem = idProblem(value, path);
  if (problem) {
    problems.push(value === undefined ? `${path}: required` : problem);
    return null;
  }
  const id = value as string;
  if (seen.has(id)) problems.push(`${path}: "${id}" appears more than once`);
  seen.add(id);
  return id;
}

function keep<T>(checked: Checked<T>, problems: string[]): T | undefined {
  if (checked.ok) return checked.value;
  problems.push(...checked.problems);
  return undefined;
}
