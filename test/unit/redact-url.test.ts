import { describe, expect, it } from "vitest";
import { redactUrl } from "../../src/observability/index.js";

describe("redactUrl", () => {
  it.each([
    ["/ws?session_id=s&access_token=SECRET", "/ws?session_id=s&access_token=[redacted]"],
    ["/ws?auth_token=SECRET&cursor=3", "/ws?auth_token=[redacted]&cursor=3"],
    ["/desk/ws?token=SECRET", "/desk/ws?token=[redacted]"],
    ["/ws?access%5Ftoken=SECRET", "/ws?access%5Ftoken=[redacted]"],
    ["/ws?%61ccess_token=SECRET", "/ws?%61ccess_token=[redacted]"],
    ["/ws?ACCESS_TOKEN=SECRET", "/ws?ACCESS_TOKEN=[redacted]"],
    ["/ws?%zz=SECRET", "/ws?%zz=[redacted]"],
    ["/api/v1/sessions", "/api/v1/sessions"],
    ["/ws?session_id=abc", "/ws?session_id=abc"],
  ])("%s → %s", (url, expected) => {
    expect(redactUrl(url)).toBe(expected);
    if (url.includes("SECRET")) expect(redactUrl(url)).not.toContain("SECRET");
  });
});
