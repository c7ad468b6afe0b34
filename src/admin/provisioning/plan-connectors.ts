// Plans the connectors of a provisioning file: checks each entry and works out what would change.
import { generateSecretToken, hashToken } from "../../auth/index.js";
import {
  type ConnectorRecord,
  type FileLimits,
  type OfflineSettings,
  readOfflineSettings,
} from "../../core/index.js";
import { isPlainObject } from "../../protocol/index.js";
import {
  checkChunkJoin,
  checkHandoff,
  checkHost,
  checkName,
  collectChecked,
} from "../connector-input.js";
import { CONNECTOR_TOKEN_PREFIX } from "../connector-service.js";
import { stableJson, unknownFields } from "../fields.js";
import { checkFileLimits } from "../file-limits-input.js";
import { checkLanguageDetection } from "../language-detection-input.js";
import { checkOfflineSettings } from "../offline-input.js";
import { checkRatingSetting } from "../rating-input.js";
import type { ServiceDeps } from "../service-deps.js";
import { checkVariants } from "../variants-input.js";
import { checkFileContextKeys, type FileContextKey } from "./context-keys.js";
import { checkFileId, checkFileToken, type TokenScope } from "./file-checks.js";
import type { ApplyOutcome } from "./plan.js";

export interface ConnectorStep {
  record: ConnectorRecord;
  outcome: ApplyOutcome;
  /** A token generated for a new connector the file gave none for (reported once). */
  generatedToken: string | null;
  /** Verified-context signing keys the file gives it. */
  contextKeys: FileContextKey[];
  /** Its offline-message settings when the file gives them (left out: kept as they are). */
  offline: OfflineSettings | null;
  /** Its file limits when the file gives them (left out: kept as they are). */
  fileLimits: FileLimits | null;
}

const CONNECTOR_FIELDS = [
  "id",
  "host",
  "agent",
  "handoff",
  "name",
  "token",
  "chunk_join",
  "language_detection",
  "rating",
  "variants",
  "context_keys",
  "offline_messages",
  "file_limits",
];

type ConnectorFields = Pick<
  ConnectorRecord,
  | "host"
  | "agentId"
  | "handoff"
  | "name"
  | "chunkJoin"
  | "languageDetection"
  | "rating"
  | "variants"
>;

/** One step per valid entry of `connectors`; problems are added to `problems`. */
export async function planConnectors(
  deps: ServiceDeps,
  items: unknown[],
  fileAgentIds: Set<string>,
  problems: string[],
): Promise<ConnectorStep[]> {
  const steps: ConnectorStep[] = [];
  const seenIds = new Set<string>();
  const tokens: TokenScope = {
    kind: "connector",
    seen: new Map(),
    ownerOf: (hash) => deps.store.getConnectorByTokenHash(hash),
  };
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
    const tokenHash = await checkFileToken(item.token, `${path}.token`, id, tokens, problems);
    const contextKeys = checkFileContextKeys(item.context_keys, `${path}.context_keys`, problems);
    const offline =
      item.offline_messages === undefined || id === null
        ? null
        : collectChecked(
            checkOfflineSettings(
              item.offline_messages,
              await readOfflineSettings(deps.store, id),
              `${path}.offline_messages`,
            ),
            problems,
          );
    const fileLimits =
      item.file_limits === undefined
        ? null
        : collectChecked(checkFileLimits(item.file_limits, `${path}.file_limits`), problems);
    if (problems.length > before || id === null || fields === null) continue;
    const step = await connectorStep(deps, id, fields, tokenHash);
    steps.push({ ...step, contextKeys, offline: offline ?? null, fileLimits: fileLimits ?? null });
  }
  return steps;
}

async function checkConnectorFields(
  deps: ServiceDeps,
  item: Record<string, unknown>,
  path: string,
  fileAgentIds: Set<string>,
  problems: string[],
): Promise<ConnectorFields | null> {
  const host =
    "host" in item ? collectChecked(checkHost(item.host, `${path}.host`), problems) : undefined;
  if (!("host" in item))
    problems.push(`${path}.host: required (a domain, URL or app namespace, or null)`);
  const handoff = collectChecked(checkHandoff(item.handoff, `${path}.handoff`), problems);
  const name = collectChecked(checkName(item.name, `${path}.name`), problems);
  const chunkJoin = collectChecked(checkChunkJoin(item.chunk_join, `${path}.chunk_join`), problems);
  const detection = collectChecked(
    checkLanguageDetection(item.language_detection, `${path}.language_detection`),
    problems,
  );
  const rating = collectChecked(checkRatingSetting(item.rating, `${path}.rating`), problems);
  const variants = collectChecked(checkVariants(item.variants, `${path}.variants`), problems);
  for (const [id, agentId] of Object.entries(variants ?? {})) {
    if (!fileAgentIds.has(agentId) && !(await deps.store.getAgent(agentId)))
      problems.push(`${path}.variants.${id}: no agent "${agentId}" in the file or the store`);
  }
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
    chunkJoin === undefined ||
    detection === undefined ||
    rating === undefined ||
    variants === undefined ||
    typeof agent !== "string"
  ) {
    return null;
  }
  const fields: ConnectorFields = { host, handoff, name, chunkJoin, agentId: agent };
  if (detection) fields.languageDetection = detection;
  if (rating) fields.rating = rating;
  if (variants) fields.variants = variants;
  return fields;
}

async function connectorStep(
  deps: ServiceDeps,
  id: string,
  fields: ConnectorFields,
  tokenHash: string | null,
): Promise<Omit<ConnectorStep, "contextKeys" | "offline" | "fileLimits">> {
  const existing = await deps.store.getConnector(id);
  const now = deps.now();
  if (!existing) {
    const generatedToken = tokenHash === null ? generateSecretToken(CONNECTOR_TOKEN_PREFIX) : null;
    const hash = tokenHash ?? hashToken(generatedToken as string);
    const record = { id, ...fields, tokenHash: hash, createdAt: now, updatedAt: now };
    return { outcome: "created", record, generatedToken };
  }
  const {
    languageDetection: _previous,
    rating: _rating,
    variants: _previousVariants,
    ...kept
  } = existing;
  const next: ConnectorRecord = {
    ...kept,
    ...fields,
    tokenHash: tokenHash ?? existing.tokenHash,
  };
  const same =
    next.host === existing.host &&
    next.agentId === existing.agentId &&
    next.name === existing.name &&
    next.chunkJoin === existing.chunkJoin &&
    next.tokenHash === existing.tokenHash &&
    stableJson(next.handoff) === stableJson(existing.handoff) &&
    stableJson(next.languageDetection ?? null) === stableJson(existing.languageDetection ?? null) &&
    stableJson(next.rating ?? null) === stableJson(existing.rating ?? null) &&
    stableJson(next.variants ?? null) === stableJson(existing.variants ?? null);
  if (same) return { outcome: "unchanged", record: existing, generatedToken: null };
  return { outcome: "updated", record: { ...next, updatedAt: now }, generatedToken: null };
}
