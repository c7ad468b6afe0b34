// Plans the saved replies of a provisioning file: each owned by a queue or desk user of the file or the store.
import type { SavedReplyRecord, SavedReplyScope } from "../../core/index.js";
import { savedReplyProblems } from "../../core/index.js";
import { isPlainObject } from "../../protocol/index.js";
import { unknownFields } from "../fields.js";
import type { ServiceDeps } from "../service-deps.js";
import { checkFileId } from "./file-checks.js";
import type { ApplyOutcome } from "./plan.js";

const FIELDS = ["id", "queue", "desk_user", "shortcut", "text"];

/** What applying one saved reply entry would do. */
export interface SavedReplyStep {
  record: SavedReplyRecord;
  outcome: ApplyOutcome;
}

/** The owners a file may name besides those already stored. */
export interface FileOwners {
  queues: ReadonlySet<string>;
  deskUsers: ReadonlySet<string>;
}

/** One step per valid entry of `saved_replies`; the id keeps re-applies idempotent. */
export async function planSavedReplies(
  deps: ServiceDeps,
  items: unknown[],
  owners: FileOwners,
  problems: string[],
): Promise<SavedReplyStep[]> {
  const steps: SavedReplyStep[] = [];
  const seenIds = new Set<string>();
  const seenShortcuts = new Set<string>();
  if (items.length > 0 && !deps.savedReplies) {
    problems.push("saved_replies: this server keeps no saved replies");
    return steps;
  }
  for (const [index, item] of items.entries()) {
    const path = `saved_replies[${index}]`;
    if (!isPlainObject(item)) {
      problems.push(`${path}: must be a mapping with id, queue or desk_user, shortcut and text`);
      continue;
    }
    const before = problems.length;
    problems.push(...unknownFields(item, FIELDS, `${path}.`));
    const id = checkFileId(item.id, `${path}.id`, seenIds, problems);
    problems.push(...savedReplyProblems(item.shortcut, item.text, `${path}.`));
    const scope = await ownerOf(deps, item, owners, path, problems);
    if (problems.length > before || id === null || !scope) continue;
    const owner = scope.kind === "queue" ? `q:${scope.queue}` : `u:${scope.deskUserId}`;
    if (seenShortcuts.has(`${owner}/${item.shortcut}`)) {
      problems.push(`${path}.shortcut: "/${item.shortcut}" appears twice for the same owner`);
      continue;
    }
    seenShortcuts.add(`${owner}/${item.shortcut}`);
    steps.push(await step(deps, id, scope, item.shortcut as string, item.text as string));
  }
  return steps;
}

async function ownerOf(
  deps: ServiceDeps,
  item: Record<string, unknown>,
  owners: FileOwners,
  path: string,
  problems: string[],
): Promise<SavedReplyScope | undefined> {
  const { queue, desk_user: user } = item;
  if ((queue === undefined) === (user === undefined)) {
    problems.push(`${path}: give exactly one of queue and desk_user (whose reply it is)`);
    return undefined;
  }
  if (typeof queue === "string") {
    if (owners.queues.has(queue) || (await deps.store.getQueue(queue)))
      return { kind: "queue", queue };
    problems.push(`${path}.queue: no queue "${queue}" in the file or the store`);
    return undefined;
  }
  if (typeof user === "string") {
    if (owners.deskUsers.has(user) || (await deps.store.getDeskUser(user)))
      return { kind: "desk_user", deskUserId: user };
    problems.push(`${path}.desk_user: no desk user "${user}" in the file or the store`);
    return undefined;
  }
  problems.push(`${path}: queue or desk_user must be a string`);
  return undefined;
}

async function step(
  deps: ServiceDeps,
  id: string,
  scope: SavedReplyScope,
  shortcut: string,
  text: string,
): Promise<SavedReplyStep> {
  const existing = await deps.savedReplies?.getSavedReply(id);
  const now = deps.now();
  if (!existing)
    return {
      outcome: "created",
      record: { id, scope, shortcut, text, createdAt: now, updatedAt: now },
    };
  const same =
    JSON.stringify(existing.scope) === JSON.stringify(scope) &&
    existing.shortcut === shortcut &&
    existing.text === text;
  if (same) return { outcome: "unchanged", record: existing };
  return { outcome: "updated", record: { ...existing, scope, shortcut, text, updatedAt: now } };
}
