// What a WebSocket input is and what must follow it, with the helpers every generator shares.
import {
  CLOSE_CODES,
  MAX_CLIENT_EVENT_BYTES,
  MAX_FRAME_BYTES,
  type SocketErrorCode,
} from "../../src/protocol/index.js";
import { OPCODES, type RawFrame } from "../support/raw-websocket.js";

/** What the server must do with an input. */
export type WsExpectation =
  /** The sender is closed with one of these codes. */
  | { kind: "close"; codes: readonly number[] }
  /** A system message with one of these errors' texts answers it at once. */
  | { kind: "error"; codes: readonly SocketErrorCode[] }
  /** The heartbeat is echoed with exactly this metadata (or, once ended, `session_ended`). */
  | { kind: "heartbeat"; custom: unknown }
  /** A frame of one of these types answers it in time (marked with the input), or one of these errors. */
  | { kind: "answer"; types: readonly string[]; errors: readonly SocketErrorCode[] }
  /** A pong carrying this payload. */
  | { kind: "pong"; payload: string }
  /** No particular answer, but whatever comes must be documented; `closes` may end it. */
  | { kind: "documented"; closes?: readonly number[] };

/** One input: the frames to write and what must follow. */
export interface WsInput {
  name: string;
  frames: RawFrame[];
  expect: WsExpectation;
}

/** A generator: a source of randomness and the input's number (for markers) in, an input out. */
export type WsGenerator = (random: import("./random.js").Random, index: number) => WsInput;

/** A text frame. */
export function text(value: string): RawFrame {
  return { opcode: OPCODES.text, payload: Buffer.from(value) };
}

/** The expectation of an immediate system message with one of `codes`. */
export function errors(...codes: SocketErrorCode[]): WsExpectation {
  return { kind: "error", codes };
}

/**
 * Whatever a frame holds, its size is judged first: over the frame limit it closes the
 * connection (1009); past the event limit the answer depends on the stored size; else `expect`
 * holds.
 */
export function sized(name: string, frame: RawFrame, expect: WsExpectation): WsInput {
  const bytes = frame.payload.length;
  if (bytes > MAX_FRAME_BYTES) {
    return {
      name: "frame over the size limit",
      frames: [frame],
      expect: { kind: "close", codes: [CLOSE_CODES.tooBig] },
    };
  }
  // Past the event limit in bytes, the answer depends on the event as it would be stored
  // (re-encoded: whitespace and escapes shrink, numbers grow): refused as too large, or answered
  // for whatever else is wrong with it, or (a valid event that shrinks) taken.
  if (bytes > MAX_CLIENT_EVENT_BYTES) {
    const near: WsExpectation =
      expect.kind === "error" ? errors("invalid_payload", ...expect.codes) : { kind: "documented" };
    return { name: "event near the event limit", frames: [frame], expect: near };
  }
  return { name, frames: [frame], expect };
}
