// Verified-context signing keys of a connector: add (secret shown once), rotate with overlap, list, delete.
import {
  CONTEXT_KID_PATTERN,
  type ContextKeySummary,
  DEFAULT_ROTATION_OVERLAP_SECONDS,
} from "../auth/index.js";
import { type AdminResult, failure, invalid, success } from "./admin-error.js";
import { bodyObject, unknownFields } from "./fields.js";
import type { ServiceDeps } from "./service-deps.js";

/** A key with the secret just generated for it: the only answer that carries the secret. */
export interface ContextKeyWithSecret {
  kid: string;
  secret: string;
  /** After a rotation: until when the previous secrets still verify. */
  previousExpiresAt?: number;
}

/** Longest overlap a rotation may give the previous secrets: a week. */
const MAX_OVERLAP_SECONDS = 7 * 86_400;

/** The connector's keys without their secrets. */
export async function listContextKeys(
  deps: ServiceDeps,
  connectorId: string,
): Promise<AdminResult<ContextKeySummary[]>> {
  const keys = await keysOf(deps, connectorId);
  if (!keys.ok) return keys;
  return success(await keys.value.list(connectorId));
}

/** Adds a key `{ kid? }` with a generated secret (a kid is generated when absent). */
export async function addContextKey(
  deps: ServiceDeps,
  connectorId: string,
  body: unknown,
): Promise<AdminResult<ContextKeyWithSecret>> {
  const keys = await keysOf(deps, connectorId);
  if (!keys.ok) return keys;
  const object = bodyObject(body ?? {});
  if (!object.ok) return invalid([object.problem]);
  const problems = unknownFields(object.object, ["kid"]);
  const kid = object.object.kid ?? `ctx-${crypto.randomUUID().slice(0, 8)}`;
  if (typeof kid !== "string" || !CONTEXT_KID_PATTERN.test(kid))
    problems.push("kid: 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'");
  if (problems.length > 0) return invalid(problems);
  const added = await keys.value.add(connectorId, kid as string);
  return added ? success(added) : failure("admin_conflict", `the connector already has key ${kid}`);
}

/** A new secret for `kid`; the previous ones verify for `{ overlap_seconds? }` more (default a day). */
export async function rotateContextKey(
  deps: ServiceDeps,
  connectorId: string,
  kid: string,
  body: unknown,
): Promise<AdminResult<ContextKeyWithSecret>> {
  const keys = await keysOf(deps, connectorId);
  if (!keys.ok) return keys;
  const object = bodyObject(body ?? {});
  if (!object.ok) return invalid([object.problem]);
  const problems = unknownFields(object.object, ["overlap_seconds"]);
  const overlap = object.object.overlap_seconds ?? DEFAULT_ROTATION_OVERLAP_SECONDS;
  if (
    !Number.isInteger(overlap) ||
    (overlap as number) < 0 ||
    (overlap as number) > MAX_OVERLAP_SECONDS
  )
    problems.push(`overlap_seconds: an integer from 0 to ${MAX_OVERLAP_SECONDS}`);
  if (problems.length > 0) return invalid(problems);
  const rotated = await keys.value.rotate(connectorId, kid, overlap as number);
  return rotated ? success(rotated) : failure("admin_not_found", `no context key ${kid}`);
}

/** Removes a key and all its secrets at once (tokens signed with it stop verifying). */
export async function deleteContextKey(
  deps: ServiceDeps,
  connectorId: string,
  kid: string,
): Promise<AdminResult<null>> {
  const keys = await keysOf(deps, connectorId);
  if (!keys.ok) return keys;
  return (await keys.value.remove(connectorId, kid))
    ? success(null)
    : failure("admin_not_found", `no context key ${kid}`);
}

async function keysOf(deps: ServiceDeps, connectorId: string) {
  if (!deps.contextKeys) return failure("admin_not_found", "verified context is not configured");
  if (!(await deps.store.getConnector(connectorId)))
    return failure("admin_not_found", `no connector ${connectorId}`);
  return success(deps.contextKeys);
}
