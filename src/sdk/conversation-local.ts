// Changes to the conversation that come from the client itself rather than from the server.
import type {
  ConnectionState,
  Conversation,
  ConversationMessage,
  DeliveryStatus,
} from "./types.js";

/** A conversation with nothing in it yet. */
export function emptyConversation(
  sessionId: string | null = null,
  connection: ConnectionState = "idle",
): Conversation {
  return {
    sessionId,
    connection,
    messages: [],
    agent: { kind: "none" },
    thinking: false,
    liveAgentTyping: false,
    handoff: { state: "none" },
    language: null,
    chunkLayout: "concat",
    ended: null,
    suggestions: [],
  };
}

/** A user message that is on its way: shown at once with status "sending". */
export function addOutgoing(
  c: Conversation,
  message: { id: string; text: string; timestamp: string; payload?: unknown },
): Conversation {
  const line: ConversationMessage = {
    id: message.id,
    from: "user",
    text: message.text,
    complete: true,
    attachments: [],
    suggestions: [],
    status: "sending",
    timestamp: message.timestamp,
    sequence: null,
  };
  if (message.payload !== undefined) line.payload = message.payload;
  return { ...c, messages: [...c.messages, line], suggestions: [] };
}

/** Sets the delivery status of the user's message `id`; a message once sent stays sent. */
export function setDeliveryStatus(
  c: Conversation,
  id: string,
  status: DeliveryStatus,
): Conversation {
  let changed = false;
  const messages = c.messages.map((m) => {
    if (m.id !== id || m.from !== "user" || m.status === "sent" || m.status === status) return m;
    changed = true;
    return { ...m, status };
  });
  return changed ? { ...c, messages } : c;
}

/** Mirrors the client's connection state into the model. */
export function withConnection(c: Conversation, connection: ConnectionState): Conversation {
  return c.connection === connection ? c : { ...c, connection };
}

/** Hides the thinking indicator (the client does this 10 s after the last THINKING). */
export function stopThinking(c: Conversation): Conversation {
  return c.thinking ? { ...c, thinking: false } : c;
}

/** The user's message `id`, if the model holds it. */
export function findMessage(c: Conversation, id: string): ConversationMessage | undefined {
  return c.messages.find((m) => m.id === id);
}
