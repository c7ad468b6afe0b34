import { describe, expect, it } from "vitest";
import { frameProblemError } from "../../src/core/frame-problems.js";
import {
  clientEventKey,
  EVENT_TYPES,
  encodeEvent,
  errorMessage,
  isClientEventType,
  parseClientFrame,
} from "../../src/protocol/index.js";

function messageFor(text: string): string {
  const parsed = parseClientFrame(text);
  if (parsed.ok) return "ok";
  return errorMessage(frameProblemError(parsed.problem));
}

describe("parseClientFrame", () => {
  it("accepts the six client events with valid payloads", () => {
    const valid = [
      { type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {} },
      { type: "EVENT_TYPE_USER_MESSAGE", payload: { text: "hi" } },
      { type: "EVENT_TYPE_USER_TYPING", payload: { state: "TYPING_STATE_STARTED" } },
      { type: "EVENT_TYPE_USER_END_SESSION", payload: {} },
      { type: "EVENT_TYPE_HEARTBEAT", payload: {} },
      { type: "EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION", payload: { call_sid: "CA1" } },
    ];
    for (const event of valid) expect(messageFor(JSON.stringify(event))).toBe("ok");
  });

  it("treats a missing payload as empty and ignores id, sequence and timestamp sent by clients", () => {
    const parsed = parseClientFrame(
      '{"type":"EVENT_TYPE_HEARTBEAT","id":"x","sequence":9,"timestamp":"t"}',
    );
    expect(parsed).toEqual({ ok: true, event: { type: "EVENT_TYPE_HEARTBEAT", payload: {} } });
  });

  it.each([
    ["not json"],
    ["[]"],
    ["null"],
    ['"text"'],
    ["{}"],
    ['{"type":42}'],
    ['{"type":"EVENT_TYPE_NOPE"}'],
    ['{"type":"toString"}'],
    ['{"type":"EVENT_TYPE_HEARTBEAT","payload":[]}'],
    ['{"type":"EVENT_TYPE_HEARTBEAT","payload":"x"}'],
    ['{"type":"EVENT_TYPE_HEARTBEAT","payload":null}'],
  ])("answers %j as an invalid format", (frame) => {
    expect(messageFor(frame)).toBe("Unknown event type or invalid message format");
  });

  it("names every server-only type that is not allowed", () => {
    for (const type of Object.keys(EVENT_TYPES)) {
      if (isClientEventType(type as keyof typeof EVENT_TYPES)) continue;
      expect(messageFor(JSON.stringify({ type, payload: {} }))).toBe(
        `Event type not allowed: ${type}`,
      );
    }
  });

  it.each([
    [{ type: "EVENT_TYPE_USER_MESSAGE", payload: {} }, "Invalid payload: text must be a string"],
    [
      { type: "EVENT_TYPE_USER_MESSAGE", payload: { text: 5 } },
      "Invalid payload: text must be a string",
    ],
    [
      { type: "EVENT_TYPE_USER_MESSAGE", payload: { text: "  " } },
      "Invalid payload: text must not be empty",
    ],
    [
      { type: "EVENT_TYPE_USER_TYPING", payload: { state: "TYPING" } },
      "Invalid payload: state must be TYPING_STATE_STARTED or TYPING_STATE_STOPPED",
    ],
    [
      { type: "EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION", payload: {} },
      "Invalid payload: call_sid must be a non-empty string",
    ],
  ])("explains a bad payload: %j", (event, message) => {
    expect(messageFor(JSON.stringify(event))).toBe(message);
  });

  it("keeps metadata.custom for echoing, also on rejected frames", () => {
    const custom = { local_id: "l1", nested: { a: [1, 2] } };
    const ok = parseClientFrame(
      JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", metadata: { custom } }),
    );
    expect(ok.ok && ok.event.metadata).toEqual({ custom });
    const bad = parseClientFrame(JSON.stringify({ type: "EVENT_TYPE_NOPE", metadata: { custom } }));
    expect(!bad.ok && bad.metadata).toEqual({ custom });
  });
});

describe("clientEventKey", () => {
  it("prefers local_id, then client_event_id, and ignores empty or odd values", () => {
    expect(clientEventKey({ custom: { local_id: "a", client_event_id: "b" } })).toBe("a");
    expect(clientEventKey({ custom: { client_event_id: "b" } })).toBe("b");
    expect(clientEventKey({ custom: { local_id: 7 } })).toBe("7");
    expect(clientEventKey({ custom: { local_id: "" } })).toBeUndefined();
    expect(clientEventKey({ custom: { local_id: { x: 1 } } })).toBeUndefined();
    expect(clientEventKey(undefined)).toBeUndefined();
  });
});

describe("encodeEvent", () => {
  it("produces the envelope JSON with payload and metadata text kept as given", () => {
    const frame = encodeEvent({
      id: "01234567-89ab-7def-8123-456789abcdef",
      sequence: 3,
      timestamp: "2026-01-02T03:04:05.678Z",
      type: "EVENT_TYPE_USER_MESSAGE",
      payloadJson: '{"text":"héllo \\"x\\""}',
      metadataJson: '{"custom":{"local_id":"1"}}',
    });
    expect(JSON.parse(frame)).toEqual({
      id: "01234567-89ab-7def-8123-456789abcdef",
      sequence: 3,
      timestamp: "2026-01-02T03:04:05.678Z",
      type: "EVENT_TYPE_USER_MESSAGE",
      payload: { text: 'héllo "x"' },
      metadata: { custom: { local_id: "1" } },
    });
    const transient = encodeEvent({
      id: "i",
      sequence: null,
      timestamp: "t",
      type: "EVENT_TYPE_HEARTBEAT",
      payloadJson: "{}",
      metadataJson: null,
    });
    expect(JSON.parse(transient)).toEqual({
      id: "i",
      sequence: null,
      timestamp: "t",
      type: "EVENT_TYPE_HEARTBEAT",
      payload: {},
    });
  });
});
