// Connector operations: create (token shown once, stored hashed), patch, rotate, delete, read.
import { v7 as uuidv7 } from "uuid";
import { generateSecretToken, hashToken } from "../auth/index.js";
import type { ConnectorRecord } from "../core/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import {
  type Checked,
  checkChunkJoin,
  checkHandoff,
  checkHost,
  checkName,
} from "./connector-input.js";
import { bodyObject, unknownFields } from "./fields.js";
import { checkLanguageDetection } from "./language-detection-input.js";
import { checkRatingSetting } from "./rating-input.js";
import type { ServiceDeps } from "./service-deps.js";
import { checkVariants } from "./variants-input.js";

/** Prefix of generated connector tokens, so leaked ones are recognisable. */
export const CONNECTOR_TOKEN_PREFIX = "sbc_";

/** A connector with the token that was just generated for it (shown once). */
export interface ConnectorWithToken {
  connector: ConnectorRecord;
  token: string;
}

const CREATE_FIELDS = [
  "host",
  "agent_id",
  "handoff",
  "name",
  "chunk_join",
  "language_detection",
  "rating",
  "variants",
] as const;

/** Creates a connector for `{ host, agent_id, handoff?, name?, chunk_join?, language_detection?, rating?, variants? }` with a new token. */
export async function createConnector(
  deps: ServiceDeps,
  body: unknown,
): Promise<AdminResult<ConnectorWithToken>> {
  const object = bodyObject(body);
  if (!object.ok) return invalid([object.problem]);
  const input = object.object;
  const problems = unknownFields(input, CREATE_FIELDS);
  if (!("host" in input)) problems.push("host: required (a domain, URL or app namespace, or null)");
  if (input.agent_id === undefined) problems.push("agent_id: required");
  const host = collect(checkHost(input.host ?? null, "host"), problems);
  const handoff = collect(checkHandoff(input.handoff, "handoff"), problems);
  const name = collect(checkName(input.name, "name"), problems);
  const chunkJoin = collect(checkChunkJoin(input.chunk_join, "chunk_join"), problems);
  const detection = collect(
    checkLanguageDetection(input.language_detection, "language_detection"),
    problems,
  );
  const rating = collect(checkRatingSetting(input.rating, "rating"), problems);
  const variants = collect(checkVariants(input.variants, "variants"), problems);
  await checkAgentRef(deps, input.agent_id, problems);
  await checkVariantAgents(deps, variants, problems);
  if (problems.length > 0) return invalid(problems);
  const token = generateSecretToken(CONNECTOR_TOKEN_PREFIX);
  const now = deps.now();
  const connector: ConnectorRecord = {
    id: uuidv7(),
    name: name ?? null,
    host: host ?? null,
    agentId: input.agent_id as string,
    handoff: handoff ?? null,
    chunkJoin: chunkJoin ?? "auto",
    ...(detection ? { languageDetection: detection } : {}),
    ...(rating ? { rating } : {}),
    ...(variants ? { variants } : {}),
    tokenHash: hashToken(token),
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.createConnector(connector);
  return success({ connector, token });
}

/** Changes the given fields of a connector; `null` clears `handoff` and `name` (and resets `chunk_join` to `auto`). */
export async function patchConnector(
  deps: ServiceDeps,
  id: string,
  body: unknown,
): Promise<AdminResult<ConnectorRecord>> {
  const existing = await deps.store.getConnector(id);
  if (!existing) return failure("admin_not_found", `no connector "${id}"`);
  const object = bodyObject(body);
  if (!object.ok) return invalid([object.problem]);
  const input = object.object;
  const problems = unknownFields(input, CREATE_FIELDS);
  const next: ConnectorRecord = { ...existing };
  if ("host" in input) next.host = collect(checkHost(input.host, "host"), problems) ?? null;
  if ("handoff" in input) {
    next.handoff = collect(checkHandoff(input.handoff, "handoff"), problems) ?? null;
  }
  if ("name" in input) next.name = collect(checkName(input.name, "name"), problems) ?? null;
  if ("chunk_join" in input) {
    next.chunkJoin = collect(checkChunkJoin(input.chunk_join, "chunk_join"), problems) ?? "auto";
  }
  if ("language_detection" in input) {
    const detection = collect(
      checkLanguageDetection(input.language_detection, "language_detection"),
      problems,
    );
    delete next.languageDetection;
    if (detection) next.languageDetection = detection;
  }
  if ("rating" in input) {
    const rating = collect(checkRatingSetting(input.rating, "rating"), problems);
    delete next.rating;
    if (rating) next.rating = rating;
  }
  if ("variants" in input) {
    const variants = collect(checkVariants(input.variants, "variants"), problems);
    await checkVariantAgents(deps, variants, problems);
    delete next.variants;
    if (variants) next.variants = variants;
  }
  if ("agent_id" in input) {
    await checkAgentRef(deps, input.agent_id, problems);
    next.agentId = input.agent_id as string;
  }
  if (problems.length > 0) return invalid(problems);
  next.updatedAt = deps.now();
  await deps.store.updateConnector(next);
  return success(next);
}

/** Replaces a connector's token; the old one stops working at once. */
export async function rotateConnectorToken(
  deps: ServiceDeps,
  id: string,
): Promise<AdminResult<ConnectorWithToken>> {
  const existing = await deps.store.getConnector(id);
  if (!existing) return failure("admin_not_found", `no connector "${id}"`);
  const token = generateSecretToken(CONNECTOR_TOKEN_PREFIX);
  const connector = { ...existing, tokenHash: hashToken(token), updatedAt: deps.now() };
  await deps.store.updateConnector(connector);
  return success({ connector, token });
}

/** Deletes a connector; its sessions stay until they are erased or expire. */
export async function deleteConnector(deps: ServiceDeps, id: string): Promise<AdminResult<null>> {
  const deleted = await deps.store.deleteConnector(id);
  return deleted ? success(null) : failure("admin_not_found", `no connector "${id}"`);
}

/** One connector, or not found. */
export async function getConnector(
  deps: ServiceDeps,
  id: string,
): Promise<AdminResult<ConnectorRecord>> {
  const connector = await deps.store.getConnector(id);
  return connector ? success(connector) : failure("admin_not_found", `no connector "${id}"`);
}

async function checkAgentRef(deps: ServiceDeps, agentId: unknown, problems: string[]) {
  if (agentId === undefined) return;
  if (typeof agentId !== "string" || agentId === "") {
    problems.push("agent_id: must be a non-empty string");
  } else if (!(await deps.store.getAgent(agentId))) {
    problems.push(`agent_id: no agent "${agentId}"`);
  }
}

function collect<T>(checked: Checked<T>, problems: string[]): T | undefined {
  if (checked.ok) return checked.value;
  problems.push(...checked.problems);
  return undefined;
}

/** Every variant's agent must exist. */
async function checkVariantAgents(
  deps: ServiceDeps,
  variants: Record<string, string> | null | undefined,
  problems: string[],
): Promise<void> {
  for (const [id, agentId] of Object.entries(variants ?? {})) {
    if (!(await deps.store.getAgent(agentId)))
      problems.push(`variants.${id}: no agent "${agentId}"`);
  }
}
