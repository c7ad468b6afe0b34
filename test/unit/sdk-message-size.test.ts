// The client SDK refuses a text over max_message_size_bytes (UTF-8 bytes) before sending it, at the limit and one past it.
import { describe, expect, it } from "vitest";
import { sendProblem } from "../../src/sdk/outgoing-message.js";

describe("the SDK's size check on a user's text", () => {
  it.each([
    ["ASCII", "a", 1],
    ["multibyte UTF-8", "é", 2],
    ["control characters (six bytes each once escaped)", "\u0001", 1],
  ])("accepts 131072 bytes of %s and refuses one byte more", (_kind, unit, bytes) => {
    const atLimit = `${unit.repeat(131_072 / bytes - 1)}${"x".repeat(bytes)}`;
    expect(Buffer.byteLength(atLimit)).toBe(131_072);
    expect(sendProblem(atLimit, undefined, false)).toBeNull();
    expect(sendProblem(`${atLimit}y`, undefined, false)).toEqual({
      code: "message_too_large",
      message: "the text is 131073 bytes",
    });
  });

  it("refuses an app payload larger than the server keeps in metadata", () => {
    expect(sendProblem("hi", { blob: "p".repeat(16_000) }, false)).toBeNull();
    expect(sendProblem("hi", { blob: "p".repeat(16_300) }, false)?.code).toBe("message_too_large");
  });
});
