// The text networked buses carry: frames survive verbatim, references stay references, junk is refused.
import { describe, expect, it } from "vitest";
import { decodeEnvelope, encodeEnvelope, withoutFrame } from "../../src/bus/envelope.js";

const envelope = {
  sessionId: "0190a1b2-0000-7000-8000-000000000001",
  publishedAt: 1_764_633_600_123,
  event: {
    sequence: 42,
    type: "EVENT_TYPE_USER_MESSAGE" as const,
    frame: '{"text":"tab\\t and\\nnewline","raw":"\t"}',
  },
};

describe("bus envelopes", () => {
  it("round-trips durable and transient events with their frames verbatim", () => {
    expect(decodeEnvelope(encodeEnvelope(envelope))).toEqual(envelope);
    const transient = { ...envelope, event: { ...envelope.event, sequence: null } };
    expect(decodeEnvelope(encodeEnvelope(transient))).toEqual(transient);
  });

  it("carries a durable event without its frame as a reference", () => {
    const reference = withoutFrame(envelope);
    expect(decodeEnvelope(encodeEnvelope(reference))?.event).toEqual({
      sequence: 42,
      type: "EVENT_TYPE_USER_MESSAGE",
      frame: null,
    });
  });

  it.each([
    ["empty", ""],
    ["too few fields", "s\t1\t2\tEVENT_TYPE_USER_MESSAGE"],
    ["an unknown type", "s\t1\t2\tEVENT_TYPE_NOPE\tF{}"],
    ["a bad sequence", "s\t1\t-3\tEVENT_TYPE_USER_MESSAGE\tF{}"],
    ["a fractional sequence", "s\t1\t2.5\tEVENT_TYPE_USER_MESSAGE\tF{}"],
    ["a transient reference", "s\t1\t-\tEVENT_TYPE_USER_MESSAGE\tR"],
    ["an unknown body", "s\t1\t2\tEVENT_TYPE_USER_MESSAGE\tX{}"],
    ["no session", "\t1\t2\tEVENT_TYPE_USER_MESSAGE\tF{}"],
  ])("refuses %s", (_what, text) => {
    expect(decodeEnvelope(text)).toBeUndefined();
  });
});
