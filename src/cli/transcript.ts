// A session's event log as a readable transcript: `[time] User: …`, `[time] Ada: …`, system lines.
import {
  type ChunkLayout,
  chunkLayoutOf,
  joinChunkTexts,
  type ServerEvent,
} from "../protocol/index.js";
import { liveAgentName, messageExtras, systemLine } from "./event-lines.js";

type Payload = Record<string, unknown>;

interface PendingStream {
  time: string;
  texts: string[];
  last: Payload;
}

/** The transcript lines of a session's events (chunks joined into one message). */
export function transcriptLines(events: readonly ServerEvent[]): string[] {
  const lines: string[] = [];
  let agentName = "Agent";
  let layout: ChunkLayout = "concat";
  const streams = new Map<string, PendingStream>();
  for (const event of events) {
    const p = event.payload as Payload;
    const time = `[${event.timestamp.replace("T", " ").replace(/\.\d+Z$/, "Z")}]`;
    if (event.type === "EVENT_TYPE_SESSION_START") layout = chunkLayoutOf(p);
    if (event.type === "EVENT_TYPE_POLY_AGENT_JOINED" && typeof p.agent_name === "string")
      agentName = p.agent_name;
    if (event.type === "EVENT_TYPE_USER_MESSAGE") {
      lines.push(`${time} User: ${String(p.text ?? "")}`);
    } else if (event.type === "EVENT_TYPE_POLY_AGENT_MESSAGE") {
      lines.push(`${time} ${agentName}: ${String(p.text ?? "")}`, ...messageExtras(p));
    } else if (event.type === "EVENT_TYPE_LIVE_AGENT_MESSAGE") {
      lines.push(`${time} ${liveAgentName(p)}: ${String(p.text ?? "")}`, ...messageExtras(p));
    } else if (event.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK") {
      const id = String(p.message_id);
      const stream = streams.get(id) ?? { time, texts: [], last: p };
      stream.texts.push(String(p.text ?? ""));
      stream.last = p;
      streams.set(id, stream);
      if (p.is_complete === true) {
        const text = joinChunkTexts(stream.texts, layout);
        lines.push(`${stream.time} ${agentName}: ${text.trimEnd()}`, ...messageExtras(p));
        streams.delete(id);
      }
    } else {
      const line = systemLine(event);
      if (line) lines.push(`${time} * ${line}`);
    }
  }
  for (const stream of streams.values()) {
    const text = joinChunkTexts(stream.texts, layout);
    lines.push(`${stream.time} ${agentName}: ${text.trimEnd()} (incomplete)`);
  }
  return lines;
}
