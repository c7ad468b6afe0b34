// Bind parameters for the store's writes: records flattened to SQLite values (booleans 0/1).
import type { NewSession, SessionPatch } from "../../core/records.js";

type Params = Record<string, string | number | null>;

/** Parameters of `insertSession`. */
export function sessionInsertParams(s: NewSession): Params {
  return {
    id: s.id,
    connectorId: s.connectorId,
    subject: s.subject,
    subjectExpiresAt: s.subjectExpiresAt,
    streaming: s.streaming ? 1 : 0,
    clientProfile: s.clientProfile,
    chunkLayout: s.chunkLayout,
    platform: s.platform,
    deviceType: s.deviceType,
    userAgent: s.userAgent,
    createdAt: s.createdAt,
  };
}

/**
 * Parameters of `advanceSequenceWithPatch`: each field has a `set…` flag, so one statement
 * covers every combination and a field can be set to null. Undefined means "leave as is".
 */
export function sessionPatchParams(
  id: string,
  count: number,
  now: number,
  patch: SessionPatch,
  expectedRevision: number | null,
): Params {
  return {
    id,
    count,
    now,
    expectedRevision,
    bump: patchSetsAnything(patch) ? 1 : 0,
    setState: flag(patch.state),
    state: patch.state ?? null,
    setAgentStatus: flag(patch.agentStatus),
    agentStatus: patch.agentStatus ?? null,
    setLanguage: flag(patch.language),
    language: patch.language ?? null,
    setEndReason: flag(patch.endReason),
    endReason: patch.endReason ?? null,
    setCallSid: flag(patch.callSid),
    callSid: patch.callSid ?? null,
    setEndedAt: flag(patch.endedAt),
    endedAt: patch.endedAt ?? null,
    setSubject: flag(patch.subject),
    subject: patch.subject ?? null,
    setSubjectExpiresAt: flag(patch.subjectExpiresAt),
    subjectExpiresAt: patch.subjectExpiresAt ?? null,
  };
}

/** Whether the patch changes any field (only then does the session's revision move). */
export function patchSetsAnything(patch: SessionPatch): boolean {
  return Object.values(patch).some((value) => value !== undefined);
}

function flag(value: unknown): number {
  return value === undefined ? 0 : 1;
}
