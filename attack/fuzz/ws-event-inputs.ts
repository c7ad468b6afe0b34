// WebSocket inputs as JSON events: valid ones, and every way to get the envelope, payload or metadata wrong.
import {
  CLOSE_CODES,
  DEFAULT_MAX_JSON_DEPTH,
  DEFAULT_MAX_METADATA_BYTES,
  EVENT_TYPES,
  isClientEventType,
  MAX_CLIENT_EVENT_BYTES,
  MAX_FRAME_BYTES,
  MAX_TEXT_BYTES,
  nestsDeeperThan,
  utf8Length,
} from "../../src/protocol/index.js";
import { OPCODES } from "../support/raw-websocket.js";
import { jsonObject, jsonValue, nested, plainString } from "./json-values.js";
import type { Random } from "./random.js";
import { errors, sized, text, type WsInput } from "./ws-input-shapes.js";

const CLIENT_TYPES = Object.keys(EVENT_TYPES).filter((t) =>
  isClientEventType(t as keyof typeof EVENT_TYPES),
);
const SERVER_TYPES = Object.keys(EVENT_TYPES).filter((t) => !CLIENT_TYPES.includes(t));
const ALREADY_OVER = ["session_ended"] as const;

/** Metadata of any shape: echoed when within the server's default bounds, else refused. */
export function heartbeat(random: Random): WsInput {
  const customText = jsonObject(random, 1, ["local_id", "client_event_id"]);
  const frame = text(
    `{"type":"EVENT_TYPE_HEARTBEAT","payload":{},"metadata":{"custom":${customText}}}`,
  );
  // What arrives is the frame as UTF-8: a lone surrogate becomes U+FFFD on the way.
  const custom: unknown = JSON.parse(Buffer.from(customText).toString("utf8"));
  const fits =
    !nestsDeeperThan(custom, DEFAULT_MAX_JSON_DEPTH - 1) &&
    utf8Length(`{"custom":${JSON.stringify(custom)}}`) <= DEFAULT_MAX_METADATA_BYTES;
  if (!fits) return sized("heartbeat, metadata out of bounds", frame, errors("invalid_payload"));
  return sized("heartbeat", frame, { kind: "heartbeat", custom });
}

/** Any type (client, server-only, unknown) with metadata nested far past the limit. */
export function deepMetadata(random: Random): WsInput {
  const type = JSON.stringify(random.pick([...CLIENT_TYPES, ...SERVER_TYPES, "EVENT_TYPE_NOPE"]));
  const payload = random.chance(0.5) ? "{}" : jsonValue(random, 1);
  const deep = nested(random.size(40, 20_000), random.chance(0.5));
  const frame = text(`{"type":${type},"payload":${payload},"metadata":{"custom":{"a":${deep}}}}`);
  return sized("metadata nested deep", frame, errors("invalid_payload"));
}

export function hugeMetadata(random: Random): WsInput {
  const padding = "m".repeat(random.size(16_400, 120_000));
  const frame = text(
    JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", metadata: { custom: { padding } } }),
  );
  return sized("metadata too large", frame, errors("invalid_payload"));
}

export function unknownType(random: Random): WsInput {
  const typeJson = random.chance(0.5)
    ? JSON.stringify(`EVENT_TYPE_${plainString(random, 20)}`)
    : jsonValue(random, 1);
  const type: unknown = JSON.parse(typeJson);
  if (typeof type === "string" && type in EVENT_TYPES) return heartbeat(random);
  const frame = text(`{"type":${typeJson},"payload":${jsonObject(random, 1)}}`);
  return sized("unknown type", frame, errors("invalid_event_format", "invalid_payload"));
}

export function serverOnlyType(random: Random): WsInput {
  const frame = text(JSON.stringify({ type: random.pick(SERVER_TYPES), payload: {} }));
  return sized("server-only type", frame, errors("event_type_not_allowed"));
}

