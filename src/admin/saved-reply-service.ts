// Saved replies as admins (API, CLI, provisioning) and desk users manage them: checked input, one owner each.
import { v7 as uuidv7 } from "uuid";
import {
  type SavedReplyRecord,
  type SavedReplyScope,
  type Store,
  savedReplyProblems,
} from "../core/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import { bodyObject, idProblem, unknownFields } from "./fields.js";
import type { ServiceDeps } from "./service-deps.js";

const FIELDS = ["id", "queue", "desk_user", "shortcut", "text"] as const;

/** The owner named by `{queue}` or `{desk_user}` (exactly one), checked against the store. */
export async function savedReplyScope(
  store: Store,
  input: Record<string, unknown>,
  path = "",
): Promise<{ scope?: SavedReplyScope; problems: string[] }> {
  const { queue, desk_user: user } = input;
  if ((queue === undefined) === (user === undefined))
    return { problems: [`${path}queue / desk_user: give exactly one (whose reply it is)`] };
  if (queue !== undefined) {
    if (typeof queue !== "string" || !(await store.getQueue(queue)))
      return { problems: [`${path}queue: no queue "${String(queue)}"`] };
    return { scope: { kind: "queue", queue }, problems: [] };
  }
  if (typeof user !== "string" || !(await store.getDeskUser(user)))
    return { problems: [`${path}desk_user: no desk user "${String(user)}"`] };
  return { scope: { kind: "desk_user", deskUserId: user }, problems: [] };
}

/** Creates (POST, `existingId` absent) or replaces (PUT) a saved reply. */
export async function putSavedReply(
  deps: ServiceDeps,
  body: unknown,
  existingId?: string,
): Promise<AdminResult<SavedReplyRecord>> {
  const replies = deps.savedReplies;
  if (!replies) return failure("admin_not_found", "this server keeps no saved replies");
  const object = bodyObject(body);
  if (!object.ok) return invalid([object.problem]);
  const input = object.object;
  const problems = unknownFields(input, FIELDS);
  if (existingId === undefined && input.id !== undefined) {
    const issue = idProblem(input.id, "id");
    if (issue) problems.push(issue);
  }
  problems.push(...savedReplyProblems(input.shortcut, input.text));
  const { scope, problems: scopeProblems } = await savedReplyScope(deps.store, input);
  problems.push(...scopeProblems);
  if (problems.length > 0 || !scope) return invalid(problems);
  const id = existingId ?? (input.id as string | undefined) ?? uuidv7();
  const existing = await replies.getSavedReply(id);
  if (existingId !== undefined && !existing)
    return failure("admin_not_found", `no saved reply "${id}"`);
  if (existingId === undefined && existing)
    return failure("admin_conflict", `a saved reply with id "${id}" already exists`);
  const now = deps.now();
  const record: SavedReplyRecord = {
    id,
    scope,
    shortcut: input.shortcut as string,
    text: input.text as string,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (!(await replies.putSavedReply(record)))
    return failure("admin_conflict", `its owner already has a saved reply "/${record.shortcut}"`);
  return success(record);
}

/** One saved reply, or not found. */
export async function getSavedReply(
  deps: ServiceDeps,
  id: string,
): Promise<AdminResult<SavedReplyRecord>> {
  const reply = await deps.savedReplies?.getSavedReply(id);
  return reply ? success(reply) : failure("admin_not_found", `no saved reply "${id}"`);
}

/** Deletes a saved reply. */
export async function deleteSavedReply(deps: ServiceDeps, id: string): Promise<AdminResult<null>> {
  const gone = await deps.savedReplies?.deleteSavedReply(id);
  return gone ? success(null) : failure("admin_not_found", `no saved reply "${id}"`);
}
