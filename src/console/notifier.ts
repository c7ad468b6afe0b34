// Gets an agent's attention: a count in the document title, chimes, and desktop notifications while the tab is hidden.
import { neutralizeBidiControls } from "../protocol/index.js";
import type { Chat } from "./chat-state.js";
import { Chime } from "./chime.js";
import type { Attention, ConsoleStore } from "./console-store.js";
import { shortId } from "./format.js";

export const APP_TITLE = "Switchboard Console";

/** Notification bodies are cut to this many characters (the OS cuts them anyway). */
const BODY_CHARS = 140;

/** The title for `count` things needing attention: "(2) Switchboard Console". */
export function titleFor(count: number): string {
  return count > 0 ? `(${count}) ${APP_TITLE}` : APP_TITLE;
}

/** Whether this browser can show desktop notifications at all. */
export function desktopNotificationsSupported(): boolean {
  return typeof Notification === "function";
}

/**
 * Asks the browser for permission (call from a click); true when notifications may be shown.
 * A permission the agent refused earlier is not asked again: browsers only change it in site settings.
 */
export async function allowDesktopNotifications(): Promise<boolean> {
  if (!desktopNotificationsSupported()) return false;
  if (Notification.permission === "default") await Notification.requestPermission();
  return Notification.permission === "granted";
}

/** Keeps the title badge current; chimes and notifies on new waiting conversations and messages. */
export class Notifier {
  readonly #store: ConsoleStore;
  readonly #chime = new Chime();
  readonly #shown = new Set<Notification>();

  constructor(store: ConsoleStore) {
    this.#store = store;
    store.subscribe(() => this.#updateTitle());
    store.onAttention = (attention) => this.#attend(attention);
    // Back on the tab, the notifications have done their job.
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden) this.#closeShown();
    });
    this.#updateTitle();
  }

  /** Waiting conversations plus unread messages. */
  get attentionCount(): number {
    return this.#store.me ? this.#store.waiting.length + this.#store.unreadTotal : 0;
  }

  #attend(attention: Attention): void {
    const { prefs } = this.#store;
    if (attention.kind === "waiting") {
      if (prefs.soundWaiting) this.#chime.play("waiting");
      for (const entry of attention.entries) {
        const where = entry.queue ? ` in ${entry.queue}` : "";
        this.#notify(`${shortId(entry.session_id)} is waiting${where}`, entry.preview ?? "", {
          tag: `waiting-${entry.session_id}`,
        });
      }
      return;
    }
    const { chat } = attention;
    if (this.#lookingAt(chat)) return;
    if (prefs.soundMessages) this.#chime.play("message");
    this.#notify(
      `New message in ${shortId(chat.sessionId)}`,
      attention.text.replace(/\s+/g, " ").trim(),
      {
        tag: `message-${chat.sessionId}`,
        onClick: () => this.#store.open(chat.sessionId),
      },
    );
  }

  // The chat is on screen in a tab the agent is using: the message is right in front of them.
  #lookingAt(chat: Chat): boolean {
    return (
      this.#store.activeId === chat.sessionId &&
      document.visibilityState === "visible" &&
      document.hasFocus()
    );
  }

  #notify(title: string, body: string, how: { tag: string; onClick?: () => void }): void {
    if (!this.#store.prefs.desktop || !document.hidden || !desktopNotificationsSupported()) return;
    if (Notification.permission !== "granted") return;
    const text = neutralizeBidiControls(body);
    try {
      const notification = new Notification(title, {
        body: text.length > BODY_CHARS ? `${text.slice(0, BODY_CHARS - 1)}…` : text,
        tag: how.tag,
      });
      this.#shown.add(notification);
      notification.onclose = () => this.#shown.delete(notification);
      notification.onclick = () => {
        window.focus();
        how.onClick?.();
        notification.close();
      };
    } catch {
      // Some browsers only allow notifications from a service worker: the chime and title still tell.
    }
  }

  #closeShown(): void {
    for (const notification of this.#shown) notification.close();
    this.#shown.clear();
  }

  #updateTitle(): void {
    const title = titleFor(this.attentionCount);
    if (document.title !== title) document.title = title;
  }
}
