// Chat API keys of an account: create (shown once, stored hashed), rotate with overlap, list, delete.
import { v7 as uuidv7 } from "uuid";
import { generateSecretToken, hashToken } from "../auth/index.js";
import type { ApiKeyRecord, ChatApiStore } from "../core/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import { bodyObject, unknownFields } from "./fields.js";
import type { ServiceDeps } from "./service-deps.js";

/** Prefix of generated API keys, so leaked ones are recognisable. */
export const API_KEY_PREFIX = "sbk_";
/** How long a rotated key keeps working unless told otherwise: an hour, to roll out the new one. */
const DEFAULT_OVERLAP_SECONDS = 3600;
const MAX_OVERLAP_SECONDS = 7 * 86_400;

/** A key with its secret, right after it was generated (the only time it is shown). */
export interface ApiKeyWithSecret {
  record: ApiKeyRecord;
  key: string;
}

/** The account's keys (without secrets). */
export async function listApiKeys(
  deps: ServiceDeps,
  accountId: string,
): Promise<AdminResult<ApiKeyRecord[]>> {
  const chat = chatOf(deps, accountId);
  if (!chat.ok) return chat;
  return success(await chat.value.listApiKeys(accountId));
}

/** A new key for the account. */
export async function createApiKey(
  deps: ServiceDeps,
  accountId: string,
): Promise<AdminResult<ApiKeyWithSecret>> {
  const chat = chatOf(deps, accountId);
  if (!chat.ok) return chat;
  return success(await newKey(chat.value, accountId, deps.now()));
}

/** A new key replacing `id`, which keeps working for `{ overlap_seconds? }` (default an hour). */
export async function rotateApiKey(
  deps: ServiceDeps,
  accountId: string,
  id: string,
  body: unknown,
): Promise<AdminResult<ApiKeyWithSecret & { previousExpiresAt: number }>> {
  const chat = chatOf(deps, accountId);
  if (!chat.ok) return chat;
  const object = bodyObject(body ?? {});
  if (!object.ok) return invalid([object.problem]);
  const problems = unknownFields(object.object, ["overlap_seconds"]);
  const overlap = object.object.overlap_seconds ?? DEFAULT_OVERLAP_SECONDS;
  if (
    !Number.isInteger(overlap) ||
    (overlap as number) < 0 ||
    (overlap as number) > MAX_OVERLAP_SECONDS
  )
    problems.push(`overlap_seconds: an integer from 0 to ${MAX_OVERLAP_SECONDS}`);
  if (problems.length > 0) return invalid(problems);
  const now = deps.now();
  const previousExpiresAt = now + (overlap as number) * 1000;
  if (!(await chat.value.expireApiKey(accountId, id, previousExpiresAt)))
    return failure("admin_not_found", `no API key ${id}`);
  return success({ ...(await newKey(chat.value, accountId, now)), previousExpiresAt });
}

/** Revokes a key at once. */
export async function deleteApiKey(
  deps: ServiceDeps,
  accountId: string,
  id: string,
): Promise<AdminResult<null>> {
  const chat = chatOf(deps, accountId);
  if (!chat.ok) return chat;
  return (await chat.value.deleteApiKey(accountId, id))
    ? success(null)
    : failure("admin_not_found", `no API key ${id}`);
}

async function newKey(
  chat: ChatApiStore,
  accountId: string,
  now: number,
): Promise<ApiKeyWithSecret> {
  const key = generateSecretToken(API_KEY_PREFIX);
  const record: ApiKeyRecord = {
    id: uuidv7(),
    accountId,
    keyHash: hashToken(key),
    createdAt: now,
    expiresAt: null,
  };
  await chat.createApiKey(record);
  return { record, key };
}

function chatOf(deps: ServiceDeps, accountId: string): AdminResult<ChatApiStore> {
  if (!deps.chatApi) return failure("admin_not_found", "the Chat API is not configured");
  if (!deps.chatApi.accounts.includes(accountId))
    return failure("admin_not_found", `no account ${accountId} (see SWITCHBOARD_CHAT_ACCOUNTS)`);
  return success(deps.chatApi.store);
}
