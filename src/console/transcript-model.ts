// Turns a session's wire events into what the transcript shows: messages by author, streamed chunks joined, notes.
import { type ChunkLayout, chunkLayoutOf, joinChunkTexts } from "../protocol/index.js";
import type { Attachment, ResponseSuggestion, WireEvent } from "./types.js";

export type Author = "user" | "bot" | "me" | "agent";

export interface MessageItem {
  kind: "message";
  key: string;
  author: Author;
  /** Display name for bot and other live agents. */
  name: string | null;
  text: string;
  attachments: Attachment[];
  suggestions: ResponseSuggestion[];
  timestamp: string;
  /** A streamed AI message still arriving. */
  streaming: boolean;
}

export interface NoteItem {
  kind: "note";
  key: string;
  text: string;
  tone: "info" | "warning" | "error";
  timestamp: string;
}

export type TranscriptItem = MessageItem | NoteItem;

/** Kept events in sequence order (transient ones, which have none, last by time). */
export function orderEvents(events: Iterable<WireEvent>): WireEvent[] {
  return [...events].sort((a, b) => {
    if (a.sequence !== null && b.sequence !== null) return a.sequence - b.sequence;
    if (a.sequence !== null) return -1;
    if (b.sequence !== null) return 1;
    return a.timestamp.localeCompare(b.timestamp);
  });
}

/** The items of a transcript; `myId` tells my messages from other live agents'. */
export function transcriptItems(
  events: Iterable<WireEvent>,
  myId: string | null,
): TranscriptItem[] {
  const items: TranscriptItem[] = [];
  const streams = new Map<string, { item: MessageItem; parts: Map<number, string> }>();
  let botName: string | null = null;
  // The session's SESSION_START (sequence 1, so first) says how its chunks join.
  let layout: ChunkLayout = "concat";
  for (const event of orderEvents(events)) {
    const p = event.payload;
    if (event.type === "EVENT_TYPE_SESSION_START") layout = chunkLayoutOf(p);
    if (event.type === "EVENT_TYPE_POLY_AGENT_JOINED") botName = str(p.agent_name) || botName;
    if (event.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK") {
      const id = str(p.message_id) || event.id;
      let stream = streams.get(id);
      if (!stream) {
        stream = { item: message(event, "bot", botName), parts: new Map() };
        stream.item.text = "";
        streams.set(id, stream);
        items.push(stream.item);
      }
      addChunk(stream, event, layout);
      continue;
    }
    const item = itemOf(event, myId, botName);
    if (item) items.push(item);
  }
  return items;
}

function addChunk(
  stream: { item: MessageItem; parts: Map<number, string> },
  event: WireEvent,
  layout: ChunkLayout,
): void {
  const p = event.payload;
  const index = typeof p.chunk_index === "number" ? p.chunk_index : stream.parts.size + 1;
  stream.parts.set(index, str(p.text));
  const texts = [...stream.parts.entries()].sort(([a], [b]) => a - b).map(([, text]) => text);
  stream.item.text = joinChunkTexts(texts, layout);
  const attachments = list<Attachment>(p.attachments);
  const suggestions = list<ResponseSuggestion>(p.response_suggestions);
  if (attachments.length > 0) stream.item.attachments = attachments;
  if (suggestions.length > 0) stream.item.suggestions = suggestions;
  stream.item.streaming = p.is_complete !== true;
}

function itemOf(
  event: WireEvent,
  myId: string | null,
  botName: string | null,
): TranscriptItem | null {
  const p = event.payload;
  switch (event.type) {
    case "EVENT_TYPE_USER_MESSAGE":
      return message(event, "user", null);
    case "EVENT_TYPE_POLY_AGENT_MESSAGE":
      return message(event, "bot", botName);
    case "EVENT_TYPE_LIVE_AGENT_MESSAGE": {
      const mine = myId !== null && str(p.agent_id) === myId;
      return message(event, mine ? "me" : "agent", str(p.agent_name) || "Agent");
    }
    case "EVENT_TYPE_SYSTEM_MESSAGE": {
      // In sessions of the official SDKs a live agent's leaving is told as a system message.
      const left = p.live_agent_left as { reason?: unknown; agent_name?: unknown } | undefined;
      if (left)
        return note(event, leftText(str(left.reason), str(left.agent_name) || "An agent"), "info");
      return note(event, str(p.message), levelTone(str(p.level)));
    }
    default: {
      const text = noteText(event, botName);
      return text ? note(event, text, toneOf(event.type)) : null;
    }
  }
}

