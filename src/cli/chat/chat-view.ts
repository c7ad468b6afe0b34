// Renders chat events for a terminal: messages, streamed chunks as they arrive, numbered suggestions.
import { type ChunkLayout, chunkLayoutOf, type ServerEvent } from "../../protocol/index.js";
import { liveAgentName, messageExtras, systemLine } from "../event-lines.js";

type Payload = Record<string, unknown>;

/** Turns events into terminal output and remembers the latest suggestions for number shortcuts. */
export class ChatView {
  #write: (text: string) => void;
  #agentName = "Agent";
  #streaming: string | null = null;
  /** How this session's chunks join (SESSION_START), and whether the stream printed text yet. */
  #layout: ChunkLayout = "concat";
  #streamedText = false;
  #suggestions: string[] = [];
  /** client_event_ids of messages typed here: their echoes are not printed again. */
  readonly ownMessages = new Set<string>();

  constructor(write: (text: string) => void) {
    this.#write = write;
  }

  /** The suggestion a typed number stands for, if any. */
  suggestion(input: string): string | undefined {
    if (!/^\d+$/.test(input)) return undefined;
    return this.#suggestions[Number(input) - 1];
  }

  /** A plain line (status, help). */
  line(text: string): void {
    this.#endStream();
    this.#write(`${text}\n`);
  }

  /** Renders one event. */
  show(event: ServerEvent): void {
    const p = event.payload as Payload;
    if (event.type === "EVENT_TYPE_SESSION_START") this.#layout = chunkLayoutOf(p);
    switch (event.type) {
      case "EVENT_TYPE_POLY_AGENT_JOINED":
        if (typeof p.agent_name === "string") this.#agentName = p.agent_name;
        this.line(`* ${systemLine(event)}`);
        return;
      case "EVENT_TYPE_USER_MESSAGE": {
        const id = event.metadata?.custom?.client_event_id;
        if (!(typeof id === "string" && this.ownMessages.has(id)))
          this.line(`You: ${String(p.text ?? "")}`);
        return;
      }
      case "EVENT_TYPE_POLY_AGENT_MESSAGE":
        this.#message(this.#agentName, p);
        return;
      case "EVENT_TYPE_LIVE_AGENT_MESSAGE":
        this.#message(liveAgentName(p), p);
        return;
      case "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK":
        this.#chunk(p);
        return;
      default: {
        const text = systemLine(event);
        if (text) this.line(`* ${text}`);
      }
    }
  }

  #message(name: string, p: Payload): void {
    this.line(`${name}: ${String(p.text ?? "")}`);
    this.#extras(p);
  }

  #chunk(p: Payload): void {
    const id = String(p.message_id);
    if (this.#streaming !== id) {
      this.#endStream();
      this.#write(`${this.#agentName}: `);
      this.#streaming = id;
      this.#streamedText = false;
    }
    const text = String(p.text ?? "");
    // Space-laid-out chunks are joined with one space (`joinChunkTexts`), as they arrive.
    if (this.#layout === "space" && text !== "" && this.#streamedText) this.#write(" ");
    if (text !== "") this.#streamedText = true;
    this.#write(text);
    if (p.is_complete === true) {
      this.#endStream();
      this.#extras(p);
    }
  }

  #extras(p: Payload): void {
    const suggestions = Array.isArray(p.response_suggestions)
      ? (p.response_suggestions as Payload[])
      : [];
    if (suggestions.length > 0)
      this.#suggestions = suggestions.map((s) => String(s.message_text ?? ""));
    for (const extra of messageExtras(p)) this.#write(`${extra}\n`);
    if (suggestions.length > 0) this.#write("  (type a number to choose)\n");
  }

  #endStream(): void {
    if (this.#streaming === null) return;
    this.#streaming = null;
    this.#write("\n");
  }
}
