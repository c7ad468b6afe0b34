// The screen-reader announcer: what the polite live region says, each message and notice once.
import type { ConversationMessage } from "../sdk/index.js";
import type { UiStrings } from "./i18n.js";
import { plainText } from "./markdown.js";
import { type NoticeInfo, noticeText } from "./notice-text.js";
import type { WidgetPhase } from "./widget-state.js";

/** Remembers which messages were announced so that none is read twice. */
export class Announcer {
  readonly #announced = new Set<string>();

  /**
   * Announcements for new complete agent messages and notices; `describe` runs once for each of
   * them (the user's own messages are marked seen without being read out).
   */
  fresh(
    messages: readonly ConversationMessage[],
    describe: (message: ConversationMessage) => string | null,
  ): string[] {
    const out: string[] = [];
    for (const message of messages) {
      if (this.#announced.has(message.id)) continue;
      if (message.from === "user") {
        this.#announced.add(message.id);
        continue;
      }
      if (!message.complete) continue;
      this.#announced.add(message.id);
      const text = describe(message);
      if (text) out.push(text);
    }
    return out;
  }

  /** Forgets every announced message (a new chat starts). */
  forget(): void {
    this.#announced.clear();
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
  if (phase === "chatting" && before === "reconnecting") return t.online;
  if (phase === "ended") return t.ended;
  if (phase === "unavailable") return t.unavailable;
  return null;
}
