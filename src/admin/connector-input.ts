// Checks of connector fields (host, handoff, name) shared by the admin API and provisioning.
import { normalizeHostIdentifier } from "../auth/index.js";
import type { ChunkJoinSetting, HandoffConfig } from "../core/index.js";
import { isPlainObject } from "../protocol/index.js";
import { isHttpUrl } from "./fields.js";

/** Reasons a client-managed handoff may carry (`protocol.md` §5). */
export const CLIENT_HANDOFF_REASONS = ["COMPLEX_QUERY", "AGENT_DECISION", "POLICY"] as const;

const MAX_NAME_LENGTH = 200;

/** A checked value, or the problems found (each naming its path). */
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

/** A host identifier (domain, URL or app namespace), normalised; null means "none registered". */
export function checkHost(value: unknown, path: string): Checked<string | null> {
  if (value === null) return { ok: true, value: null };
  if (typeof value !== "string") {
    return { ok: false, problems: [`${path}: must be a domain, a URL or an app namespace`] };
  }
  const host = normalizeHostIdentifier(value);
  if (host === null) {
    return { ok: false, problems: [`${path}: "${value}" is not a valid host identifier`] };
  }
  return { ok: true, value: host };
}

/** Values of a connector's `chunk_join` (how its sessions' streamed chunks are laid out). */
export const CHUNK_JOIN_SETTINGS = [
  "auto",
  "space",
  "concat",
] as const satisfies readonly ChunkJoinSetting[];

/** `chunk_join`: `auto` (the default, also for null/absent), `space` or `concat`. */
export function checkChunkJoin(value: unknown, path: string): Checked<ChunkJoinSetting> {
  if (value === undefined || value === null) return { ok: true, value: "auto" };
  if ((CHUNK_JOIN_SETTINGS as readonly unknown[]).includes(value)) {
    return { ok: true, value: value as ChunkJoinSetting };
  }
  return { ok: false, problems: [`${path}: must be one of ${CHUNK_JOIN_SETTINGS.join(", ")}`] };
}

/** An optional display name: a string up to 200 characters, or null. */
export function checkName(value: unknown, path: string): Checked<string | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value !== "string" || value.length > MAX_NAME_LENGTH) {
    return {
      ok: false,
      problems: [`${path}: must be a string of at most ${MAX_NAME_LENGTH} characters`],
    };
  }
  return { ok: true, value };
}

/** A handoff target: `{mode:"server", queue?}` or `{mode:"client", reason, queue_name, route?}`. */
export function checkHandoff(value: unknown, path: string): Checked<HandoffConfig | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (!isPlainObject(value)) return { ok: false, problems: [`${path}: must be an object`] };
  if (value.mode === "server") return checkServerHandoff(value, path);
  if (value.mode === "client") return checkClientHandoff(value, path);
  return { ok: false, problems: [`${path}.mode: must be "server" or "client"`] };
}

function checkServerHandoff(value: Record<string, unknown>, path: string): Checked<HandoffConfig> {
  const problems = extraKeys(value, ["mode", "queue"], path);
  if (value.queue !== undefined && !isNonEmptyString(value.queue)) {
    problems.push(`${path}.queue: must be a non-empty string`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const handoff: HandoffConfig =
    typeof value.queue === "string" ? { mode: "server", queue: value.queue } : { mode: "server" };
  return { ok: true, value: handoff };
}

function checkClientHandoff(value: Record<string, unknown>, path: string): Checked<HandoffConfig> {
  const problems = extraKeys(value, ["mode", "reason", "queue_name", "route"], path);
  const { reason, queue_name: queueName, route } = value;
  if (!(CLIENT_HANDOFF_REASONS as readonly unknown[]).includes(reason)) {
    problems.push(`${path}.reason: must be one of ${CLIENT_HANDOFF_REASONS.join(", ")}`);
  }
  if (!isNonEmptyString(queueName)) problems.push(`${path}.queue_name: must be a non-empty string`);
  if (route !== undefined && !isHttpUrl(route)) {
    problems.push(`${path}.route: must be an http(s) URL`);
  }
  if (problems.length > 0) return { ok: false, problems };
  const handoff: HandoffConfig = {
    mode: "client",
    reason: reason as string,
    queue_name: queueName as string,
  };
  if (typeof route === "string") handoff.route = route;
  return { ok: true, value: handoff };
}

function extraKeys(value: Record<string, unknown>, allowed: string[], path: string): string[] {
  return Object.keys(value)
    .filter((key) => !allowed.includes(key))
    .map((key) => `${path}.${key}: unknown field`);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** The value of a check, or undefined after adding its problems to `problems`. */
export function collectChecked<T>(checked: Checked<T>, problems: string[]): T | undefined {
  if (checked.ok) return checked.value;
  problems.push(...checked.problems);
  return undefined;
}
