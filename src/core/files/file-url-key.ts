// The deployment's file-URL signing key: made once, kept in the shared store, so any process serves any file.
import { randomBytes } from "node:crypto";
import type { Settings } from "../ports.js";

const SETTING = "file-url-key";

/** The shared key, generated and claimed atomically on first use (every process reads the winner's). */
export async function fileUrlKey(settings: Settings, now: number): Promise<string> {
  const found = await settings.getSetting(SETTING);
  if (found !== undefined) return found;
  await settings.claimSetting(SETTING, randomBytes(32).toString("hex"), now);
  const claimed = await settings.getSetting(SETTING);
  if (claimed === undefined) throw new Error("file URL key was not stored");
  return claimed;
}
