// A session's conversation as agents see it: its messages, kept from the event log, and the
// history one turn gets (cut at the message it answers, trimmed to the agent's budget).
import type { ChunkLayout } from "../protocol/index.js";
import type { HistoryBudget, HistoryMessage } from "./ports.js";
import type { StoredEvent } from "./records.js";

/** Most messages a transcript keeps in memory; older ones fall out (budgets are far smaller). */
export const TRANSCRIPT_MAX_MESSAGES = 1000;
/** Most characters a transcript keeps in memory (about 250k tokens). */
export const TRANSCRIPT_MAX_CHARS = 1_000_000;

/** A message with what trimming and cutting need. */
interface Entry extends HistoryMessage {
  /** Chunks of a streamed agent message share it. */
  messageId: string | null;
}

/** The messages of one session, fed with its stored events in sequence order. */
export class Transcript {
  /** How the session's chunks join into a message (`joinChunkTexts`). */
  readonly #layout: ChunkLayout;
  readonly #entries: Entry[] = [];
  readonly #byMessageId = new Map<string, Entry>();
  #chars = 0;
  #lastSequence = 0;
  #userMessages = 0;
  /** Whether an event arrived past a gap (another process stored the ones between). */
  #gap = false;

  constructor(layout: ChunkLayout) {
    this.#layout = layout;
  }

  /** User messages the session holds (all of them, also those trimmed out of memory). */
  get userMessages(): number {
    return this.#userMessages;
  }

  /** The sequence of the last event this transcript holds (0: none yet). */
  get lastSequence(): number {
    return this.#lastSequence;
  }

  /**
   * Whether events are missing at the end: one arrived past a gap (another process stored the
   * events between), or the session is known to hold events past `lastSequence`.
   */
  behind(sessionLastSequence: number): boolean {
    return this.#gap || sessionLastSequence > this.#lastSequence;
  }

  /**
   * Adds the messages among `events`; events already seen (by sequence) are skipped. Once
   * filled (`fill`), it only grows without gaps: an event past a gap is left for `fill` to read
   * in order from the store, so history never skips what other processes stored.
   */
  add(events: readonly StoredEvent[]): void {
    for (const event of events) {
      if (event.sequence <= this.#lastSequence) continue;
      if (this.#lastSequence > 0 && event.sequence !== this.#lastSequence + 1) {
        this.#gap = true;
        break;
      }
      this.#take(event);
    }
    this.#trimMemory();
  }

  /**
   * Adds a page read from the store after `lastSequence`, in order (the first read may start past
   * 1, after a retention purge). Clears the gap mark; the caller reads on until a short page.
   */
  fill(page: readonly StoredEvent[]): void {
    this.#gap = false;
    for (const event of page) {
      if (event.sequence <= this.#lastSequence) continue;
      this.#take(event);
    }
    this.#trimMemory();
  }

  #take(event: StoredEvent): void {
    this.#lastSequence = event.sequence;
    this.#addEvent(event);
  }

  /**
   * The history a turn answering the user message at `answering` gets (null: a turn that
   * answers no message, e.g. a greeting): user messages after it are left out, it comes last,
   * and the newest messages that fit `budget` are kept.
   */
  history(budget: HistoryBudget, answering: number | null): HistoryMessage[] {
    if (budget.limit <= 0) return [];
    let answered: Entry | undefined;
    const before: Entry[] = [];
    for (const entry of this.#entries) {
      if (entry.role === "user" && answering !== null && entry.sequence >= answering) {
        if (entry.sequence === answering) answered = entry;
        continue;
      }
      before.push(entry);
    }
    const kept: HistoryMessage[] = [];
    let left = budget.limit - (answered ? cost(answered, budget) : 0);
    for (let index = before.length - 1; index >= 0; index--) {
      const entry = before[index] as Entry;
      left -= cost(entry, budget);
      if (left < 0) break;
      kept.push(publicMessage(entry));
    }
    kept.reverse();
    if (answered) kept.push(publicMessage(answered));
    return kept;
  }

  #addEvent(event: StoredEvent): void {
    const message = messageOf(event);
    if (message === undefined) return;
    if (message.role === "user") this.#userMessages += 1;
    if (message.chunk && message.messageId !== null) {
      const open = this.#byMessageId.get(message.messageId);
      if (open) {
        const joiner =
          this.#layout === "space" && open.text !== "" && message.text !== "" ? " " : "";
        open.text += joiner + message.text;
        this.#chars += joiner.length + message.text.length;
        if (message.complete) this.#byMessageId.delete(message.messageId);
        return;
      }
    }
    const entry: Entry = {
      role: message.role,
      text: message.text,
      sequence: event.sequence,
      timestamp: event.timestamp,
      messageId: message.messageId,
    };
    if (message.name !== undefined) entry.name = message.name;
    this.#entries.push(entry);
    this.#chars += entry.text.length;
    if (message.chunk && !message.complete && message.messageId !== null) {
      this.#byMessageId.set(message.messageId, entry);
    }
  }

  #trimMemory(): void {
    while (
      this.#entries.length > TRANSCRIPT_MAX_MESSAGES ||
      (this.#chars > TRANSCRIPT_MAX_CHARS && this.#entries.length > 1)
    ) {
      const dropped = this.#entries.shift() as Entry;
      this.#chars -= dropped.text.length;
      if (dropped.messageId !== null) this.#byMessageId.delete(dropped.messageId);
    }
  }
}

interface ParsedMessage {
  role: HistoryMessage["role"];
  text: string;
  name?: string;
  messageId: string | null;
  chunk: boolean;
  complete: boolean;
}

const MESSAGE_TYPES = new Set([
  "EVENT_TYPE_USER_MESSAGE",
  "EVENT_TYPE_POLY_AGENT_MESSAGE",
  "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK",
  "EVENT_TYPE_LIVE_AGENT_MESSAGE",
]);

function messageOf(event: StoredEvent): ParsedMessage | undefined {
  if (!MESSAGE_TYPES.has(event.type)) return undefined;
  const payload = JSON.parse(event.payloadJson) as Record<string, unknown>;
  const text = typeof payload.text === "string" ? payload.text : "";
  const messageId = typeof payload.message_id === "string" ? payload.message_id : null;
  const name = typeof payload.agent_name === "string" ? payload.agent_name : undefined;
  const base = { text, messageId, chunk: false, complete: true };
  switch (event.type) {
    case "EVENT_TYPE_USER_MESSAGE":
      return { ...base, role: "user" };
    case "EVENT_TYPE_LIVE_AGENT_MESSAGE":
      return withName({ ...base, role: "live_agent" }, name);
    case "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK":
      return withName(
        { ...base, role: "ai_agent", chunk: true, complete: payload.is_complete === true },
        name,
      );
    default:
      return withName({ ...base, role: "ai_agent" }, name);
  }
}

function withName(message: ParsedMessage, name: string | undefined): ParsedMessage {
  if (name !== undefined) message.name = name;
  return message;
}

function cost(entry: Entry, budget: HistoryBudget): number {
  return budget.unit === "characters" ? entry.text.length : Math.ceil(entry.text.length / 4) + 4;
}

function publicMessage(entry: Entry): HistoryMessage {
  const message: HistoryMessage = {
    role: entry.role,
    text: entry.text,
    sequence: entry.sequence,
    timestamp: entry.timestamp,
  };
  if (entry.name !== undefined) message.name = entry.name;
  return message;
}
