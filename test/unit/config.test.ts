import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_SCHEMA, loadConfig, loadConfigFromEnvironment } from "../../src/config/index.js";

describe("loadConfig", () => {
  it("gives every default with no environment", () => {
    const result = loadConfig({});
    if (!result.ok) throw new Error(result.problems.join());
    expect(result.config.port).toBe(8080);
    expect(result.config.dataDir).toBe("./data");
    expect(result.config.cluster).toBe("local");
    expect(result.config.accessTokenTtl).toBe(86_400);
    expect(result.config.idleTimeout).toBe(600);
    expect(result.config.sqliteSynchronous).toBe("normal");
    expect(Object.isFrozen(result.config)).toBe(true);
    expect(Object.keys(result.config).sort()).toEqual(Object.keys(CONFIG_SCHEMA).sort());
  });

  it("reports every bad setting at once, naming each", () => {
    const result = loadConfig({
      PORT: "eighty",
      SWITCHBOARD_SQLITE_SYNCHRONOUS: "sometimes",
      SWITCHBOARD_ACCESS_TOKEN_TTL_SECONDS: "599",
      SWITCHBOARD_DEMO: "maybe",
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(4);
    expect(result.problems[0]).toMatch(/^PORT: must be a whole number from 0 to 65535/);
    expect(result.problems.join("\n")).toContain(
      "SWITCHBOARD_SQLITE_SYNCHRONOUS: must be one of: normal, full",
    );
    expect(result.problems.join("\n")).toContain(
      "SWITCHBOARD_ACCESS_TOKEN_TTL_SECONDS: must be a whole number from 600",
    );
    expect(result.problems.join("\n")).toContain("SWITCHBOARD_DEMO: must be true or false");
  });

  it("accepts values at the limits and refuses one past them", () => {
    expect(loadConfig({ SWITCHBOARD_ACCESS_TOKEN_TTL_SECONDS: "600" }).ok).toBe(true);
    expect(loadConfig({ SWITCHBOARD_ACCESS_TOKEN_TTL_SECONDS: "599" }).ok).toBe(false);
    expect(loadConfig({ PORT: "65535" }).ok).toBe(true);
    expect(loadConfig({ PORT: "65536" }).ok).toBe(false);
    expect(loadConfig({ SWITCHBOARD_WS_MESSAGES_PER_SECOND: "0" }).ok).toBe(false);
  });

  it("never echoes a bad admin token", () => {
    const result = loadConfig({ SWITCHBOARD_ADMIN_TOKEN: "short-secret" });
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.problems[0]).toContain("SWITCHBOARD_ADMIN_TOKEN");
      expect(result.problems[0]).not.toContain("short-secret");
    }
  });

  it("reads a config file, with the environment winning and unknown keys refused", () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-config-"));
    const file = join(dir, "config.yaml");
    writeFileSync(file, "PORT: 9000\nSWITCHBOARD_CLUSTER: eu\n");
    const fromFile = loadConfigFromEnvironment({
      SWITCHBOARD_CONFIG_FILE: file,
      SWITCHBOARD_CLUSTER: "us",
    });
    if (!fromFile.ok) throw new Error(fromFile.problems.join());
    expect(fromFile.config.port).toBe(9000);
    expect(fromFile.config.cluster).toBe("us");
    writeFileSync(file, "PORTT: 9000\n");
    const typo = loadConfigFromEnvironment({ SWITCHBOARD_CONFIG_FILE: file });
    expect(typo.ok).toBe(false);
    if (!typo.ok) expect(typo.problems).toEqual(["PORTT: unknown setting in the config file"]);
    const missing = loadConfigFromEnvironment({ SWITCHBOARD_CONFIG_FILE: join(dir, "nope.yaml") });
    expect(missing.ok).toBe(false);
  });
});