/** A client type with a random payload; some turn out valid, so any documented answer will do. */
export function badPayload(random: Random): WsInput {
  const type = random.pick(CLIENT_TYPES);
  const payload = random.weighted([
    [2, '"text"'],
    [2, "[]"],
    [1, "null"],
    [3, jsonObject(random, 2, ["text", "state", "call_sid"])],
    [1, `{"text":${nested(random.size(33, 5000), random.chance(0.5))}}`],
  ]);
  const frame = text(`{"type":"${type}","payload":${payload}}`);
  return sized(`payload of ${type}`, frame, { kind: "documented" });
}

/** Echoed, or refused while no agent is there; marked so its answer is told apart. */
export function userMessage(random: Random, index: number): WsInput {
  const said = random.chance(0.8)
    ? random.pick(["hi", "opening hours?", "bonjour", "help", "thanks"])
    : plainString(random, 2000);
  if (said.trim() === "") return badPayload(random);
  // A local id of its own: a repeated one would be answered with another input's echo.
  const custom = random.chance(0.5) ? { fuzz: index, local_id: `fuzz-${index}` } : { fuzz: index };
  const frame = text(
    JSON.stringify({
      type: "EVENT_TYPE_USER_MESSAGE",
      payload: { text: said },
      metadata: { custom },
    }),
  );
  // A text over the advertised limit is refused with its own message (the frame may still fit).
  const tooLong = utf8Length(said) > MAX_TEXT_BYTES;
  return sized("user message", frame, {
    kind: "answer",
    types: tooLong ? [] : ["EVENT_TYPE_USER_MESSAGE"],
    errors: tooLong ? ["invalid_payload"] : ["conversation_not_found", ...ALREADY_OVER],
  });
}

export function join(_random: Random, index: number): WsInput {
  const frame = text(
    JSON.stringify({
      type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN",
      payload: {},
      metadata: { custom: { fuzz: index } },
    }),
  );
  return sized("join", frame, {
    kind: "answer",
    types: ["EVENT_TYPE_REQUEST_POLY_AGENT_JOIN"],
    errors: ALREADY_OVER,
  });
}

export function typing(random: Random): WsInput {
  const state = random.pick(["TYPING_STATE_STARTED", "TYPING_STATE_STOPPED"]);
  return sized(
    "typing",
    text(JSON.stringify({ type: "EVENT_TYPE_USER_TYPING", payload: { state } })),
    { kind: "documented" },
  );
}

export function webrtc(random: Random): WsInput {
  const callSid = plainString(random, 40) || "CA1";
  const frame = text(
    JSON.stringify({
      type: "EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION",
      payload: { call_sid: callSid },
    }),
  );
  return sized("webrtc link", frame, { kind: "documented" });
}

/** Ends the session: echo, SESSION_END, then 1000. */
export function endSession(): WsInput {
  const frame = text(JSON.stringify({ type: "EVENT_TYPE_USER_END_SESSION", payload: {} }));
  return sized("end session", frame, { kind: "close", codes: [CLOSE_CODES.normal] });
}

/** A valid frame with a few bytes changed: anything documented, or 1007 for a broken character. */
export function mutated(random: Random): WsInput {
  const base = heartbeat(random);
  if (base.expect.kind === "close") return base;
  const bytes = Buffer.from(base.frames[0]?.payload ?? Buffer.from("{}"));
  for (let i = random.size(1, 4); i > 0 && bytes.length > 0; i--) {
    bytes[random.int(bytes.length)] = random.int(128);
  }
  return sized(
    "mutated frame",
    { opcode: OPCODES.text, payload: bytes },
    { kind: "documented", closes: [CLOSE_CODES.invalidFrameData] },
  );
}

export function notJson(random: Random): WsInput {
  return sized("not JSON", text(`{${plainString(random, 200)}`), errors("invalid_event_format"));
}

/** Just over the stored-event limit, still under the frame limit. */
export function overEventLimit(random: Random): WsInput {
  const room = MAX_FRAME_BYTES - MAX_CLIENT_EVENT_BYTES - 100;
  // ASCII padding in a heartbeat's payload: stored exactly as sent, so surely over the limit.
  const padding = "p".repeat(MAX_CLIENT_EVENT_BYTES + random.int(room));
  const frame = text(JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", payload: { padding } }));
  return { name: "event over the event limit", frames: [frame], expect: errors("invalid_payload") };
}
