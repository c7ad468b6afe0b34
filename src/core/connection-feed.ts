// Delivers a session's events to one connection: replay after a cursor, then live, each once, in order.
import {
  CLOSE_CODES,
  type EventType,
  encodeEvent,
  HISTORY_BATCH_BYTES,
} from "../protocol/index.js";
import type { EventFactory } from "./event-factory.js";
import type { BusEvent, Clock, Store, TimerHandle } from "./ports.js";
import type { StoredEvent } from "./records.js";

/** What the core needs of a client connection; the gateway wraps a WebSocket in it. */
export interface ClientConnection {
  send(frame: string): void;
  close(code: number, reason: string): void;
  /**
   * Resolves once the client has read enough of what was sent that more may follow (or the
   * connection is gone). The replay waits on it between batches, so a client that does not
   * read holds one batch in memory, not its whole history.
   */
  whenWritable?(): Promise<void>;
}

/** Counts frames leaving the server, by event type. */
export type SentObserver = (type: EventType) => void;

/** Most events read from the store at once (replay pages and gap fills). */
const REPLAY_PAGE = 256;
/**
 * What a replay page should weigh. A replay holds its page while it waits for a slow client, so
 * pages are sized by bytes, not only by count: 256 events of 120 KB would be 30 MB per reader.
 */
const REPLAY_PAGE_BYTES = 256 * 1024;
/** The first page is read before any size is known: small enough even for the largest events. */
const FIRST_REPLAY_PAGE = 8;
/** No bound on held-back live events (feeds built without settings, as in tools and tests). */
const UNLIMITED = Number.POSITIVE_INFINITY;
// Room for the batch envelope around the events, kept well clear of the limit.
const BATCH_BUDGET = HISTORY_BATCH_BYTES - 512;

/** How a feed is built; every field has a default (tools and tests build bare feeds). */
export interface FeedOptions {
  onSent?: SentObserver;
  /** Bounds the live events held back behind a replay the client is not reading (bytes). */
  maxQueuedBytes?: number;
  /** Drives the position check; absent: the feed checks only when told (`check`). */
  clock?: Clock;
  /** How often an idle feed compares the session's position in the store with what it sent. */
  positionCheckMs?: number;
}

/** The reason of the close when the store lacks events the feed was told exist. */
export const DELIVERY_GAP_REASON = "events out of sync, reconnect";

/** Default period of the position check: a lost last event shows within two of them. */
export const POSITION_CHECK_MS = 5000;

/**
 * Per-connection delivery. Subscribed to the bus before the replay reads the store, it holds
 * live events back until the replay is sent, then passes on only sequences it has not sent,
 * filling any gap from the store; so every event reaches the connection exactly once, in order.
 * The bus may lose events, even the last one: while idle the feed compares the session's
 * position (its last committed sequence, from the store) with what it sent and fills the rest.
 * It never skips: events it cannot read close the connection with 1013, and the client comes
 * back with its cursor.
 */
export class ConnectionFeed {
  readonly #connection: ClientConnection;
  readonly #store: Store;
  readonly #sessionId: string;
  readonly #events: EventFactory;
  readonly #onSent: SentObserver;
  readonly #queue: BusEvent[] = [];
  readonly #maxQueuedBytes: number;
  readonly #options: FeedOptions;
  #queuedBytes = 0;
  #lastSequence = 0;
  #busy = true;
  #closed = false;
  #checkWanted = false;
  #sentSinceTick = false;
  #watch: TimerHandle | undefined;
  readonly #gone: Promise<void>;
  #markGone: () => void = () => undefined;

