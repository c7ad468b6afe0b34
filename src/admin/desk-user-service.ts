// Desk-user operations: create (token shown once, stored hashed), patch, rotate, delete, read.
import { v7 as uuidv7 } from "uuid";
import { generateSecretToken, hashToken } from "../auth/index.js";
import type { DeskUserRecord } from "../core/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import { collectChecked } from "./connector-input.js";
import {
  checkAvatarUrl,
  checkDeskUserName,
  checkMaxConcurrent,
  checkQueueRefs,
} from "./desk-user-input.js";
import { bodyObject, idProblem, unknownFields } from "./fields.js";
import type { DeskUserChange, ServiceDeps } from "./service-deps.js";

/** Prefix of generated desk tokens, so leaked ones are recognisable. */
export const DESK_TOKEN_PREFIX = "sbd_";

/** A desk user with the token that was just generated for it (shown once). */
export interface DeskUserWithToken {
  deskUser: DeskUserRecord;
  token: string;
}

const PATCH_FIELDS = ["name", "avatar_url", "queues", "max_concurrent"] as const;
const CREATE_FIELDS = ["id", ...PATCH_FIELDS] as const;

/** Creates a desk user for `{ name, queues, avatar_url?, max_concurrent?, id? }` with a new token. */
export async function createDeskUser(
  deps: ServiceDeps,
  body: unknown,
): Promise<AdminResult<DeskUserWithToken>> {
  const object = bodyObject(body);
  if (!object.ok) return invalid([object.problem]);
  const input = object.object;
  const problems = unknownFields(input, CREATE_FIELDS);
  const idIssue = input.id === undefined ? null : idProblem(input.id, "id");
  if (idIssue) problems.push(idIssue);
  const name = collectChecked(checkDeskUserName(input.name, "name"), problems);
  const avatarUrl = collectChecked(checkAvatarUrl(input.avatar_url, "avatar_url"), problems);
  const queues = collectChecked(await checkQueueRefs(input.queues, "queues", deps.store), problems);
  const max = collectChecked(checkMaxConcurrent(input.max_concurrent, "max_concurrent"), problems);
  if (problems.length > 0) return invalid(problems);
  const id = (input.id as string | undefined) ?? uuidv7();
  if (await deps.store.getDeskUser(id)) {
    return failure("admin_conflict", `a desk user with id "${id}" already exists`);
  }
  const token = generateSecretToken(DESK_TOKEN_PREFIX);
  const now = deps.now();
  const deskUser: DeskUserRecord = {
    id,
    name: name as string,
    avatarUrl: avatarUrl ?? null,
    queues: queues as string[],
    maxConcurrent: max as number,
    tokenHash: hashToken(token),
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.createDeskUser(deskUser);
  return success({ deskUser, token });
}

/** Changes the given fields of a desk user; `avatar_url: null` clears the avatar. */
export async function patchDeskUser(
  deps: ServiceDeps,
  id: string,
  body: unknown,
): Promise<AdminResult<DeskUserRecord>> {
  const existing = await deps.store.getDeskUser(id);
  if (!existing) return failure("admin_not_found", `no desk user "${id}"`);
  const object = bodyObject(body);
  if (!object.ok) return invalid([object.problem]);
  const input = object.object;
  const problems = unknownFields(input, PATCH_FIELDS);
  const next: DeskUserRecord = { ...existing };
  if ("name" in input) {
    next.name = collectChecked(checkDeskUserName(input.name, "name"), problems) ?? next.name;
  }
  if ("avatar_url" in input) {
    next.avatarUrl =
      collectChecked(checkAvatarUrl(input.avatar_url, "avatar_url"), problems) ?? null;
  }
  if ("queues" in input) {
    const queues = await checkQueueRefs(input.queues, "queues", deps.store);
    next.queues = collectChecked(queues, problems) ?? next.queues;
  }
  if ("max_concurrent" in input) {
    const max = checkMaxConcurrent(input.max_concurrent ?? null, "max_concurrent");
    next.maxConcurrent = collectChecked(max, problems) ?? next.maxConcurrent;
  }
  if (problems.length > 0) return invalid(problems);
  next.updatedAt = deps.now();
  await deps.store.updateDeskUser(next);
  await notify(deps, id, "updated");
  return success(next);
}

/** Replaces a desk user's token; the old one stops working at once. */
export async function rotateDeskUserToken(
  deps: ServiceDeps,
  id: string,
): Promise<AdminResult<DeskUserWithToken>> {
  const existing = await deps.store.getDeskUser(id);
  if (!existing) return failure("admin_not_found", `no desk user "${id}"`);
  const token = generateSecretToken(DESK_TOKEN_PREFIX);
  const deskUser = { ...existing, tokenHash: hashToken(token), updatedAt: deps.now() };
  await deps.store.updateDeskUser(deskUser);
  await notify(deps, id, "token_rotated");
  return success({ deskUser, token });
}

/** Deletes a desk user unless they still hold conversations (those would be stranded). */
export async function deleteDeskUser(deps: ServiceDeps, id: string): Promise<AdminResult<null>> {
  if (!(await deps.store.getDeskUser(id)))
    return failure("admin_not_found", `no desk user "${id}"`);
  const held = (await deps.store.listOpenHandoffs()).filter((h) => h.assignedTo === id);
  if (held.length > 0) {
    return failure(
      "admin_conflict",
      `desk user "${id}" holds ${held.length} conversation(s); they must leave or transfer them first`,
    );
  }
  await deps.store.deleteDeskUser(id);
  await notify(deps, id, "deleted");
  return success(null);
}

/** One desk user, or not found. */
export async function getDeskUser(
  deps: ServiceDeps,
  id: string,
): Promise<AdminResult<DeskUserRecord>> {
  const user = await deps.store.getDeskUser(id);
  return user ? success(user) : failure("admin_not_found", `no desk user "${id}"`);
}

async function notify(deps: ServiceDeps, id: string, change: DeskUserChange): Promise<void> {
  await deps.deskUserChanged?.(id, change);
}
