// Plans the queues and desk users of a provisioning file: checks each entry, works out what changes.
import { generateSecretToken, hashToken } from "../../auth/index.js";
import type { DeskUserRecord, QueueRecord } from "../../core/index.js";
import { isPlainObject } from "../../protocol/index.js";
import { collectChecked } from "../connector-input.js";
import {
  checkAvatarUrl,
  checkDeskUserName,
  checkMaxConcurrent,
  checkQueueRefs,
  type DeskUserFields,
} from "../desk-user-input.js";
import { DESK_TOKEN_PREFIX } from "../desk-user-service.js";
import { stableJson, unknownFields } from "../fields.js";
import { checkQueueSettings, type QueueSettings, queueNameProblem } from "../queue-input.js";
import type { ServiceDeps } from "../service-deps.js";
import { checkFileId, checkFileToken, type TokenScope } from "./file-checks.js";
import type { DeskUserStep, QueueStep } from "./plan.js";

const DESK_USER_FIELDS = ["id", "name", "avatar_url", "queues", "max_concurrent", "token"];

/** One step per valid entry of `queues` (fields left out take their defaults). */
export async function planQueues(
  deps: ServiceDeps,
  items: unknown[],
  problems: string[],
): Promise<QueueStep[]> {
  const steps: QueueStep[] = [];
  const seen = new Set<string>();
  for (const [index, item] of items.entries()) {
    const path = `queues[${index}]`;
    if (!isPlainObject(item)) {
      problems.push(`${path}: must be a mapping with a name`);
      continue;
    }
    const nameProblem = queueNameProblem(item.name, `${path}.name`);
    if (nameProblem) problems.push(nameProblem);
    else if (seen.has(item.name as string)) {
      problems.push(`${path}.name: "${item.name}" appears more than once`);
    }
    if (typeof item.name === "string") seen.add(item.name);
    const settings = collectChecked(checkQueueSettings(item, `${path}.`), problems);
    if (nameProblem || settings === undefined) continue;
    steps.push(await queueStep(deps, item.name as string, settings));
  }
  return steps;
}

async function queueStep(deps: ServiceDeps, name: string, settings: QueueSettings) {
  const existing = await deps.store.getQueue(name);
  const now = deps.now();
  if (!existing) {
    const record: QueueRecord = { name, ...settings, createdAt: now, updatedAt: now };
    return { outcome: "created", record } satisfies QueueStep;
  }
  const same =
    existing.maxWaitSeconds === settings.maxWaitSeconds &&
    existing.statusIntervalSeconds === settings.statusIntervalSeconds &&
    stableJson(existing.openingHours) === stableJson(settings.openingHours);
  if (same) return { outcome: "unchanged", record: existing } satisfies QueueStep;
  return {
    outcome: "updated",
    record: { ...existing, ...settings, updatedAt: now },
  } satisfies QueueStep;
}

/** One step per valid entry of `desk_users`; their queues may be defined in the same file. */
export async function planDeskUsers(
  deps: ServiceDeps,
  items: unknown[],
  fileQueues: ReadonlySet<string>,
  problems: string[],
): Promise<DeskUserStep[]> {
  const steps: DeskUserStep[] = [];
  const seenIds = new Set<string>();
  const tokens: TokenScope = {
    kind: "desk user",
    seen: new Map(),
    ownerOf: (hash) => deps.store.getDeskUserByTokenHash(hash),
  };
  for (const [index, item] of items.entries()) {
    const path = `desk_users[${index}]`;
    if (!isPlainObject(item)) {
      problems.push(`${path}: must be a mapping with id, name and queues`);
      continue;
    }
    const before = problems.length;
    problems.push(...unknownFields(item, DESK_USER_FIELDS, `${path}.`));
    const id = checkFileId(item.id, `${path}.id`, seenIds, problems);
    const name = collectChecked(checkDeskUserName(item.name, `${path}.name`), problems);
    const avatarUrl = collectChecked(
      checkAvatarUrl(item.avatar_url, `${path}.avatar_url`),
      problems,
    );
    const queueRefs = await checkQueueRefs(item.queues, `${path}.queues`, deps.store, fileQueues);
    const queues = collectChecked(queueRefs, problems);
    const maxConcurrent = collectChecked(
      checkMaxConcurrent(item.max_concurrent, `${path}.max_concurrent`),
      problems,
    );
    const tokenHash = await checkFileToken(item.token, `${path}.token`, id, tokens, problems);
    if (problems.length > before || id === null) continue;
    const fields = { name, avatarUrl, queues, maxConcurrent } as DeskUserFields;
    steps.push(await deskUserStep(deps, id, fields, tokenHash));
  }
  return steps;
}

async function deskUserStep(
  deps: ServiceDeps,
  id: string,
  fields: DeskUserFields,
  tokenHash: string | null,
): Promise<DeskUserStep> {
  const existing = await deps.store.getDeskUser(id);
  const now = deps.now();
  if (!existing) {
    const generatedToken = tokenHash === null ? generateSecretToken(DESK_TOKEN_PREFIX) : null;
    const hash = tokenHash ?? hashToken(generatedToken as string);
    const record: DeskUserRecord = {
      id,
      ...fields,
      tokenHash: hash,
      createdAt: now,
      updatedAt: now,
    };
    return { outcome: "created", record, generatedToken, tokenChanged: false };
  }
  const next: DeskUserRecord = {
    ...existing,
    ...fields,
    tokenHash: tokenHash ?? existing.tokenHash,
  };
  const tokenChanged = next.tokenHash !== existing.tokenHash;
  const same =
    !tokenChanged &&
    next.name === existing.name &&
    next.avatarUrl === existing.avatarUrl &&
    next.maxConcurrent === existing.maxConcurrent &&
    stableJson(next.queues) === stableJson(existing.queues);
  if (same) return { outcome: "unchanged", record: existing, generatedToken: null, tokenChanged };
  return {
    outcome: "updated",
    record: { ...next, updatedAt: now },
    generatedToken: null,
    tokenChanged,
  };
}
