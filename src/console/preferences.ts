// The agent's console settings (sounds, desktop notifications, theme), remembered in localStorage.
import type { KeyValueStorage } from "./web-storage.js";

export type ThemeChoice = "system" | "light" | "dark";

/** What the agent chose; every field survives a reload. */
export interface Preferences {
  /** A chime when a conversation starts waiting in one of my queues. */
  soundWaiting: boolean;
  /** A chime when a user writes in one of my chats that I am not looking at. */
  soundMessages: boolean;
  /** Desktop notifications (Notification API) while the console's tab is hidden. */
  desktop: boolean;
  theme: ThemeChoice;
}

const KEY = "switchboard.console.preferences";
/** Where the single sound toggle of earlier versions was kept ("on" / "off"). */
const LEGACY_SOUND_KEY = "switchboard.console.sound";

const DEFAULTS: Preferences = {
  soundWaiting: true,
  soundMessages: true,
  desktop: false,
  theme: "system",
};

/** The remembered preferences, defaults for anything missing or malformed. */
export function loadPreferences(storage: KeyValueStorage): Preferences {
  const saved = parse(storage.getItem(KEY));
  const legacy = storage.getItem(LEGACY_SOUND_KEY);
  const base = legacy ? { ...DEFAULTS, soundWaiting: legacy === "on" } : DEFAULTS;
  return {
    soundWaiting: bool(saved.soundWaiting, base.soundWaiting),
    soundMessages: bool(saved.soundMessages, base.soundMessages),
    desktop: bool(saved.desktop, base.desktop),
    theme: isTheme(saved.theme) ? saved.theme : base.theme,
  };
}

/** Remembers the preferences for the next visit. */
export function savePreferences(prefs: Preferences, storage: KeyValueStorage): void {
  try {
    storage.setItem(KEY, JSON.stringify(prefs));
    storage.removeItem(LEGACY_SOUND_KEY);
  } catch {
    // Storage full or disabled: the choice still holds for this visit.
  }
}

function parse(raw: string | null): Record<string, unknown> {
  try {
    const value: unknown = raw ? JSON.parse(raw) : {};
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function bool(value: unknown, fallback: boolean): boolean {
  return typeof value === "boolean" ? value : fallback;
}

function isTheme(value: unknown): value is ThemeChoice {
  return value === "system" || value === "light" || value === "dark";
}
