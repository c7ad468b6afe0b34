// The localised text of system and handoff notices, shared by the message list and the screen-reader announcer.
import type { ConversationMessage } from "../sdk/index.js";
import type { UiStrings } from "./i18n.js";

/** Facts about a handoff notice that the SDK model does not keep (read from the event that made it). */
export interface NoticeInfo {
  name?: string;
  avatarUrl?: string;
  route?: string;
}

/** A notice ready to render: its kind (for styling and tests), level and text. */
export interface NoticeText {
  kind: string;
  level: "info" | "warning" | "error";
  text: string;
}

/** The kind, level and localised text of a system or handoff notice. */
export function noticeText(
  m: ConversationMessage,
  t: UiStrings,
  info: NoticeInfo | undefined,
): NoticeText {
  const level = m.level ?? "info";
  if (m.kind !== "handoff") return { kind: "system", level, text: m.text };
  const name = info?.name?.trim() || t.agent;
  switch (m.handoffState) {
    case "connected":
      return { kind: "joined", level: "info", text: t.joined(name) };
    case "none":
      return { kind: "left", level: "info", text: t.left(name) };
    case "queued":
      return { kind: "queued", level: "info", text: m.text };
    case "timed_out":
      return { kind: "timed_out", level: "warning", text: t.handoffTimedOut };
    case "client_required":
      return { kind: "client_required", level: "info", text: t.handoffClient };
    default:
      return { kind: m.handoffState ?? "handoff", level, text: m.text };
  }
}
