// Ordering and de-duplication: durable events leave in sequence order, each id once.
import type { ServerEvent } from "./types.js";

/** How many transient event ids are remembered for de-duplication. */
const REMEMBERED_IDS = 1000;

export interface SequencerHooks {
  /** Receives each event once, durable ones in sequence order. */
  deliver(event: ServerEvent): void;
  /** A gap did not fill within the timeout: reconnect from `cursor`. */
  gap(cursor: number): void;
}

/**
 * Holds back durable events that arrive ahead of a gap until the gap fills or `gapTimeoutMs`
 * passes; drops anything already delivered, by sequence and by id.
 */
export class EventSequencer {
  #delivered = 0;
  readonly #held = new Map<number, ServerEvent>();
  readonly #seenIds = new Set<string>();
  #gapTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #hooks: SequencerHooks;
  readonly #gapTimeoutMs: number;

  constructor(hooks: SequencerHooks, gapTimeoutMs: number) {
    this.#hooks = hooks;
    this.#gapTimeoutMs = gapTimeoutMs;
  }

  /** The highest sequence delivered with nothing missing below it: the reconnect cursor. */
  get cursor(): number {
    return this.#delivered;
  }

  /** Takes one event off the wire. */
  push(event: ServerEvent): void {
    if (event.id && this.#seenIds.has(event.id)) return;
    const sequence = event.sequence;
    if (sequence === null || sequence === undefined) {
      this.#remember(event.id);
      this.#hooks.deliver(event);
      return;
    }
    if (sequence <= this.#delivered || this.#held.has(sequence)) return;
    if (sequence !== this.#delivered + 1) {
      this.#held.set(sequence, event);
      this.#armGapTimer();
      return;
    }
    this.#deliverDurable(event);
    this.#drain();
  }

  /** Forgets held events (a reconnect will replay them) and stops the gap timer. */
  dropHeld(): void {
    this.#held.clear();
    this.#stopGapTimer();
  }

  /** Starts over for another session. */
  reset(): void {
    this.dropHeld();
    this.#delivered = 0;
    this.#seenIds.clear();
  }

  #deliverDurable(event: ServerEvent): void {
    this.#delivered = event.sequence ?? this.#delivered;
    this.#remember(event.id);
    this.#hooks.deliver(event);
  }

  #drain(): void {
    for (;;) {
      const next = this.#held.get(this.#delivered + 1);
      if (!next) break;
      this.#held.delete(this.#delivered + 1);
      this.#deliverDurable(next);
    }
    for (const sequence of this.#held.keys()) {
      if (sequence <= this.#delivered) this.#held.delete(sequence);
    }
    if (this.#held.size === 0) this.#stopGapTimer();
  }

  #remember(id: string | undefined): void {
    if (!id) return;
    this.#seenIds.add(id);
    // Sequences guard durable events for good; ids only need to cover recent transients.
    if (this.#seenIds.size > REMEMBERED_IDS) {
      const oldest = this.#seenIds.values().next().value;
      if (oldest !== undefined) this.#seenIds.delete(oldest);
    }
  }

  #armGapTimer(): void {
    if (this.#gapTimer !== undefined) return;
    this.#gapTimer = setTimeout(() => {
      this.#gapTimer = undefined;
      if (this.#held.size === 0) return;
      this.#held.clear();
      this.#hooks.gap(this.#delivered);
    }, this.#gapTimeoutMs);
  }

  #stopGapTimer(): void {
    if (this.#gapTimer !== undefined) clearTimeout(this.#gapTimer);
    this.#gapTimer = undefined;
  }
}
