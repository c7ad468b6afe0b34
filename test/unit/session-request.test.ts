import { describe, expect, it } from "vitest";
import { parseSessionRequest } from "../../src/gateway/index.js";

const defaults = {
  streaming: false,
  platform: "web",
  deviceType: null,
  visitorId: null,
  pageUrl: null,
  referrer: null,
};

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
      visitorId: null,
      pageUrl: null,
      referrer: null,
    });
  });

  it("reads the stable visitor id", () => {
    const id = "0d4c2b8e-5d2a-4c1f-9a7e-3f6b2c1d0e9f";
    expect(parseSessionRequest(JSON.stringify({ visitor_id: id }))?.visitorId).toBe(id);
  });

  it("keeps the page and referrer as origin and path only", () => {
    const body = JSON.stringify({
      page_url: "https://shop.example/cart?token=secret#pay",
      referrer: "https://search.example/results?q=shoes",
    });
    expect(parseSessionRequest(body)).toMatchObject({
      pageUrl: "https://shop.example/cart",
      referrer: "https://search.example/results",
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
    ['{"visitor_id":"short"}'],
    ['{"visitor_id":42}'],
    ['{"page_url":"javascript:alert(1)"}'],
    ['{"referrer":"not a url"}'],
    [JSON.stringify({ page_url: `https://x.example/${"a".repeat(2100)}` })],
    ['{"visitor_id":"has spaces and is long enough to pass"}'],
  ])("refuses %j", (body) => {
    expect(parseSessionRequest(body)).toBeNull();
  });
});
