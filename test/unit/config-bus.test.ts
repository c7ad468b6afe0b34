// SWITCHBOARD_BUS and its companions: accepted URLs, refused ones, and no password in the problem.
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/index.js";

describe("bus settings", () => {
  it("defaults to the in-process bus", () => {
    const loaded = loadConfig({});
    expect(loaded.ok && loaded.config.bus).toBe("");
    expect(loaded.ok && loaded.config.busPrefix).toBe("switchboard");
    expect(loaded.ok && loaded.config.positionCheck).toBe(5000);
  });

  it.each([
    "redis://127.0.0.1:6379",
    "rediss://user:pw@redis.example:6380/2",
    "postgres://postgres@127.0.0.1:5432/test",
    "postgresql://db.example/switchboard",
  ])("accepts %s", (url) => {
    const loaded = loadConfig({ SWITCHBOARD_BUS: url });
    expect(loaded.ok && loaded.config.bus).toBe(url);
  });

  it("refuses another scheme without echoing a password", () => {
    const loaded = loadConfig({ SWITCHBOARD_BUS: "amqp://guest:hunter2@mq:5672" });
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? "" : loaded.problems.join("\n");
    expect(problems).toContain("SWITCHBOARD_BUS: must be a redis:// or postgres:// URL");
    expect(problems).not.toContain("hunter2");
  });

  it.each([
    ["a prefix with a space", { SWITCHBOARD_BUS_PREFIX: "my app" }],
    ["an empty prefix", { SWITCHBOARD_BUS_PREFIX: "" }],
    ["a position check under 100 ms", { SWITCHBOARD_POSITION_CHECK_MS: "99" }],
  ])("refuses %s", (_what, env) => {
    expect(loadConfig(env).ok).toBe(false);
  });
});
