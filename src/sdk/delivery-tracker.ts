// Delivery tracking of the user's messages: sending → sent on the echo, failed on timeout, after
// too many lost sockets or when reconnecting gives up; retried with the same client_event_id.
import type { DeliveryStatus } from "./types.js";

/** Automatic re-sends after reconnects; `retry()` by the app is not limited. */
export const MAX_AUTOMATIC_RETRIES = 3;

export interface DeliveryHooks {
  /** Puts the message on the wire; false when the socket is not open. */
  transmit(message: PendingMessage): boolean;
  status(id: string, status: DeliveryStatus): void;
}

/** A user message that has no echo yet. */
export interface PendingMessage {
  id: string;
  text: string;
  payload?: unknown;
  /** Uploaded files the message carries (`attachments: [{file_id}]`). */
  fileIds?: string[];
}

interface Entry {
  message: PendingMessage;
  status: DeliveryStatus;
  /** Whether it went on the wire since the last reconnect. */
  transmitted: boolean;
  autoRetries: number;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** Holds every message without an echo and decides when to re-send it. */
export class DeliveryTracker {
  readonly #entries = new Map<string, Entry>();
  readonly #hooks: DeliveryHooks;
  readonly #timeoutMs: number;

  constructor(hooks: DeliveryHooks, timeoutMs: number) {
    this.#hooks = hooks;
    this.#timeoutMs = timeoutMs;
  }

  /** Starts tracking a new message and sends it when the socket is open. */
  track(message: PendingMessage): void {
    const entry: Entry = {
      message,
      status: "sending",
      transmitted: false,
      autoRetries: 0,
      timer: undefined,
    };
    this.#entries.set(message.id, entry);
    this.#transmit(entry);
  }

  /** The echo arrived: the message is stored. Returns false for an id not tracked. */
  confirm(id: string): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    clearTimeout(entry.timer);
    this.#entries.delete(id);
    this.#hooks.status(id, "sent");
    return true;
  }

  /**
   * The socket went away: whatever was on the wire is in doubt. It stays "sending" and goes out
   * again with the next connection, up to the automatic limit; past it, it fails.
   */
  socketLost(): void {
    for (const entry of this.#entries.values()) {
      clearTimeout(entry.timer);
      entry.timer = undefined;
      const inDoubt = entry.transmitted && entry.status === "sending";
      entry.transmitted = false;
      if (!inDoubt) continue;
      if (entry.autoRetries >= MAX_AUTOMATIC_RETRIES) this.#fail(entry);
      else entry.autoRetries += 1;
    }
  }

  /** A new connection caught up: re-send what has no echo, up to the automatic limit. */
  resendPending(): void {
    for (const entry of this.#entries.values()) {
      if (entry.transmitted) continue;
      if (entry.status === "failed") {
        if (entry.autoRetries >= MAX_AUTOMATIC_RETRIES) continue;
        entry.autoRetries += 1;
      }
      this.#setStatus(entry, "sending");
      this.#transmit(entry);
    }
  }

  /** Re-sends `id` with the same client_event_id; false when it is not pending. */
  retry(id: string): boolean {
    const entry = this.#entries.get(id);
    if (!entry) return false;
    this.#setStatus(entry, "sending");
    this.#transmit(entry);
    return true;
  }

  /** Reconnecting gave up: what is still sending fails (and can be retried after a new start). */
  failSending(): void {
    for (const entry of this.#entries.values()) if (entry.status === "sending") this.#fail(entry);
  }

  /** Marks everything failed and forgets it (the session is closed or gone). */
  failAll(): void {
    for (const entry of this.#entries.values()) {
      clearTimeout(entry.timer);
      this.#setStatus(entry, "failed");
    }
    this.#entries.clear();
  }

  /** Ids of the messages still without an echo. */
  get pendingIds(): string[] {
    return [...this.#entries.keys()];
  }

  #transmit(entry: Entry): void {
    clearTimeout(entry.timer);
    entry.transmitted = this.#hooks.transmit(entry.message);
    // Not on the wire yet: it goes out with the next connection, the timer starts then.
    if (!entry.transmitted) return;
    entry.timer = setTimeout(() => this.#fail(entry), this.#timeoutMs);
  }

  #fail(entry: Entry): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    this.#setStatus(entry, "failed");
  }

  #setStatus(entry: Entry, status: DeliveryStatus): void {
    if (entry.status === status) return;
    entry.status = status;
    this.#hooks.status(entry.message.id, status);
  }
}
