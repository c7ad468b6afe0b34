// The conversation as the widget shows it: every server-given text with bidi controls neutralised.
import { neutralizeBidiControls } from "../protocol/index.js";
import type { Attachment, Conversation, ConversationMessage } from "../sdk/index.js";
import type { NoticeInfo } from "./notice-text.js";

/**
 * A copy of `c` safe to render: texts, names, attachment and suggestion texts lose their
 * bidirectional controls, so nobody can make a message read differently from what it says.
 * The SDK's own model (`client.conversation`) stays as received.
 */
export function displayConversation(c: Conversation): Conversation {
  return {
    ...c,
    messages: c.messages.map(displayMessage),
    agent: { ...c.agent, ...optional("name", c.agent.name) },
    suggestions: c.suggestions.map((s) => ({ ...s, message_text: shown(s.message_text) })),
  };
}

/** Facts of a handoff notice (a live agent's name) as the widget shows them. */
export function displayNoticeInfo(info: NoticeInfo): NoticeInfo {
  return { ...info, ...optional("name", info.name) };
}

function displayMessage(m: ConversationMessage): ConversationMessage {
  return {
    ...m,
    text: shown(m.text),
    ...optional("agentName", m.agentName),
    attachments: m.attachments.map(displayAttachment),
    suggestions: m.suggestions.map((s) => ({ ...s, message_text: shown(s.message_text) })),
  };
}

function displayAttachment(a: Attachment): Attachment {
  return {
    ...a,
    ...optional("title", a.title),
    ...optional("call_to_action_text", a.call_to_action_text),
  };
}

// Server payloads are untrusted: a field that should be a string may be anything.
function shown(value: unknown): string {
  return typeof value === "string" ? neutralizeBidiControls(value) : "";
}

function optional<K extends string>(key: K, value: unknown): Partial<Record<K, string>> {
  return typeof value === "string"
    ? ({ [key]: neutralizeBidiControls(value) } as Record<K, string>)
    : {};
}
