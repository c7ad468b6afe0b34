// The desk's signals between processes, carried by the deployment's bus on a channel of their own.
import type { Bus, DeskSignal, DeskSignals } from "../core/index.js";

/** The bus channel of desk signals: session channels are UUIDs, so it cannot meet one. */
export const DESK_CHANNEL = "desk";
// The envelope names an event type; desk signals are transient, and nothing else listens here.
const ENVELOPE_TYPE = "EVENT_TYPE_HEARTBEAT";
/** Session-event frames bigger than this travel as a reference (PostgreSQL NOTIFY stops at 8000 bytes). */
const INLINE_FRAME_BYTES = 6000;

/** Desk signals over any `Bus` (Redis, PostgreSQL `LISTEN/NOTIFY`, or in-process for tests). */
export class BusDeskSignals implements DeskSignals {
  readonly processId: string;
  readonly #bus: Bus;
  readonly #onError: (error: unknown) => void;

  constructor(bus: Bus, processId: string, onError: (error: unknown) => void = () => undefined) {
    this.#bus = bus;
    this.processId = processId;
    this.#onError = onError;
  }

  publish(signal: DeskSignal): void {
    let sent = signal;
    if (
      sent.kind === "session-event" &&
      sent.frame !== null &&
      Buffer.byteLength(sent.frame) > INLINE_FRAME_BYTES
    )
      sent = { ...sent, frame: null };
    this.#bus.publish(DESK_CHANNEL, {
      sequence: null,
      type: ENVELOPE_TYPE,
      frame: JSON.stringify(sent),
    });
  }

  subscribe(receive: (signal: DeskSignal) => void): Promise<() => void> {
    return this.#bus.subscribe(DESK_CHANNEL, {
      event: (event) => {
        if (event.frame === null) return;
        let signal: DeskSignal;
        try {
          signal = JSON.parse(event.frame) as DeskSignal;
        } catch (error) {
          this.#onError(error);
          return;
        }
        if (typeof signal?.kind !== "string" || signal.from === this.processId) return;
        receive(signal);
      },
    });
  }
}
