// What the desk API and the desk socket need from the rest of the server.
import type { Duplex } from "node:stream";
import type { Clock, SessionHub, Store } from "../core/index.js";
import type { HttpErrorCode } from "../protocol/index.js";

/** The parts the desk layer is built on; the app wires them. */
export interface DeskDeps {
  store: Store;
  /** Its `desk` field (DeskService) carries every desk action. */
  hub: SessionHub;
  clock: Clock;
  /** Refuses a WebSocket upgrade with a plain HTTP `{message, code}` answer. */
  rejectUpgrade(socket: Duplex, code: HttpErrorCode, retryAfterSeconds?: number): void;
}

/** Requests each desk user may make per second on `/desk/v1`, and the burst above it. */
export const DESK_REQUESTS_PER_SECOND = 20;
export const DESK_REQUEST_BURST = 40;

/** Whole seconds, at least 1, for a `Retry-After` header. */
export function retryAfterSeconds(waitMs: number): number {
  return Math.max(1, Math.ceil(waitMs / 1000));
}
