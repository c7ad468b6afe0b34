import { describe, expect, it } from "vitest";
import { parseSessionRequest } from "../../src/gateway/index.js";

const defaults = { streaming: false, platform: "web", deviceType: null };

describe("parseSessionRequest", () => {
  it.each([[""], ["   "], ["{}"], ["null"]])("gives defaults for %j", (body) => {
    expect(parseSessionRequest(body)).toEqual(defaults);
  });

  it("reads every field and ignores unknown keys", () => {
    const body = JSON.stringify({
      streaming_enabled: true,
      platform: "android-web",
      device_type: "tablet",
      extra: 1,
    });
    expect(parseSessionRequest(body)).toEqual({
      streaming: true,
      platform: "android-web",
      deviceType: "tablet",
    });
  });

  it.each([
    ["{"],
    ["[]"],
    ["42"],
    ['"web"'],
    ['{"streaming_enabled":"yes"}'],
    ['{"streaming_enabled":1}'],
    ['{"platform":"windows"}'],
    ['{"platform":null}'],
    ['{"device_type":"watch"}'],
  ])("refuses %j", (body) => {
    expect(parseSessionRequest(body)).toBeNull();
  });
});
