// WebSocket inputs at the frame level: binary, fragmented, oversized, invalid UTF-8, protocol violations, pings.
import { CLOSE_CODES, MAX_FRAME_BYTES } from "../../src/protocol/index.js";
import { OPCODES, type RawFrame } from "../support/raw-websocket.js";
import { plainString } from "./json-values.js";
import type { Random } from "./random.js";
import { errors, sized, type WsInput } from "./ws-input-shapes.js";

export function overFrameLimit(random: Random): WsInput {
  const bytes = MAX_FRAME_BYTES + 1 + random.int(100_000);
  return sized(
    "frame over the size limit",
    { opcode: OPCODES.text, payload: Buffer.alloc(bytes, 0x61) },
    { kind: "documented" },
  );
}

export function binary(random: Random): WsInput {
  const content = random.chance(0.5)
    ? JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT" })
    : plainString(random, 200);
  return sized(
    "binary frame",
    { opcode: OPCODES.binary, payload: Buffer.from(content) },
    errors("invalid_event_format"),
  );
}

/** A valid heartbeat split into fragments, with pings between them. */
export function fragmented(random: Random): WsInput {
  const custom = { fragments: random.int(1_000_000) };
  const whole = Buffer.from(JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", metadata: { custom } }));
  const frames: RawFrame[] = [];
  for (let at = 0; at < whole.length; ) {
    const end = Math.min(whole.length, at + 1 + random.int(20));
    frames.push({
      opcode: at === 0 ? OPCODES.text : OPCODES.continuation,
      payload: whole.subarray(at, end),
      fin: end === whole.length,
    });
    if (random.chance(0.3)) frames.push({ opcode: OPCODES.ping, payload: Buffer.from("between") });
    at = end;
  }
  return { name: "fragmented heartbeat", frames, expect: { kind: "heartbeat", custom } };
}

/** Frames RFC 6455 forbids: `ws` closes with 1002. */
export function protocolViolation(random: Random): WsInput {
  const payload = Buffer.from(JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT" }));
  const frame = random.weighted<RawFrame>([
    [1, { opcode: OPCODES.text, payload, masked: false }],
    [1, { opcode: OPCODES.text, payload, rsv: 1 + random.int(7) }],
    [1, { opcode: random.pick([0x3, 0x4, 0x5, 0x6, 0x7, 0xb, 0xc, 0xd, 0xe, 0xf]), payload }],
    [1, { opcode: OPCODES.continuation, payload }],
    [1, { opcode: OPCODES.ping, payload: Buffer.alloc(126 + random.int(200)) }],
    [1, { opcode: OPCODES.ping, payload, fin: false }],
  ]);
  return {
    name: "protocol violation",
    frames: [frame],
    expect: { kind: "close", codes: [CLOSE_CODES.protocolError] },
  };
}

export function invalidUtf8(random: Random): WsInput {
  const bad = random.pick([
    [0xff],
    [0xc0, 0xaf],
    [0xed, 0xa0, 0x80],
    [0xe2, 0x82],
    [0xf4, 0x90, 0x80, 0x80],
  ]);
  const payload = Buffer.concat([Buffer.from('{"type":"'), Buffer.from(bad), Buffer.from('"}')]);
  return {
    name: "invalid UTF-8",
    frames: [{ opcode: OPCODES.text, payload }],
    expect: { kind: "close", codes: [CLOSE_CODES.invalidFrameData] },
  };
}

export function ping(random: Random): WsInput {
  const payload = plainString(random, 40)
    .replace(/[^\x20-\x7e]/g, "")
    .slice(0, 100);
  return {
    name: "ping",
    frames: [{ opcode: OPCODES.ping, payload: Buffer.from(payload) }],
    expect: { kind: "pong", payload },
  };
}
