// Picks one WebSocket input: JSON events, valid and broken, and raw frames, in fixed proportions.
import type { Random } from "./random.js";
import {
  badPayload,
  deepMetadata,
  endSession,
  heartbeat,
  hugeMetadata,
  join,
  mutated,
  notJson,
  overEventLimit,
  serverOnlyType,
  typing,
  unknownType,
  userMessage,
  webrtc,
} from "./ws-event-inputs.js";
import {
  binary,
  fragmented,
  invalidUtf8,
  overFrameLimit,
  ping,
  protocolViolation,
} from "./ws-frame-inputs.js";
import type { WsGenerator, WsInput } from "./ws-input-shapes.js";

export type { WsExpectation, WsInput } from "./ws-input-shapes.js";

/**
 * A random input; `ending` allows the rare USER_END_SESSION that ends the fuzzed session.
 * Events answered later (through the session's queue) carry `metadata.custom.fuzz = index`,
 * so their answer is told apart from answers to earlier inputs.
 */
export function wsInput(random: Random, ending: boolean, index: number): WsInput {
  const make = random.weighted<WsGenerator>([
    [6, heartbeat],
    [3, deepMetadata],
    [1, hugeMetadata],
    [3, unknownType],
    [3, serverOnlyType],
    [4, badPayload],
    [4, userMessage],
    [2, join],
    [2, typing],
    [1, webrtc],
    [3, mutated],
    [2, notJson],
    [1, overEventLimit],
    [1, overFrameLimit],
    [2, binary],
    [2, fragmented],
    [2, protocolViolation],
    [1, invalidUtf8],
    [2, ping],
    [ending ? 0.3 : 0, endSession],
  ]);
  return make(random, index);
}
