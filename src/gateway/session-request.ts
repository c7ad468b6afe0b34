// Reads the optional JSON body of `POST /api/v1/sessions`.
import {
  DEVICE_TYPES,
  type DeviceType,
  isPlainObject,
  PLATFORMS,
  type Platform,
} from "../protocol/index.js";

export interface SessionRequest {
  streaming: boolean;
  platform: Platform;
  deviceType: DeviceType | null;
}

const platforms: ReadonlySet<unknown> = new Set(PLATFORMS);
const deviceTypes: ReadonlySet<unknown> = new Set(DEVICE_TYPES);

/** The session options in `body`, or null when it is not valid JSON or a field is of the wrong kind. */
export function parseSessionRequest(body: string): SessionRequest | null {
  if (body.trim() === "") return { streaming: false, platform: "web", deviceType: null };
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return null;
  }
  if (raw === null) return { streaming: false, platform: "web", deviceType: null };
  if (!isPlainObject(raw)) return null;
  const { streaming_enabled, platform, device_type } = raw;
  if (streaming_enabled !== undefined && typeof streaming_enabled !== "boolean") return null;
  if (platform !== undefined && !platforms.has(platform)) return null;
  if (device_type !== undefined && device_type !== null && !deviceTypes.has(device_type))
    return null;
  return {
    streaming: streaming_enabled ?? false,
    platform: (platform as Platform | undefined) ?? "web",
    deviceType: (device_type as DeviceType | null | undefined) ?? null,
  };
}
