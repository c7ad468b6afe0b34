// The console's reading of a visitor's User-Agent.
import { describe, expect, it } from "vitest";
import { describeUserAgent } from "../../src/console/user-agent.js";

describe("describeUserAgent", () => {
  it("names common browsers, versions and systems", () => {
    expect(
      describeUserAgent(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
      ),
    ).toBe("Chrome 120 on Windows");
    expect(
      describeUserAgent(
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
      ),
    ).toBe("Safari 17 on iPhone");
    expect(
      describeUserAgent("Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"),
    ).toBe("Firefox 121 on Linux");
  });

  it("falls back to an app's own name and says nothing for nothing", () => {
    expect(describeUserAgent("PolyMessaging-iOS/2.3.1")).toBe("PolyMessaging-iOS 2.3.1");
    expect(describeUserAgent(null)).toBeNull();
    expect(describeUserAgent("???")).toBeNull();
  });
});
