// The screen-reader announcer: what the polite live region says, each message once and each notice when its text changes.
import type { ConversationMessage } from "../sdk/index.js";
import type { UiStrings } from "./i18n.js";
import { plainText } from "./markdown.js";
import { type NoticeInfo, noticeText } from "./notice-text.js";
import type { WidgetPhase } from "./widget-state.js";

/** Remembers what was said of each message, so that nothing is read twice. */
export class Announcer {
  // Message id → what was said of it ("" for the user's own messages, never read out).
  readonly #said = new Map<string, string>();

  /**
   * Announcements for new complete agent messages and notices, and for notices updated in place
   * (a queue position that moved). `arrived` runs once for each new agent message or notice.
   */
  fresh(
    messages: readonly ConversationMessage[],
    speak: (message: ConversationMessage) => string,
    arrived: (message: ConversationMessage) => void,
  ): string[] {
    const out: string[] = [];
    for (const message of messages) {
      const said = this.#said.get(message.id);
      if (message.from === "user") {
        if (said === undefined) this.#said.set(message.id, "");
        continue;
      }
      if (!message.complete) continue;
      if (said !== undefined && message.from !== "system") continue;
      const text = speak(message);
      if (said === text) continue;
      if (said === undefined) arrived(message);
      this.#said.set(message.id, text);
      if (text) out.push(text);
    }
    return out;
  }

  /** Takes `messages` as already heard (history replayed on a reload is not news). */
  markHeard(
    messages: readonly ConversationMessage[],
    speak: (message: ConversationMessage) => string,
  ): void {
    for (const message of messages) {
      if (this.#said.has(message.id) || !message.complete) continue;
      this.#said.set(message.id, message.from === "user" ? "" : speak(message));
    }
  }

  /** Forgets every announced message (a new chat starts). */
  forget(): void {
    this.#said.clear();
  }
}

/** What a message says aloud: a notice's text, or "Name: text" for an agent's message. */
export function spokenText(
  m: ConversationMessage,
  t: UiStrings,
  info: NoticeInfo | undefined,
): string {
  if (m.from === "system") return noticeText(m, t, info).text;
  const text = plainText(m.text);
  return `${m.agentName ?? t.agent}: ${text}`;
}

/** What a change of phase says aloud, if anything. */
export function phaseAnnouncement(
  phase: WidgetPhase,
  before: WidgetPhase,
  t: UiStrings,
): string | null {
  if (phase === "reconnecting") return t.reconnecting;
  if (phase === "offline") return t.offlineBanner;
  if (phase === "chatting" && (before === "reconnecting" || before === "offline")) return t.online;
  if (phase === "ended") return t.ended;
  if (phase === "unavailable") return t.unavailable;
  return null;
}
