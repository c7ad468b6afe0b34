// The conversation reducer: a pure function from the model and one server event to the next model.
import { chunkLayoutOf } from "../protocol/index.js";
import { addChunk, chunksComplete, chunkText } from "./chunk-assembly.js";
import { defined, reduceHandoff } from "./conversation-handoff.js";
import { attachmentsOf, clientKeyOf, num, str, suggestionsOf } from "./payload-fields.js";
import type { Conversation, ConversationMessage, ServerEvent } from "./types.js";

const LEVELS = {
  SYSTEM_MESSAGE_LEVEL_INFO: "info",
  SYSTEM_MESSAGE_LEVEL_WARNING: "warning",
  SYSTEM_MESSAGE_LEVEL_ERROR: "error",
} as const;

/** The conversation after `e`; never mutates `c`, returns `c` itself when nothing changed. */
export function reduceConversation(c: Conversation, e: ServerEvent): Conversation {
  const p = e.payload;
  switch (e.type) {
    case "EVENT_TYPE_USER_MESSAGE":
      return userEcho(c, e);
    case "EVENT_TYPE_POLY_AGENT_MESSAGE":
      return agentMessage(c, e, "ai");
    case "EVENT_TYPE_LIVE_AGENT_MESSAGE":
      return { ...agentMessage(c, e, "live"), liveAgentTyping: false };
    case "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK":
      return chunk(c, e);
    case "EVENT_TYPE_POLY_AGENT_THINKING":
      return c.ended || c.thinking ? c : { ...c, thinking: true };
    case "EVENT_TYPE_POLY_AGENT_JOINED":
      return {
        ...c,
        agent: defined({
          kind: "ai" as const,
          name: str(p, "agent_name"),
          avatarUrl: str(p, "agent_avatar_url") ?? str(p, "avatar_url"),
        }),
      };
    case "EVENT_TYPE_POLY_AGENT_LEFT":
      return { ...c, thinking: false, agent: c.agent.kind === "ai" ? { kind: "none" } : c.agent };
    case "EVENT_TYPE_SYSTEM_MESSAGE":
      return systemMessage(c, e);
    case "EVENT_TYPE_SESSION_START": {
      const chunkLayout = chunkLayoutOf(p);
      return chunkLayout === c.chunkLayout ? c : { ...c, chunkLayout };
    }
    case "EVENT_TYPE_LANGUAGE_CHANGED": {
      const language = str(p, "language_code");
      return language === undefined || language === c.language ? c : { ...c, language };
    }
    case "EVENT_TYPE_LIVE_AGENT_SEEN":
      return markSeen(c, num(p, "up_to_sequence"));
    case "EVENT_TYPE_SESSION_END":
      return {
        ...c,
        thinking: false,
        liveAgentTyping: false,
        ended: { reason: str(p, "reason") ?? "REASON_NATURAL_END" },
      };
    default:
      return reduceHandoff(c, e);
  }
}

function userEcho(c: Conversation, e: ServerEvent): Conversation {
  const key = clientKeyOf(e);
  const messageId = str(e.payload, "message_id");
  const index = c.messages.findIndex(
    (m) => m.from === "user" && (m.id === key || (messageId !== undefined && m.id === messageId)),
  );
  if (index >= 0) {
    const current = c.messages[index] as ConversationMessage;
    if (current.status === "sent" && current.sequence !== null) return c;
    const echoed = {
      ...current,
      attachments: attachmentsOf(e.payload),
      status: "sent" as const,
      sequence: e.sequence,
      timestamp: e.timestamp,
    };
    return { ...c, messages: placeBySequence(c.messages, index, echoed) };
  }
  // An echo of a message sent before this page loaded, or from another tab.
  const line: ConversationMessage = {
    id: key ?? messageId ?? e.id,
    from: "user",
    text: str(e.payload, "text") ?? "",
    complete: true,
    attachments: attachmentsOf(e.payload),
    suggestions: [],
    status: "sent",
    timestamp: e.timestamp,
    sequence: e.sequence,
  };
  const payload = e.metadata?.custom.payload;
  if (payload !== undefined) line.payload = payload;
  return { ...c, messages: [...c.messages, line], suggestions: [] };
}

/**
 * The messages with the one at `index` replaced by `line` and moved to where its sequence puts it:
 * a message sent during an outage is echoed after what others said meanwhile, as the server
 * (and the desk, and a reload) orders it. Lines without a sequence keep their place.
 */
