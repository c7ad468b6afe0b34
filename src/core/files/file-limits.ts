// A connector's file limits: whether its visitors and desk users may attach files, how big, which types.
import type { Settings } from "../ports.js";

/** What a connector accepts as attachments. */
export interface FileLimits {
  /** Whether files may be attached at all. */
  enabled: boolean;
  /** Largest file in bytes. */
  maxBytes: number;
  /** Content types accepted (`image/png`, or `image/*`). */
  types: readonly string[];
}

/** The hard ceiling of `maxBytes`: uploads are held in memory while they are checked. */
export const MAX_FILE_BYTES_LIMIT = 50 * 1024 * 1024;

/** The defaults: on, 10 MiB of common images, PDF and plain text. */
export const DEFAULT_FILE_LIMITS: FileLimits = Object.freeze({
  enabled: true,
  maxBytes: 10 * 1024 * 1024,
  types: Object.freeze([
    "image/png",
    "image/jpeg",
    "image/gif",
    "image/webp",
    "application/pdf",
    "text/plain",
  ]),
});

/** The setting that holds a connector's file limits (shared by every process). */
export function fileLimitsSettingName(connectorId: string): string {
  return `file-limits:${connectorId}`;
}

/** A connector's file limits; none stored (or unreadable) means the defaults. */
export async function readFileLimits(
  settings: Pick<Settings, "getSetting">,
  connectorId: string,
): Promise<FileLimits> {
  const raw = await settings.getSetting(fileLimitsSettingName(connectorId));
  if (raw === undefined) return DEFAULT_FILE_LIMITS;
  try {
    const parsed = JSON.parse(raw) as Partial<FileLimits>;
    return {
      enabled: parsed.enabled !== false,
      maxBytes:
        typeof parsed.maxBytes === "number" &&
        parsed.maxBytes > 0 &&
        parsed.maxBytes <= MAX_FILE_BYTES_LIMIT
          ? parsed.maxBytes
          : DEFAULT_FILE_LIMITS.maxBytes,
      types: Array.isArray(parsed.types)
        ? parsed.types.filter((t): t is string => typeof t === "string")
        : DEFAULT_FILE_LIMITS.types,
    };
  } catch {
    return DEFAULT_FILE_LIMITS;
  }
}

/** Stores a connector's file limits. */
export function writeFileLimits(
  settings: Pick<Settings, "putSetting">,
  connectorId: string,
  value: FileLimits,
  at: number,
): Promise<void> {
  return settings.putSetting(fileLimitsSettingName(connectorId), JSON.stringify(value), at);
}
