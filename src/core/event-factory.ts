// Builds events: UUIDv7 ids, millisecond ISO timestamps, payloads encoded once.
import { v7 as uuidv7 } from "uuid";
import {
  type EncodableEvent,
  type EventMetadata,
  type EventType,
  encodeEvent,
} from "../protocol/index.js";
import type { Clock } from "./ports.js";
import type { NewEvent } from "./records.js";

/** Makes events stamped by one clock. */
export class EventFactory {
  readonly #clock: Clock;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** A new event for the store. */
  durable(
    type: EventType,
    payload: object,
    metadata?: EventMetadata,
    clientKey?: string,
  ): NewEvent {
    const now = this.#clock.now();
    return {
      id: uuidv7({ msecs: now }),
      type,
      timestamp: new Date(now).toISOString(),
      payloadJson: JSON.stringify(payload),
      metadataJson: metadata ? JSON.stringify(metadata) : null,
      clientKey: clientKey ?? null,
    };
  }

  /** The wire frame of a transient event (sequence null, never stored). */
  transientFrame(type: EventType, payload: object, metadata?: EventMetadata): string {
    return encodeEvent(this.transient(type, payload, metadata));
  }

  /** A transient event's parts, for callers that need its id too. */
  transient(type: EventType, payload: object, metadata?: EventMetadata): EncodableEvent {
    return { ...this.durable(type, payload, metadata), sequence: null };
  }

  /** A fresh UUIDv7 (message ids, session ids). */
  id(): string {
    return uuidv7({ msecs: this.#clock.now() });
  }
}