function placeBySequence(
  messages: readonly ConversationMessage[],
  index: number,
  line: ConversationMessage,
): ConversationMessage[] {
  const rest = messages.filter((_, i) => i !== index);
  const sequence = line.sequence;
  if (sequence === null) {
    rest.splice(index, 0, line);
    return rest;
  }
  const later = rest.findIndex((m) => m.sequence !== null && m.sequence > sequence);
  let at: number;
  if (later >= 0 && later < index) at = later;
  else {
    // After every line the server ordered before it, never earlier than where it was.
    const end = later < 0 ? rest.length : later;
    let lastBefore = -1;
    for (let i = 0; i < end; i += 1) if (rest[i]?.sequence !== null) lastBefore = i;
    at = Math.max(index, lastBefore + 1);
  }
  rest.splice(at, 0, line);
  return rest;
}

// The live agent read the user's messages up to `upTo`: they are `seen` (an addition).
function markSeen(c: Conversation, upTo: number | undefined): Conversation {
  if (upTo === undefined) return c;
  let changed = false;
  const messages = c.messages.map((m) => {
    if (m.from !== "user" || m.seen || m.sequence === null || m.sequence > upTo) return m;
    changed = true;
    return { ...m, seen: true };
  });
  return changed ? { ...c, messages } : c;
}

function agentMessage(c: Conversation, e: ServerEvent, from: "ai" | "live"): Conversation {
  const p = e.payload;
  const id = str(p, "message_id") ?? e.id;
  if (c.messages.some((m) => m.id === id)) return c;
  const line: ConversationMessage = {
    ...speaker(c, p, from),
    id,
    text: str(p, "text") ?? "",
    complete: true,
    attachments: attachmentsOf(p),
    suggestions: suggestionsOf(p),
    timestamp: e.timestamp,
    sequence: e.sequence,
  };
  if (p.end_conversation === true) line.endsConversation = true;
  return {
    ...c,
    thinking: false,
    messages: [...c.messages, line],
    suggestions: line.suggestions,
  };
}

function chunk(c: Conversation, e: ServerEvent): Conversation {
  const p = e.payload;
  const id = str(p, "message_id");
  const index = num(p, "chunk_index");
  if (id === undefined || index === undefined) return c;
  const at = c.messages.findIndex((m) => m.id === id);
  const current = at >= 0 ? (c.messages[at] as ConversationMessage) : undefined;
  if (current && current.chunks === undefined) return c; // a whole message already holds this id
  const part = { index, text: str(p, "text") ?? "", final: p.is_complete === true };
  const chunks = addChunk(current?.chunks ?? [], part);
  if (current && chunks === current.chunks) return c;
  const attachments = attachmentsOf(p);
  const suggestions = suggestionsOf(p);
  const line: ConversationMessage = {
    ...(current ?? {
      ...speaker(c, p, "ai"),
      id,
      attachments: [],
      suggestions: [],
      timestamp: e.timestamp,
      sequence: e.sequence,
    }),
    text: chunkText(chunks, c.chunkLayout),
    complete: chunksComplete(chunks),
    chunks,
  };
  if (attachments.length > 0) line.attachments = attachments;
  if (suggestions.length > 0) line.suggestions = suggestions;
  if (p.end_conversation === true) line.endsConversation = true;
  const messages = c.messages.slice();
  if (at >= 0) messages[at] = line;
  else messages.push(line);
  const next = { ...c, thinking: false, messages };
  return line.complete ? { ...next, suggestions: line.suggestions } : next;
}

function systemMessage(c: Conversation, e: ServerEvent): Conversation {
  if (c.messages.some((m) => m.id === e.id)) return c;
  const level = LEVELS[str(e.payload, "level") as keyof typeof LEVELS] ?? "info";
  const line: ConversationMessage = {
    id: e.id,
    from: "system",
    text: str(e.payload, "message") ?? "",
    complete: true,
    attachments: [],
    suggestions: [],
    level,
    kind: "notice",
    timestamp: e.timestamp,
    sequence: e.sequence,
  };
  const thinking = level === "error" ? false : c.thinking;
  return { ...c, thinking, messages: [...c.messages, line] };
}

function speaker(
  c: Conversation,
  p: Record<string, unknown>,
  from: "ai" | "live",
): Pick<ConversationMessage, "from" | "agentName" | "avatarUrl"> {
  const sameKind = c.agent.kind === from;
  return defined({
    from,
    agentName: str(p, "agent_name") ?? (sameKind ? c.agent.name : undefined),
    avatarUrl: str(p, "avatar_url") ?? (sameKind ? c.agent.avatarUrl : undefined),
  });
}
