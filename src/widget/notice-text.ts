// The localised text of system and handoff notices, shared by the message list and the screen-reader announcer.
import type { ConversationMessage, ServerEvent } from "../sdk/index.js";
import type { UiStrings } from "./i18n.js";

/** Facts about a handoff notice that the SDK model does not keep (read from the event that made it). */
export interface NoticeInfo {
  name?: string;
  avatarUrl?: string;
  route?: string;
  /** On a live agent's leaving for a transfer: the team the visitor goes to (`transfer_to`). */
  transferTo?: string;
  transfer?: boolean;
  /** A system message that reports a failed handoff (it follows HANDOFF_FAILED). */
  handoffFailed?: boolean;
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
  // Worded here, in the interface's language; the server's text is only the fallback.
  if (info?.handoffFailed) return { kind: "handoff_failed", level, text: t.handoffFailed };
  if (m.kind !== "handoff") return { kind: "system", level, text: m.text };
  const name = info?.name?.trim() || t.agent;
  switch (m.handoffState) {
    case "connected":
      return { kind: "joined", level: "info", text: t.joined(name) };
    case "none":
      if (info?.transfer)
        return { kind: "transfer", level: "info", text: t.transferring(name, info.transferTo) };
      return { kind: "left", level: "info", text: t.left(name) };
    case "queued":
      return { kind: "queued", level: "info", text: queuedText(m, t) };
    case "timed_out":
      return { kind: "timed_out", level: "warning", text: t.handoffTimedOut };
    case "client_required":
      return { kind: "client_required", level: "info", text: t.handoffClient };
    default:
      return { kind: m.handoffState ?? "handoff", level, text: m.text };
  }
}

// From the status's facts when it has a position; else the server's words, else a generic wait.
function queuedText(m: ConversationMessage, t: UiStrings): string {
  const position = m.queue?.position;
  if (position !== undefined) return t.queued(position, m.queue?.estimatedWaitSeconds);
  return m.queue?.displayMessage?.trim() || t.queued(undefined);
}

/**
 * What a notice will need from its event that the model does not keep, or null for events that
 * make no such notice. `liveName` is the live agent's name before the event; `afterFailure` is
 * true for the event right after HANDOFF_FAILED (its system message says that the handoff failed).
 */
export function noticeInfoOf(
  e: ServerEvent,
  liveName: string | undefined,
  afterFailure: boolean,
): NoticeInfo | null {
  const p = e.payload as Record<string, unknown>;
  const info: NoticeInfo = {};
  switch (e.type) {
    case "EVENT_TYPE_SYSTEM_MESSAGE":
      return afterFailure ? { handoffFailed: true } : null;
    case "EVENT_TYPE_LIVE_AGENT_JOINED": {
      const agent = (typeof p.agent === "object" && p.agent !== null ? p.agent : {}) as Record<
        string,
        unknown
      >;
      assign(info, "name", text(agent.name) ?? text(p.agent_name));
      assign(info, "avatarUrl", text(agent.avatar_url) ?? text(p.avatar_url));
      return info;
    }
    case "EVENT_TYPE_LIVE_AGENT_LEFT":
      assign(info, "name", text(p.agent_name) ?? liveName);
      if (p.reason === "TRANSFER") info.transfer = true;
      assign(info, "transferTo", text(p.transfer_to));
      return info;
    case "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED":
      assign(info, "route", text(p.route));
      return info;
    default:
      return null;
  }
}

// Server payloads are untrusted: a field that should be a string may be anything.
function text(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function assign(
  info: NoticeInfo,
  key: "name" | "avatarUrl" | "route" | "transferTo",
  value: string | undefined,
): void {
  if (value) info[key] = value;
}
