// Queue operations: create, replace, delete (refused while anyone serves or waits in it), read.
import type { QueueRecord } from "../core/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import { bodyObject } from "./fields.js";
import {
  checkQueueSettings,
  isQueueName,
  type QueueSettings,
  queueNameProblem,
} from "./queue-input.js";
import type { ServiceDeps } from "./service-deps.js";

/** Creates a queue from `{ name, max_wait_seconds?, status_interval_seconds?, opening_hours? }`. */
export async function createQueue(
  deps: ServiceDeps,
  body: unknown,
): Promise<AdminResult<QueueRecord>> {
  const checked = checkQueueBody(body, undefined);
  if (!checked.ok) return checked;
  const { name, settings } = checked.value;
  if (await deps.store.getQueue(name)) {
    return failure("admin_conflict", `a queue named "${name}" already exists`);
  }
  const now = deps.now();
  const queue: QueueRecord = { name, ...settings, createdAt: now, updatedAt: now };
  await deps.store.putQueue(queue);
  return success(queue);
}

/** Replaces a queue's settings; fields left out take their defaults again. */
export async function replaceQueue(
  deps: ServiceDeps,
  name: string,
  body: unknown,
): Promise<AdminResult<QueueRecord>> {
  const existing = await deps.store.getQueue(name);
  if (!existing) return failure("admin_not_found", `no queue "${name}"`);
  const checked = checkQueueBody(body, name);
  if (!checked.ok) return checked;
  const queue: QueueRecord = { ...existing, ...checked.value.settings, updatedAt: deps.now() };
  await deps.store.putQueue(queue);
  return success(queue);
}

/** One queue, or not found. */
export async function getQueue(deps: ServiceDeps, name: string): Promise<AdminResult<QueueRecord>> {
  const queue = isQueueName(name) ? await deps.store.getQueue(name) : undefined;
  return queue ? success(queue) : failure("admin_not_found", `no queue "${name}"`);
}

/**
 * Deletes a queue unless desk users serve it (they are named) or conversations still wait in it
 * or are held from it: those would be left pointing at nothing.
 */
export async function deleteQueue(deps: ServiceDeps, name: string): Promise<AdminResult<null>> {
  if (!(await deps.store.getQueue(name))) return failure("admin_not_found", `no queue "${name}"`);
  const servers = (await deps.store.listDeskUsers()).filter((u) => u.queues.includes(name));
  if (servers.length > 0) {
    const names = servers.map((u) => `"${u.id}" (${u.name})`).join(", ");
    return failure("admin_conflict", `queue "${name}" is served by desk user(s) ${names}`);
  }
  const open = (await deps.store.listOpenHandoffs()).filter((h) => h.queue === name);
  if (open.length > 0) {
    return failure(
      "admin_conflict",
      `queue "${name}" has ${open.length} open conversation(s) (waiting or held)`,
    );
  }
  await deps.store.deleteQueue(name);
  return success(null);
}

function checkQueueBody(
  body: unknown,
  pathName: string | undefined,
): AdminResult<{ name: string; settings: QueueSettings }> {
  const object = bodyObject(body);
  if (!object.ok) return invalid([object.problem]);
  const input = object.object;
  const problems: string[] = [];
  if (pathName === undefined || input.name !== undefined) {
    const problem = queueNameProblem(input.name, "name");
    if (problem) problems.push(problem);
    else if (pathName !== undefined && input.name !== pathName) {
      problems.push("name: must match the name in the path (a queue cannot be renamed)");
    }
  }
  const settings = checkQueueSettings(input);
  if (!settings.ok) problems.push(...settings.problems);
  if (problems.length > 0 || !settings.ok) return invalid(problems);
  return success({
    name: (input.name as string | undefined) ?? (pathName as string),
    settings: settings.value,
  });
}
