// Reads the optional JSON body of `POST /api/v1/sessions`.
import {
  DEVICE_TYPES,
  type DeviceType,
  isPlainObject,
  PLATFORMS,
  type Platform,
  VISITOR_ID_PATTERN,
} from "../protocol/index.js";

export interface SessionRequest {
  streaming: boolean;
  platform: Platform;
  deviceType: DeviceType | null;
  /** The stable visitor id the widget or SDK keeps (`visitor_id`); null when not sent. */
  visitorId: string | null;
  /** The page the conversation begins on (`page_url`) and its `referrer`: http(s), origin and path. */
  pageUrl: string | null;
  referrer: string | null;
}

const NONE = { visitorId: null, pageUrl: null, referrer: null };
const MAX_URL_CHARS = 2048;

const platforms: ReadonlySet<unknown> = new Set(PLATFORMS);
const deviceTypes: ReadonlySet<unknown> = new Set(DEVICE_TYPES);

/** The session options in `body`, or null when it is not valid JSON or a field is of the wrong kind. */
export function parseSessionRequest(body: string): SessionRequest | null {
  if (body.trim() === "") return { streaming: false, platform: "web", deviceType: null, ...NONE };
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch {
    return null;
  }
  if (raw === null) return { streaming: false, platform: "web", deviceType: null, ...NONE };
  if (!isPlainObject(raw)) return null;
  const { streaming_enabled, platform, device_type, visitor_id, page_url, referrer } = raw;
  const visitorId = parseVisitorId(visitor_id);
  const pageUrl = parsePageUrl(page_url);
  const referrerUrl = parsePageUrl(referrer);
  if (visitorId === undefined || pageUrl === undefined || referrerUrl === undefined) return null;
  if (streaming_enabled !== undefined && typeof streaming_enabled !== "boolean") return null;
  if (platform !== undefined && !platforms.has(platform)) return null;
  if (device_type !== undefined && device_type !== null && !deviceTypes.has(device_type))
    return null;
  return {
    streaming: streaming_enabled ?? false,
    platform: (platform as Platform | undefined) ?? "web",
    deviceType: (device_type as DeviceType | null | undefined) ?? null,
    visitorId,
    pageUrl,
    referrer: referrerUrl,
  };
}

/**
 * A page address: null when absent or empty, undefined when not an http(s) URL of at most 2048
 * characters. Kept as origin and path only: queries and fragments may carry the visitor's secrets.
 */
export function parsePageUrl(value: unknown): string | null | undefined {
  if (value === undefined || value === null || value === "") return null;
  if (typeof value !== "string" || value.length > MAX_URL_CHARS) return undefined;
  try {
    const url = new URL(value);
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return `${url.origin}${url.pathname}`;
  } catch {
    return undefined;
  }
}

/** A visitor id: null when absent, undefined when present but not one (22–64 URL-safe characters). */
export function parseVisitorId(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  return typeof value === "string" && VISITOR_ID_PATTERN.test(value) ? value : undefined;
}
