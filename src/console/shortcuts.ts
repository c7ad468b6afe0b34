// The console's keyboard shortcuts as data: what each does, the keys shown for it, and how a key event matches.

/** What a shortcut does. */
export type ShortcutAction =
  | "next"
  | "previous"
  | "accept"
  | "composer"
  | "replies"
  | "transfer"
  | "end"
  | "history"
  | "help";

export interface Shortcut {
  action: ShortcutAction;
  label: string;
  /** Key combinations as shown to the agent, e.g. [["Alt", "↓"], ["Alt", "J"]]. */
  keys: readonly (readonly string[])[];
  /** The `aria-keyshortcuts` value of the control the shortcut stands for. */
  aria: string;
}

/**
 * Alt+letter works while typing in the composer and clashes with no browser shortcut on
 * Windows, Linux or macOS (Alt+E, Alt+F and Alt+D open browser menus, so they are avoided).
 * Keys are matched by `code` (the physical key), so a layout or macOS's Option characters
 * change nothing.
 */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: "next",
    label: "Next chat",
    keys: [
      ["Alt", "↓"],
      ["Alt", "J"],
    ],
    aria: "Alt+ArrowDown",
  },
  {
    action: "previous",
    label: "Previous chat",
    keys: [
      ["Alt", "↑"],
      ["Alt", "K"],
    ],
    aria: "Alt+ArrowUp",
  },
  {
    action: "accept",
    label: "Accept the longest-waiting conversation",
    keys: [["Alt", "A"]],
    aria: "Alt+A",
  },
  {
    action: "composer",
    label: "Write a reply (focus the message box)",
    keys: [["Alt", "C"]],
    aria: "Alt+C",
  },
  { action: "replies", label: "Replies panel", keys: [["Alt", "R"]], aria: "Alt+R" },
  { action: "transfer", label: "Transfer to another queue", keys: [["Alt", "T"]], aria: "Alt+T" },
  {
    action: "end",
    label: "End the conversation (asks first)",
    keys: [["Alt", "X"]],
    aria: "Alt+X",
  },
  {
    action: "history",
    label: "History: search closed conversations (again: back to chats)",
    keys: [["Alt", "I"]],
    aria: "Alt+I",
  },
  { action: "help", label: "Show these shortcuts", keys: [["?"]], aria: "?" },
];

const ALT_CODES: Record<string, ShortcutAction> = {
  ArrowDown: "next",
  KeyJ: "next",
  ArrowUp: "previous",
  KeyK: "previous",
  KeyA: "accept",
  KeyC: "composer",
  KeyR: "replies",
  KeyT: "transfer",
  KeyX: "end",
  KeyI: "history",
};

/** The fields of a KeyboardEvent the matcher reads. */
export interface KeyPress {
  key: string;
  code: string;
  altKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
}

/**
 * The action of a key event, or null. `inTextField` is true while the agent types somewhere:
 * then only the Alt shortcuts count ("?" is a character to type).
 */
export function shortcutFor(event: KeyPress, inTextField: boolean): ShortcutAction | null {
  if (event.ctrlKey || event.metaKey) return null;
  if (event.altKey) return ALT_CODES[event.code] ?? null;
  return event.key === "?" && !inTextField ? "help" : null;
}

/** The `aria-keyshortcuts` value for an action. */
export function ariaKeys(action: ShortcutAction): string {
  return SHORTCUTS.find((s) => s.action === action)?.aria ?? "";
}
