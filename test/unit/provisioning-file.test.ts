// Provisioning files nested too deeply: a clear problem for JSON and YAML alike, never a stack overflow.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseProvisioningFile } from "../../src/admin/index.js";
import { loadConfigFromEnvironment } from "../../src/config/index.js";

const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("parseProvisioningFile", () => {
  it("reads a file nested to the limit and refuses one level more", () => {
    // The document, `agents` and the list inside: the nesting counts from the top.
    const at = parseProvisioningFile(`{"agents":${nested(31)}}`, "seed.json");
    expect(at.ok).toBe(true);
    const past = parseProvisioningFile(`{"agents":${nested(32)}}`, "seed.json");
    expect(past).toEqual({ ok: false, problems: ["seed.json: nests deeper than 32 levels"] });
  });

  it.each([
    ["JSON", "seed.json", `{"agents":${nested(100_000)}}`],
    ["flow YAML", "seed.yaml", `agents: ${nested(5000)}`],
  ])("refuses %s nested thousands of levels deep with one clear problem", (_kind, name, text) => {
    const parsed = parseProvisioningFile(text, name);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toHaveLength(1);
    expect(parsed.problems[0]).toMatch(
      new RegExp(`^${name}: nests (deeper than 32 levels|too deeply to read)$`),
    );
  });

  it("uses the depth it is given", () => {
    expect(parseProvisioningFile("a: [[1]]", "f.yaml", 3).ok).toBe(true);
    expect(parseProvisioningFile("a: [[[1]]]", "f.yaml", 3).ok).toBe(false);
  });
});

describe("config files", () => {
  it("refuses a config file nested too deeply instead of failing to re-encode it", () => {
    const file = join(mkdtempSync(join(tmpdir(), "switchboard-config-")), "deep.json");
    writeFileSync(file, `{"SWITCHBOARD_CLUSTER":${nested(100)}}`);
    const result = loadConfigFromEnvironment({ SWITCHBOARD_CONFIG_FILE: file });
    expect(result).toEqual({
      ok: false,
      problems: [`SWITCHBOARD_CONFIG_FILE: ${file} nests deeper than 32 levels`],
    });
  });
});
