// Which clients a new session is made for, and the chunk layout that follows from it.
import type { ChunkLayout } from "../protocol/index.js";
import type { ChunkJoinSetting, ClientProfile } from "./records.js";

/** `User-Agent` prefixes of the official PolyAI mobile SDKs on `POST /api/v1/sessions`. */
const OFFICIAL_SDK_AGENTS = ["PolyMessaging-iOS/", "PolyMessaging-Android/"];

/** The profile of a session created with this `User-Agent` (`sdk-expectations.md` rule 16). */
export function clientProfileOf(userAgent: string | null): ClientProfile {
  if (userAgent === null) return "standard";
  return OFFICIAL_SDK_AGENTS.some((prefix) => userAgent.startsWith(prefix))
    ? "official-sdk"
    : "standard";
}

/** The chunk layout of a new session: the connector's choice, or the profile's when `auto`. */
export function chunkLayoutFor(profile: ClientProfile, setting: ChunkJoinSetting): ChunkLayout {
  if (setting !== "auto") return setting;
  return profile === "official-sdk" ? "space" : "concat";
}
