// The conversation as a plain-text file the visitor can download, and the times of day it and the bubbles show.
import type { ConversationMessage } from "../sdk/index.js";
import type { UiStrings } from "./i18n.js";
import { plainText } from "./markdown.js";
import { type NoticeInfo, noticeText } from "./notice-text.js";

/** "14:05" (or "2:05 PM") for an ISO timestamp in `language`; "" when it does not parse. */
export function timeOfDay(iso: string, language: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "";
  return date.toLocaleTimeString(language, { hour: "numeric", minute: "2-digit" });
}

/** One line per message: "[date time] Who: text", notices in their shown wording, attachments as links. */
export function transcriptText(
  messages: readonly ConversationMessage[],
  t: UiStrings,
  language: string,
  info: (id: string) => NoticeInfo | undefined,
): string {
  const lines = messages
    .filter((m) => m.complete)
    .map((m) => {
      const date = new Date(m.timestamp);
      const when = Number.isNaN(date.getTime())
        ? ""
        : `[${date.toLocaleString(language, { dateStyle: "short", timeStyle: "short" })}] `;
      if (m.from === "system") return `${when}— ${noticeText(m, t, info(m.id)).text}`;
      const who = m.from === "user" ? t.you : m.agentName?.trim() || t.agent;
      const text = m.from === "user" ? m.text : plainText(m.text);
      const links = m.attachments
        .map((a) => [a.title, a.content_url].filter((x) => typeof x === "string" && x).join(" "))
        .filter(Boolean)
        .map((a) => `\n    ${a}`)
        .join("");
      return `${when}${who}: ${text}${links}`;
    });
  return `${lines.join("\n")}\n`;
}

/** Offers `text` as a UTF-8 .txt download named `name`. */
export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/plain;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.style.display = "none";
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
