import { describe, expect, it } from "vitest";
import { parseCursor } from "../../src/gateway/index.js";

describe("parseCursor", () => {
  it.each([
    [null, 0, true],
    ["", 0, true],
    ["0", 0, true],
    ["17", 17, true],
    ["seq:17", 17, true],
    ["seq:0", 0, true],
    ["2147483647", 2147483647, true],
  ])("reads %j as %d", (raw, value, valid) => {
    expect(parseCursor(raw)).toEqual({ value, valid });
  });

  it.each([
    ["abc"],
    ["-1"],
    ["1.5"],
    ["seq:"],
    ["seq:x"],
    ["SEQ:3"],
    [" 3"],
    ["2147483648"],
    ["99999999999"],
    ["1e3"],
  ])("treats %j as 0 and flags it", (raw) => {
    expect(parseCursor(raw)).toEqual({ value: 0, valid: false });
  });
});