  constructor(
    connection: ClientConnection,
    store: Store,
    sessionId: string,
    events: EventFactory,
    options: FeedOptions = {},
  ) {
    this.#connection = connection;
    this.#store = store;
    this.#sessionId = sessionId;
    this.#events = events;
    this.#onSent = options.onSent ?? (() => undefined);
    this.#maxQueuedBytes = options.maxQueuedBytes ?? UNLIMITED;
    this.#options = options;
    this.#gone = new Promise((resolve) => {
      this.#markGone = resolve;
    });
  }

  /** Highest sequence delivered so far. */
  get lastSequence(): number {
    return this.#lastSequence;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Takes one event from the bus. */
  push(event: BusEvent): void {
    if (this.#closed) return;
    this.#queuedBytes += weight(event);
    if (this.#queuedBytes > this.#maxQueuedBytes) {
      this.close(CLOSE_CODES.tryAgainLater, "slow consumer");
      return;
    }
    this.#queue.push(event);
    this.#kick();
  }

  /** Compares the session's position in the store with what was sent, soon (the bus lost events). */
  check(): void {
    if (this.#closed) return;
    this.#checkWanted = true;
    this.#kick();
  }

  /** Sends a frame to this connection only (answers to its own events). */
  sendDirect(frame: string, type: EventType): void {
    if (this.#closed) return;
    this.#connection.send(frame);
    this.#onSent(type);
  }

  /**
   * Replays history after `cursor`, then goes live. A cursor past the session's position (read
   * from the store, never from a copy in memory) counts as the position.
   */
  async start(cursor: number): Promise<void> {
    const position = await this.#position();
    if (position === undefined) {
      this.close(CLOSE_CODES.invalidSession, "session not found");
      return;
    }
    const after = Math.min(cursor, position);
    const head = await this.#headEvents(after);
    await this.#replay(head, after);
    if (this.#closed) return;
    this.#startWatch();
    this.#busy = false;
    await this.#drain();
  }

  /** Stops delivery and closes the connection. */
  close(code: number, reason: string): void {
    if (this.#stop()) this.#connection.close(code, reason);
  }

  /** Stops delivery to a connection the client already closed. */
  detach(): void {
    this.#stop();
  }

  // False when it was stopped already.
  #stop(): boolean {
    if (this.#closed) return false;
    this.#closed = true;
    this.#watch?.cancel();
    this.#queue.length = 0;
    this.#queuedBytes = 0;
    this.#markGone();
    return true;
  }

  // The session's last committed sequence; undefined once it is erased.
  async #position(): Promise<number | undefined> {
    return (await this.#store.getSession(this.#sessionId))?.lastSequence;
  }

  // Idle feeds check; a feed that just sent durable events has news and checks on the next tick.
  #startWatch(): void {
    const { clock, positionCheckMs = POSITION_CHECK_MS } = this.#options;
    if (!clock) return;
    this.#watch = clock.setInterval(() => {
      if (this.#sentSinceTick) this.#sentSinceTick = false;
      else this.check();
    }, positionCheckMs);
  }

  // Reading the store may fail; the connection cannot stay in order then.
  #kick(): void {
    if (this.#busy || this.#closed) return;
    this.#drain().catch(() => this.close(CLOSE_CODES.internalError, "internal error"));
  }

  // SESSION_START, and POLY_AGENT_JOINED once joined, open every first batch (sdk rule 13).
  async #headEvents(after: number): Promise<StoredEvent[]> {
    if (after === 0) return [];
    const head: StoredEvent[] = [];
    const start = await this.#store.findFirstEvent(this.#sessionId, "EVENT_TYPE_SESSION_START");
    if (start) head.push(start);
    const joined = await this.#store.findFirstEvent(
      this.#sessionId,
      "EVENT_TYPE_POLY_AGENT_JOINED",
    );
    if (joined && joined.sequence <= after) head.push(joined);
    return head;
  }

  async #replay(head: StoredEvent[], after: number): Promise<void> {
    const batch = new BatchBuilder();
    for (const event of head) {
      const frame = encodeEvent(event);
      batch.add(frame, byteLength(frame));
    }
    this.#lastSequence = after;
    let endedAt = 0;
    let limit = FIRST_REPLAY_PAGE;
    for (;;) {
      const page = await this.#store.readEvents(this.#sessionId, this.#lastSequence, limit);
      let pageBytes = 0;
      for (const event of page) {
        const frame = encodeEvent(event);
        const bytes = byteLength(frame);
        pageBytes += bytes;
        if (!batch.fits(bytes)) {
          this.#sendBatch(batch);
          await this.#writable();
          if (this.#closed) return;
        }
        batch.add(frame, bytes);
        this.#lastSequence = event.sequence;
        if (event.type === "EVENT_TYPE_SESSION_END") endedAt = event.sequence;
      }
      if (page.length < limit || this.#closed) break;
      limit = nextPageSize(page.length, pageBytes);
    }
    this.#sendBatch(batch, true);
    if (endedAt > 0) this.close(CLOSE_CODES.normal, "session ended");
  }

  // Waits for the client to read what was sent, or for the connection to close.
  async #writable(): Promise<void> {
    const writable = this.#connection.whenWritable?.();
    if (writable) await Promise.race([writable, this.#gone]);
  }

  #sendBatch(batch: BatchBuilder, evenIfEmpty = false): void {
    if (batch.size === 0 && !evenIfEmpty) return;
    const frame = batch.take(this.#events);
    this.sendDirect(frame, "EVENT_TYPE_EVENT_BATCH");
  }

  // One worker per feed: bus events, then a wanted position check, strictly one at a time.
  async #drain(): Promise<void> {
    this.#busy = true;
    try {
      while (!this.#closed) {
        const event = this.#queue.shift();
        if (event) {
          this.#queuedBytes -= weight(event);
          await this.#take(event);
        } else if (this.#checkWanted) {
          this.#checkWanted = false;
          await this.#catchUp();
        } else return;
      }
    } finally {
      this.#busy = false;
    }
  }

  async #take(event: BusEvent): Promise<void> {
    const { sequence, frame } = event;
    if (sequence === null) {
      if (frame !== null) this.#deliver(frame, event.type);
      return;
    }
    if (sequence <= this.#lastSequence) return;
    // A frame the bus could not carry is a gap of one: the store has it.
    if (frame === null) {
      await this.#fillThrough(sequence);
      return;
    }
    if (sequence > this.#lastSequence + 1 && !(await this.#fillThrough(sequence - 1))) return;
    this.#lastSequence = sequence;
    this.#sentSinceTick = true;
    this.#deliver(frame, event.type);
  }

  async #catchUp(): Promise<void> {
    const position = await this.#position();
    if (position === undefined) this.close(CLOSE_CODES.invalidSession, "session erased");
    else if (position > this.#lastSequence) await this.#fillThrough(position);
  }

  /**
   * Sends the stored events up to `last`; false (and the connection closed) when they did not
   * all go out. The store has every committed event, so a page that stops short means the
   * store and what the feed was told disagree (a restored store): the client resumes with its
   * cursor rather than miss events silently.
   */
  async #fillThrough(last: number): Promise<boolean> {
    while (this.#lastSequence < last && !this.#closed) {
      const missing = last - this.#lastSequence;
      const page = await this.#store.readEvents(
        this.#sessionId,
        this.#lastSequence,
        Math.min(missing, REPLAY_PAGE),
      );
      if (page.length === 0) break;
      for (const event of page) {
        if (event.sequence !== this.#lastSequence + 1 || this.#closed) break;
        this.#lastSequence = event.sequence;
        this.#sentSinceTick = true;
        this.#deliver(encodeEvent(event), event.type);
      }
      if (this.#lastSequence < last && page.at(-1)?.sequence !== this.#lastSequence) break;
    }
    if (this.#lastSequence >= last) return true;
    this.close(CLOSE_CODES.tryAgainLater, DELIVERY_GAP_REASON);
    return false;
  }

  #deliver(frame: string, type: EventType): void {
    this.sendDirect(frame, type);
    if (type === "EVENT_TYPE_SESSION_END") this.close(CLOSE_CODES.normal, "session ended");
  }
}

// What a held-back event costs in memory.
function weight(event: BusEvent): number {
  return event.frame?.length ?? 0;
}

/**
 * Packs event frames into EVENT_BATCH frames by bytes: several events stay under
 * HISTORY_BATCH_BYTES, and an event larger than that (a long text, escaped) goes alone in its own
 * batch, so every stored event fits one batch.
 */
class BatchBuilder {
  #frames: string[] = [];
  #bytes = 0;

  get size(): number {
    return this.#frames.length;
  }

  /** Whether a frame of `bytes` still fits (each frame is measured once, by the caller). */
  fits(bytes: number): boolean {
    return this.#frames.length === 0 || this.#bytes + bytes + 1 <= BATCH_BUDGET;
  }

  add(frame: string, bytes: number): void {
    this.#frames.push(frame);
    this.#bytes += bytes + 1;
  }

  take(events: EventFactory): string {
    const batch = events.transient("EVENT_TYPE_EVENT_BATCH", {});
    const frame = encodeEvent({ ...batch, payloadJson: `{"events":[${this.#frames.join(",")}]}` });
    this.#frames = [];
    this.#bytes = 0;
    return frame;
  }
}

/** As many events as REPLAY_PAGE_BYTES holds at the sizes the last page had (1..REPLAY_PAGE). */
function nextPageSize(events: number, bytes: number): number {
  const fitting = Math.floor((REPLAY_PAGE_BYTES * events) / Math.max(1, bytes));
  return Math.min(REPLAY_PAGE, Math.max(1, fitting));
}

// Frames are ASCII apart from message text, so the string length is exact for most events.
function byteLength(frame: string): number {
  return Buffer.byteLength(frame, "utf8");
}
