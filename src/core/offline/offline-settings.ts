// A connector's offline messages: whether it takes them and the company's webhook they go to.
import type { Settings } from "../ports.js";

/** What a connector does when nobody can take a chat. */
export interface OfflineSettings {
  /** The widget asks for an email and a message instead of falling back to the AI agent. */
  enabled: boolean;
  /** Where each offline message is POSTed (signed); null: kept for the desk only. */
  webhookUrl: string | null;
  /** The HMAC key of the webhook's signature; never shown once set. */
  webhookSecret: string | null;
}

/** A connector without settings: no offline messages. */
export const NO_OFFLINE_SETTINGS: OfflineSettings = Object.freeze({
  enabled: false,
  webhookUrl: null,
  webhookSecret: null,
});

/** The setting that holds a connector's offline settings (shared by every process). */
export function offlineSettingName(connectorId: string): string {
  return `offline-messages:${connectorId}`;
}

/** A connector's offline settings; none stored (or unreadable) means off. */
export async function readOfflineSettings(
  settings: Pick<Settings, "getSetting">,
  connectorId: string,
): Promise<OfflineSettings> {
  const raw = await settings.getSetting(offlineSettingName(connectorId));
  if (raw === undefined) return NO_OFFLINE_SETTINGS;
  try {
    const parsed = JSON.parse(raw) as Partial<OfflineSettings>;
    return {
      enabled: parsed.enabled === true,
      webhookUrl: typeof parsed.webhookUrl === "string" ? parsed.webhookUrl : null,
      webhookSecret: typeof parsed.webhookSecret === "string" ? parsed.webhookSecret : null,
    };
  } catch {
    return NO_OFFLINE_SETTINGS;
  }
}

/** Stores a connector's offline settings. */
export function writeOfflineSettings(
  settings: Pick<Settings, "putSetting">,
  connectorId: string,
  value: OfflineSettings,
  at: number,
): Promise<void> {
  return settings.putSetting(offlineSettingName(connectorId), JSON.stringify(value), at);
}