function noteText(event: WireEvent, botName: string | null): string | null {
  const p = event.payload;
  const queue = str(p.queue_name);
  const agent =
    str(p.agent_name) || str((p.agent as { name?: unknown } | undefined)?.name) || "An agent";
  const bot = botName ? `${botName} (AI)` : "The AI agent";
  switch (event.type) {
    case "EVENT_TYPE_SESSION_START":
      return "Conversation started";
    case "EVENT_TYPE_POLY_AGENT_JOINED":
      return `${str(p.agent_name) || "The AI agent"} (AI) joined`;
    case "EVENT_TYPE_POLY_AGENT_LEFT":
      return `${bot} left`;
    case "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF":
      return `${bot} handed the conversation to a human`;
    case "EVENT_TYPE_HANDOFF_ACCEPTED":
      return queue ? `Waiting in queue “${queue}”` : "Waiting for an agent";
    case "EVENT_TYPE_HANDOFF_FAILED":
      return `Handoff failed${p.reason ? ` (${humanize(str(p.reason))})` : ""}`;
    case "EVENT_TYPE_HANDOFF_TIMEOUT":
      return "Nobody picked up in time; back to the AI agent";
    case "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED":
      return `Handoff to the client's own desk${queue ? ` (${queue})` : ""}`;
    case "EVENT_TYPE_LIVE_AGENT_JOINED":
      return `${agent} joined`;
    case "EVENT_TYPE_LIVE_AGENT_LEFT":
      return leftText(str(p.reason), agent);
    case "EVENT_TYPE_LANGUAGE_CHANGED":
      return `Language changed to ${str(p.language_code)}`;
    case "EVENT_TYPE_SESSION_END":
      return `Conversation ended (${endReasonText(str(p.reason))})`;
    default:
      return null;
  }
}

function leftText(reason: string, agent: string): string {
  return `${agent} left${reason ? ` (${humanize(reason)})` : ""}`;
}

/** Words for a SESSION_END reason. */
export function endReasonText(reason: string | null): string {
  switch (reason) {
    case "REASON_USER_END":
      return "the user closed the chat";
    case "REASON_USER_ABANDONED":
      return "the user went away";
    case "REASON_NATURAL_END":
      return "finished";
    default:
      return reason ? humanize(reason) : "ended";
  }
}

function message(event: WireEvent, author: Author, name: string | null): MessageItem {
  const p = event.payload;
  return {
    kind: "message",
    key: event.id,
    author,
    name,
    text: str(p.text),
    attachments: list<Attachment>(p.attachments),
    suggestions: list<ResponseSuggestion>(p.response_suggestions),
    timestamp: event.timestamp,
    streaming: false,
  };
}

function note(event: WireEvent, text: string, tone: NoteItem["tone"]): NoteItem {
  return { kind: "note", key: event.id, text, tone, timestamp: event.timestamp };
}

function toneOf(type: string): NoteItem["tone"] {
  return type === "EVENT_TYPE_HANDOFF_FAILED" || type === "EVENT_TYPE_HANDOFF_TIMEOUT"
    ? "warning"
    : "info";
}

function levelTone(level: string): NoteItem["tone"] {
  if (level.endsWith("_ERROR")) return "error";
  return level.endsWith("_WARNING") ? "warning" : "info";
}

function humanize(code: string): string {
  return code
    .replace(/^REASON_/, "")
    .replaceAll("_", " ")
    .toLowerCase();
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}
