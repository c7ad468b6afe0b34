// The connection state machine: the allowed transitions and the one method that changes state.
import type { ConnectionState, StateChange } from "./types.js";

const ALLOWED: Record<ConnectionState, readonly ConnectionState[]> = {
  idle: ["connecting", "closed"],
  connecting: ["open", "reconnecting", "closed", "ended", "failed"],
  open: ["reconnecting", "connecting", "closed", "ended", "failed"],
  reconnecting: ["open", "connecting", "closed", "ended", "failed"],
  closed: ["connecting", "failed"],
  ended: ["connecting", "closed"],
  failed: ["connecting", "closed"],
};

/** True when the machine may go from `from` to `to`. */
export function canTransition(from: ConnectionState, to: ConnectionState): boolean {
  return ALLOWED[from].includes(to);
}

/** Holds the current state; `transition` is the only way to change it. */
export class ConnectionStateMachine {
  #state: ConnectionState = "idle";
  readonly #onChange: (change: StateChange) => void;

  constructor(onChange: (change: StateChange) => void) {
    this.#onChange = onChange;
  }

  get state(): ConnectionState {
    return this.#state;
  }

  /** Moves to `to` and reports `{from, to, reason}`; returns false (and changes nothing) when not allowed. */
  transition(to: ConnectionState, reason?: string): boolean {
    const from = this.#state;
    if (from === to || !canTransition(from, to)) return false;
    this.#state = to;
    this.#onChange(reason === undefined ? { from, to } : { from, to, reason });
    return true;
  }
}
