// One agent message on its way out: one POLY_AGENT_MESSAGE, or chunks made by the chunker.
import type { Attachment, ResponseSuggestion } from "../protocol/index.js";
import { type ChunkBuffer, createChunkBuffer } from "./chunker.js";
import type { LiveSession } from "./live-session.js";
import type { Clock } from "./ports.js";

/** Who speaks, and how chunks are made and paced. */
export interface WriterSettings {
  agentName: string;
  avatarUrl: string;
  wordsPerChunk: number;
  /** Pause between chunks completed by one text part (a whole reply), so it visibly streams. */
  chunkDelayMs: number;
  clock: Clock;
  newId(): string;
  /** Called once, right before the message's first event (stops THINKING). */
  onFirstOutput(): void;
  /** Awaited once before the message's first event is stored (the turn lease records it). */
  begin?(messageId: string): Promise<void>;
}

/** An open agent message: text and extras go in, events come out, `close` finishes it. */
export class MessageWriter {
  readonly messageId: string;
  readonly #session: LiveSession;
  readonly #settings: WriterSettings;
  readonly #attachments: Attachment[] = [];
  #suggestions: readonly ResponseSuggestion[] = [];
  #text = "";
  #buffer: ChunkBuffer;
  #sentChunks = 0;
  #firstChunkSent = false;
  #begun = false;

  constructor(session: LiveSession, settings: WriterSettings) {
    this.#session = session;
    this.#settings = settings;
    this.messageId = settings.newId();
    // The first chunk goes out as soon as its first word is complete, so the reply starts at once.
    this.#buffer = createChunkBuffer(1, session.record.chunkLayout);
  }

  /** The text so far. */
  get text(): string {
    return this.#text;
  }

  /** Whether anything reached the session yet (a chunk). */
  get started(): boolean {
    return this.#sentChunks > 0;
  }

  /** Whether closing would send a message. */
  get hasContent(): boolean {
    return this.#text !== "" || this.#attachments.length > 0 || this.#suggestions.length > 0;
  }

  addAttachment(attachment: Attachment): void {
    this.#attachments.push(attachment);
  }

  setSuggestions(suggestions: readonly ResponseSuggestion[]): void {
    this.#suggestions = suggestions;
  }

  /** Adds a text delta; in streaming sessions sends the chunks it completes. */
  async addText(delta: string, live: () => boolean): Promise<void> {
    this.#text += delta;
    if (!this.#session.record.streaming) return;
    let chunks = this.#buffer.push(delta);
    if (!this.#firstChunkSent && chunks.length > 0) {
      this.#firstChunkSent = true;
      // Hand what the one-word buffer holds to a buffer of the configured size; in `space` the
      // boundaries after each of its chunks dropped one space, which the rest gets back.
      const layout = this.#session.record.chunkLayout;
      const held = [...chunks.slice(1), this.#buffer.flush()];
      const rest = layout === "space" ? held.join(" ") : held.join("");
      this.#buffer = createChunkBuffer(this.#settings.wordsPerChunk, layout);
      chunks = [chunks[0] as string, ...this.#buffer.push(rest)];
    }
    for (const [index, chunk] of chunks.entries()) {
      if (!live()) return;
      if (index > 0 && this.#settings.chunkDelayMs > 0) {
        await this.#settings.clock.sleep(this.#settings.chunkDelayMs);
        if (!live()) return;
      }
      await this.#emitChunk(chunk, false, false);
    }
  }

  /**
   * Finishes the message: the final chunk (rest of the text, attachments, suggestions,
   * `end_conversation`) or the one whole message. Sends nothing for an empty message that
   * never started, unless it ends the conversation. Returns whether an event went out.
   */
  async close(endConversation: boolean): Promise<boolean> {
    if (!this.hasContent && !this.started && !endConversation) return false;
    if (this.#session.record.streaming) {
      await this.#emitChunk(this.#buffer.flush(), true, endConversation);
      return true;
    }
    this.#settings.onFirstOutput();
    await this.#begin();
    await this.#session.append([
      {
        type: "EVENT_TYPE_POLY_AGENT_MESSAGE",
        payload: { message_id: this.messageId, text: this.#text, ...this.#extras(endConversation) },
      },
    ]);
    return true;
  }

  #extras(endConversation: boolean) {
    return {
      attachments: this.#attachments,
      response_suggestions: this.#suggestions,
      agent_name: this.#settings.agentName,
      avatar_url: this.#settings.avatarUrl,
      ...(endConversation ? { end_conversation: true } : {}),
    };
  }

  async #begin(): Promise<void> {
    if (this.#begun) return;
    this.#begun = true;
    await this.#settings.begin?.(this.messageId);
  }

  async #emitChunk(text: string, isComplete: boolean, endConversation: boolean): Promise<unknown> {
    this.#settings.onFirstOutput();
    await this.#begin();
    this.#sentChunks += 1;
    const extras = isComplete
      ? this.#extras(endConversation)
      : {
          attachments: [],
          response_suggestions: [],
          agent_name: this.#settings.agentName,
          avatar_url: this.#settings.avatarUrl,
        };
    const payload = {
      message_id: this.messageId,
      text,
      chunk_index: this.#sentChunks,
      is_complete: isComplete,
      ...extras,
    };
    return this.#session.append([{ type: "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK", payload }]);
  }
}
