// The parsers of the security settings: proxy ranges, origins, listen addresses, frame-ancestors.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";

function problem(env: Record<string, string>): string | undefined {
  const result = loadConfig(env);
  return result.ok ? undefined : result.problems.join("\n");
}

describe("security settings", () => {
  it("takes trusted proxies as addresses and CIDR ranges", () => {
    const result = loadConfig({
      SWITCHBOARD_TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.1 ,::1,fd00::/8",
    });
    expect(result.ok && result.config.trustedProxies).toEqual([
      "10.0.0.0/8",
      "192.0.2.1",
      "::1",
      "fd00::/8",
    ]);
    expect(problem({ SWITCHBOARD_TRUSTED_PROXIES: "10.0.0.0/33" })).toContain(
      "not an IP address or CIDR range: 10.0.0.0/33",
    );
    expect(problem({ SWITCHBOARD_TRUSTED_PROXIES: "proxy.local" })).toContain("proxy.local");
  });

  it("takes CORS origins as bare http(s) origins only", () => {
    const result = loadConfig({
      SWITCHBOARD_CORS_ORIGINS: "https://ops.example.com,http://localhost:3000",
    });
    expect(result.ok && result.config.corsOrigins).toEqual([
      "https://ops.example.com",
      "http://localhost:3000",
    ]);
    expect(problem({ SWITCHBOARD_CORS_ORIGINS: "https://ops.example.com/path" })).toContain(
      "not an http(s) origin",
    );
    expect(problem({ SWITCHBOARD_CORS_ORIGINS: "*" })).toContain("not an http(s) origin: *");
  });

  it("takes frame-ancestors sources and nothing that could end the directive", () => {
    const ok = loadConfig({ SWITCHBOARD_DEMO_FRAME_ANCESTORS: "'self' https://*.example.com" });
    expect(ok.ok && ok.config.demoFrameAncestors).toBe("'self' https://*.example.com");
    expect(problem({ SWITCHBOARD_DEMO_FRAME_ANCESTORS: "'none'; script-src *" })).toBeDefined();
    expect(problem({ SWITCHBOARD_DEMO_FRAME_ANCESTORS: "'none' 'self'" })).toContain(
      "'none' cannot be combined",
    );
    expect(problem({ SWITCHBOARD_DEMO_FRAME_ANCESTORS: "*" })).toBeDefined();
  });

  it("takes a metrics address as host:port and a metrics token of 16 characters or more", () => {
    expect(problem({ SWITCHBOARD_METRICS_ADDRESS: "127.0.0.1:9464" })).toBeUndefined();
    expect(problem({ SWITCHBOARD_METRICS_ADDRESS: "[::1]:9464" })).toBeUndefined();
    expect(problem({ SWITCHBOARD_METRICS_ADDRESS: "9464" })).toContain("must be host:port");
    expect(problem({ SWITCHBOARD_METRICS_ADDRESS: "127.0.0.1:0" })).toContain("must be host:port");
    expect(problem({ SWITCHBOARD_METRICS_TOKEN: "0123456789abcdef" })).toBeUndefined();
    const short = problem({ SWITCHBOARD_METRICS_TOKEN: "short-secret" }) ?? "";
    expect(short).toContain("at least 16 characters");
    expect(short).not.toContain("short-secret");
  });

  it("bounds the new limits: at the limit and one past it", () => {
    expect(problem({ SWITCHBOARD_JSON_MAX_DEPTH: "4" })).toBeUndefined();
    expect(problem({ SWITCHBOARD_JSON_MAX_DEPTH: "3" })).toBeDefined();
    expect(problem({ SWITCHBOARD_JSON_MAX_DEPTH: "256" })).toBeUndefined();
    expect(problem({ SWITCHBOARD_JSON_MAX_DEPTH: "257" })).toBeDefined();
    expect(problem({ SWITCHBOARD_WS_METADATA_MAX_BYTES: "131072" })).toBeUndefined();
    expect(problem({ SWITCHBOARD_WS_METADATA_MAX_BYTES: "131073" })).toBeDefined();
    expect(problem({ SWITCHBOARD_WS_MAX_BUFFERED_BYTES: "2097152" })).toBeUndefined();
    expect(problem({ SWITCHBOARD_WS_MAX_BUFFERED_BYTES: "2097151" })).toBeDefined();
    expect(problem({ SWITCHBOARD_WS_TOTAL_BUFFERED_BYTES: "262144" })).toBeUndefined();
    expect(problem({ SWITCHBOARD_WS_TOTAL_BUFFERED_BYTES: "262143" })).toBeDefined();
    expect(problem({ SWITCHBOARD_AUTH_FAILURES_PER_MINUTE: "1" })).toBeUndefined();
    expect(problem({ SWITCHBOARD_AUTH_FAILURES_PER_MINUTE: "0" })).toBeDefined();
    expect(problem({ SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "0" })).toBeDefined();
    expect(problem({ SWITCHBOARD_TOKEN_CLOCK_SKEW_SECONDS: "3600" })).toBeUndefined();
    expect(problem({ SWITCHBOARD_TOKEN_CLOCK_SKEW_SECONDS: "3601" })).toBeDefined();
  });
});
