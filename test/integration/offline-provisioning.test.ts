// Offline-message settings in a provisioning file: applied, reported, kept when left out, checked like the admin API.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyProvisioning, parseProvisioningFile } from "../../src/admin/index.js";
import { createAgentFactory } from "../../src/agents/index.js";
import { readOfflineSettings } from "../../src/core/index.js";
import { openTempStore, type TempStore } from "../support/admin-fixtures.js";

let temp: TempStore;
const deps = () => ({ store: temp.store, agents: createAgentFactory(), now: Date.now });
beforeEach(() => {
  temp = openTempStore();
});
afterEach(() => temp.cleanup());

const file = (offline: string) => `
agents:
  - id: ada
    definition: { kind: rules, name: Ada, greeting: { text: "Hi!" }, fallback: { text: "Sorry?" } }
connectors:
  - id: website
    host: example.com
    agent: ada
    handoff: { mode: server, queue: support }
${offline}
queues: [{ name: support }]
`;

function parse(text: string): unknown {
  const parsed = parseProvisioningFile(text, "seed.yaml");
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.document;
}

const outcomeOf = (result: Awaited<ReturnType<typeof applyProvisioning>>) =>
  result.ok ? result.objects.find((o) => o.kind === "connector")?.outcome : result;

describe("offline messages in provisioning files", () => {
  it("applies the settings, reports a change as updated and keeps them when the file leaves them out", async () => {
    const withHook = file(
      "    offline_messages: { enabled: true, webhook_url: https://crm.example.com/hook, webhook_secret: a-secret-of-20-chars }",
    );
    expect(outcomeOf(await applyProvisioning(deps(), parse(withHook)))).toBe("created");
    expect(await readOfflineSettings(temp.store, "website")).toEqual({
      enabled: true,
      webhookUrl: "https://crm.example.com/hook",
      webhookSecret: "a-secret-of-20-chars",
    });
    expect(outcomeOf(await applyProvisioning(deps(), parse(withHook)))).toBe("unchanged");
    const off = file("    offline_messages: { enabled: false }");
    expect(outcomeOf(await applyProvisioning(deps(), parse(off)))).toBe("updated");
    expect((await readOfflineSettings(temp.store, "website")).enabled).toBe(false);
    expect(outcomeOf(await applyProvisioning(deps(), parse(file(""))))).toBe("unchanged");
    expect((await readOfflineSettings(temp.store, "website")).enabled).toBe(false);
  });

  it("names each problem with its path", async () => {
    const bad = file("    offline_messages: { enabled: 1, webhook_url: ftp://x }");
    const result = await applyProvisioning(deps(), parse(bad));
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toEqual(
      expect.arrayContaining([
        "connectors[0].offline_messages.enabled: required, true or false",
        "connectors[0].offline_messages.webhook_url: must be an http(s) URL or null",
      ]),
    );
  });
});
