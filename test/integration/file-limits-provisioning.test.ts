// File limits in a provisioning file: applied, reported, kept when left out, checked like the admin API.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyProvisioning, parseProvisioningFile } from "../../src/admin/index.js";
import { createAgentFactory } from "../../src/agents/index.js";
import { DEFAULT_FILE_LIMITS, readFileLimits } from "../../src/core/index.js";
import { openTempStore, type TempStore } from "../support/admin-fixtures.js";

let temp: TempStore;
const deps = () => ({ store: temp.store, agents: createAgentFactory(), now: Date.now });
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

const file = (limits: string) => `
agents:
  - id: ada
    definition: { kind: rules, name: Ada, greeting: { text: "Hi!" }, fallback: { text: "Sorry?" } }
connectors:
  - id: website
    host: example.com
    agent: ada
${limits}
`;

function parse(text: string): unknown {
  const parsed = parseProvisioningFile(text, "seed.yaml");
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.document;
}

const outcomeOf = (result: Awaited<ReturnType<typeof applyProvisioning>>) =>
  result.ok ? result.objects.find((o) => o.kind === "connector")?.outcome : result;

describe("file limits in provisioning files", () => {
  it("applies the limits, reports a change as updated and keeps them when the file leaves them out", async () => {
    expect(outcomeOf(await applyProvisioning(deps(), parse(file(""))))).toBe("created");
    expect(await readFileLimits(temp.store, "website")).toEqual(DEFAULT_FILE_LIMITS);
    const small = file("    file_limits: { enabled: true, max_bytes: 1000, types: [image/*] }");
    expect(outcomeOf(await applyProvisioning(deps(), parse(small)))).toBe("updated");
    expect(await readFileLimits(temp.store, "website")).toEqual({
      enabled: true,
      maxBytes: 1000,
      types: ["image/*"],
    });
    expect(outcomeOf(await applyProvisioning(deps(), parse(small)))).toBe("unchanged");
    expect(outcomeOf(await applyProvisioning(deps(), parse(file(""))))).toBe("unchanged");
    expect((await readFileLimits(temp.store, "website")).maxBytes).toBe(1000);
  });

  it("refuses bad limits with the same problems as the admin API, and writes nothing", async () => {
    const bad = file("    file_limits: { enabled: true, max_bytes: 0, types: [text/html] }");
    const result = await applyProvisioning(deps(), parse(bad));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual([
      "connectors[0].file_limits.max_bytes: required, an integer from 1 to 52428800",
      "connectors[0].file_limits.types[0]: text/html could run as a page; not accepted",
    ]);
    expect(await temp.store.getConnector("website")).toBeUndefined();
  });
});
