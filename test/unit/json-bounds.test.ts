// Nesting depth and UTF-8 size of JSON, and client frames refused by them (without a stack overflow).
import { describe, expect, it } from "vitest";
import { frameProblemError } from "../../src/core/frame-problems.js";
import {
  DEFAULT_MAX_JSON_DEPTH,
  DEFAULT_MAX_METADATA_BYTES,
  errorMessage,
  nestsDeeperThan,
  parseClientFrame,
  utf8Length,
} from "../../src/protocol/index.js";

/** `[[…]]` nested `depth` levels deep, as text (so a million levels cost no recursion). */
function deepArrays(depth: number): string {
  return `${"[".repeat(depth)}${"]".repeat(depth)}`;
}

/** An object nested `depth` levels deep: `{"a":{"a":…{}}}`. */
function deepObject(depth: number): unknown {
  let value: Record<string, unknown> = {};
  for (let i = 1; i < depth; i++) value = { a: value };
  return value;
}

function answerTo(frame: string): string {
  const parsed = parseClientFrame(frame);
  return parsed.ok ? "ok" : errorMessage(frameProblemError(parsed.problem));
}

describe("nestsDeeperThan", () => {
  it("counts scalars as 0, empty containers as 1 and each level inside as one more", () => {
    expect(nestsDeeperThan("x", 0)).toBe(false);
    expect(nestsDeeperThan({}, 0)).toBe(true);
    expect(nestsDeeperThan({}, 1)).toBe(false);
    expect(nestsDeeperThan({ a: [] }, 1)).toBe(true);
    expect(nestsDeeperThan({ a: [] }, 2)).toBe(false);
    expect(nestsDeeperThan([1, [2, [3]]], 3)).toBe(false);
    expect(nestsDeeperThan([1, [2, [3]]], 2)).toBe(true);
  });

  it("answers at the limit and one past it, for objects and arrays", () => {
    expect(nestsDeeperThan(deepObject(32), 32)).toBe(false);
    expect(nestsDeeperThan(deepObject(33), 32)).toBe(true);
    expect(nestsDeeperThan(JSON.parse(deepArrays(32)), 32)).toBe(false);
    expect(nestsDeeperThan(JSON.parse(deepArrays(33)), 32)).toBe(true);
  });

  it("walks a value nested a million levels deep without overflowing the stack", () => {
    const deep: unknown = JSON.parse(deepArrays(1_000_000));
    expect(() => JSON.stringify(deep)).toThrow(RangeError);
    expect(nestsDeeperThan(deep, 32)).toBe(true);
  });

  it("finds the one deep branch among many shallow ones", () => {
    const wide = Array.from({ length: 10_000 }, () => ({ a: 1 }));
    expect(nestsDeeperThan(wide, 2)).toBe(false);
    wide.push(deepObject(3) as { a: number });
    expect(nestsDeeperThan(wide, 2)).toBe(true);
  });
});

describe("utf8Length", () => {
  it.each([
    ["", 0],
    ["ascii", 5],
    ["é", 2],
    ["€", 3],
    ["😀", 4],
    ["\ud800", 3],
    ["a\udc00b", 5],
  ])("measures %j as %i bytes, as Buffer.byteLength does", (text, bytes) => {
    expect(utf8Length(text)).toBe(bytes);
    expect(utf8Length(text)).toBe(Buffer.byteLength(text, "utf8"));
  });
});

describe("client frames out of bounds", () => {
  const deepMetadata = (type: string, payload = "{}") =>
    `{"type":"${type}","payload":${payload},"metadata":{"custom":{"a":${deepArrays(5000)}}}}`;

  it.each([
    ["a heartbeat", "EVENT_TYPE_HEARTBEAT", "{}"],
    ["an unknown type", "EVENT_TYPE_NOPE", "{}"],
    ["a server-only type", "EVENT_TYPE_SESSION_END", "{}"],
    ["an invalid payload", "EVENT_TYPE_USER_MESSAGE", "{}"],
    ["a payload that is not an object", "EVENT_TYPE_HEARTBEAT", "[]"],
  ])(
    "refuses %s whose metadata nests 5,000 levels deep, and never echoes it",
    (_what, type, payload) => {
      const frame = deepMetadata(type, payload);
      expect(frame.length).toBeLessThan(11_000);
      const parsed = parseClientFrame(frame);
      expect(parsed.ok).toBe(false);
      if (parsed.ok) return;
      expect(parsed.metadata).toBeUndefined();
      expect(errorMessage(frameProblemError(parsed.problem))).toBe(
        `Invalid payload: metadata nests deeper than ${DEFAULT_MAX_JSON_DEPTH} levels`,
      );
    },
  );

  it("accepts metadata nested to the limit and refuses one level more", () => {
    // `metadata` is level 1 and `custom` level 2, so the value inside gets 30 more levels.
    const at = { type: "EVENT_TYPE_HEARTBEAT", metadata: { custom: { a: deepObject(30) } } };
    const past = { type: "EVENT_TYPE_HEARTBEAT", metadata: { custom: { a: deepObject(31) } } };
    expect(answerTo(JSON.stringify(at))).toBe("ok");
    expect(answerTo(JSON.stringify(past))).toBe(
      "Invalid payload: metadata nests deeper than 32 levels",
    );
  });

  it("accepts metadata of exactly the byte limit and refuses one byte more", () => {
    const frame = (bytes: number) => {
      const padding = "x".repeat(bytes - JSON.stringify({ custom: { p: "" } }).length);
      return JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", metadata: { custom: { p: padding } } });
    };
    expect(answerTo(frame(DEFAULT_MAX_METADATA_BYTES))).toBe("ok");
    expect(answerTo(frame(DEFAULT_MAX_METADATA_BYTES + 1))).toBe(
      `Invalid payload: metadata is larger than ${DEFAULT_MAX_METADATA_BYTES} bytes`,
    );
  });

  it("counts metadata bytes as UTF-8, not as characters", () => {
    const euros = "€".repeat(6000); // 6,000 characters, 18,000 bytes
    const frame = JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", metadata: { custom: { euros } } });
    expect(answerTo(frame)).toBe("Invalid payload: metadata is larger than 16384 bytes");
  });

  it("refuses a payload nested too deep, naming the payload", () => {
    const frame = `{"type":"EVENT_TYPE_USER_MESSAGE","payload":{"text":"hi","x":${deepArrays(40)}}}`;
    expect(answerTo(frame)).toBe("Invalid payload: payload nests deeper than 32 levels");
  });

  it("uses the limits it is given", () => {
    const limits = { maxJsonDepth: 4, maxMetadataBytes: 64 };
    const frame = (custom: unknown) =>
      JSON.stringify({ type: "EVENT_TYPE_HEARTBEAT", metadata: { custom } });
    // metadata, custom, a, b: four levels.
    expect(parseClientFrame(frame({ a: { b: {} } }), limits).ok).toBe(true);
    expect(parseClientFrame(frame({ a: { b: { c: {} } } }), limits).ok).toBe(false);
    expect(parseClientFrame(frame({ s: "x".repeat(40) }), limits).ok).toBe(true);
    expect(parseClientFrame(frame({ s: "x".repeat(60) }), limits).ok).toBe(false);
  });
});
