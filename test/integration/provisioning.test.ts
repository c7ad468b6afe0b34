// Declarative provisioning against a real SQLite store: idempotence, every problem at once, no partial writes.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyProvisioning, parseProvisioningFile } from "../../src/admin/index.js";
import { createAgentFactory } from "../../src/agents/index.js";
import { hashToken } from "../../src/auth/index.js";
import { openTempStore, rulesDefinition, type TempStore } from "../support/admin-fixtures.js";

let temp: TempStore;
const deps = () => ({ store: temp.store, agents: createAgentFactory(), now: Date.now });

beforeEach(() => {
  temp = openTempStore();
});
afterEach(async () => {
  await temp.cleanup();
});

const KNOWN_TOKEN = "sbc_known-token-for-tests-0001";

const YAML_FILE = `
agents:
  - id: ada
    definition:
      kind: rules
      name: Ada
      greeting: { text: "Hi!" }
      fallback: { text: "Sorry?" }
      rules:
        - match: { keywords: [hours] }
          reply: { text: "9 to 5" }
connectors:
  - id: website
    host: https://Example.com
    agent: ada
    handoff: { mode: client, reason: COMPLEX_QUERY, queue_name: Support }
  - id: app
    host: com.example.app
    agent: ada
    name: Mobile app
    token: ${KNOWN_TOKEN}
queues: [{ name: support }]
desk_users: []
`;

function parse(text: string, name = "seed.yaml"): unknown {
  const parsed = parseProvisioningFile(text, name);
  if (!parsed.ok) throw new Error(parsed.problems.join("\n"));
  return parsed.document;
}

describe("applyProvisioning", () => {
  it("creates everything, reports the generated token once, and changes nothing the second time", async () => {
    const first = await applyProvisioning(deps(), parse(YAML_FILE));
    expect(first).toEqual({
      ok: true,
      objects: [
        { kind: "agent", id: "ada", outcome: "created" },
        { kind: "connector", id: "website", outcome: "created" },
        { kind: "connector", id: "app", outcome: "created" },
      ],
      tokens: [{ connectorId: "website", token: expect.stringMatching(/^sbc_/) }],
      notes: [expect.stringContaining("queues: 1 entry ignored")],
    });
    const website = await temp.store.getConnector("website");
    expect(website).toMatchObject({
      host: "example.com",
      agentId: "ada",
      handoff: { mode: "client", reason: "COMPLEX_QUERY", queue_name: "Support" },
    });
    expect(website?.tokenHash).toBe(first.ok ? hashToken(first.tokens[0]?.token ?? "") : "");
    expect((await temp.store.getConnector("app"))?.tokenHash).toBe(hashToken(KNOWN_TOKEN));
    const snapshot = [await temp.store.listAgents(), await temp.store.listConnectors()];

    const second = await applyProvisioning(deps(), parse(YAML_FILE));
    expect(second.ok && second.objects.every((o) => o.outcome === "unchanged")).toBe(true);
    expect(second.ok && second.tokens).toEqual([]);
    expect([await temp.store.listAgents(), await temp.store.listConnectors()]).toEqual(snapshot);
  });

  it("updates changed objects, keeps an existing token when none is given, and replaces it when one is", async () => {
    await applyProvisioning(deps(), parse(YAML_FILE));
    const before = await temp.store.getConnector("website");
    const changed = YAML_FILE.replace("name: Ada", "name: Adele")
      .replace("queue_name: Support", "queue_name: Sales")
      .replace(`token: ${KNOWN_TOKEN}`, "token: sbc_a-brand-new-known-token-02");
    const result = await applyProvisioning(deps(), parse(changed));
    expect(result.ok && result.objects.map((o) => o.outcome)).toEqual([
      "updated",
      "updated",
      "updated",
    ]);
    const after = await temp.store.getConnector("website");
    expect(after?.tokenHash).toBe(before?.tokenHash);
    expect(after?.handoff).toMatchObject({ queue_name: "Sales" });
    expect(after?.createdAt).toBe(before?.createdAt);
    expect((await temp.store.getAgent("ada"))?.name).toBe("Adele");
    expect((await temp.store.getConnector("app"))?.tokenHash).toBe(
      hashToken("sbc_a-brand-new-known-token-02"),
    );
  });

  it("accepts JSON and refers to agents already in the store", async () => {
    await temp.store.createAgent({
      id: "stored",
      name: "S",
      definition: rulesDefinition("S"),
      createdAt: 1,
      updatedAt: 1,
    });
    const json = JSON.stringify({ connectors: [{ id: "c", host: null, agent: "stored" }] });
    const result = await applyProvisioning(deps(), parse(json, "seed.json"));
    expect(result.ok && result.objects).toEqual([
      { kind: "connector", id: "c", outcome: "created" },
    ]);
    expect((await temp.store.getConnector("c"))?.host).toBeNull();
  });

  it("reports every problem with its path and writes nothing", async () => {
    await temp.store.createAgent({
      id: "stored",
      name: "S",
      definition: rulesDefinition("S"),
      createdAt: 1,
      updatedAt: 1,
    });
    await temp.store.createConnector({
      id: "owner",
      name: null,
      host: "a.com",
      agentId: "stored",
      handoff: null,
      tokenHash: hashToken("sbc_taken-token-000000001"),
      createdAt: 1,
      updatedAt: 1,
    });
    const bad = {
      agents: [
        { id: "ok-agent", definition: rulesDefinition("Fine") },
        {
          id: "bad agent",
          definition: {
            ...rulesDefinition(),
            rules: [{ match: { regex: "(" }, reply: { text: "x" } }],
          },
          extra: 1,
        },
        { definition: "nope" },
        { id: "ok-agent", definition: rulesDefinition() },
        "just a string",
      ],
      connectors: [
        { id: "c1", host: "not a host!", agent: "ok-agent" },
        {
          id: "c2",
          host: "x.com",
          agent: "x",
          handoff: { mode: "client", reason: "NOPE", queue_name: "" },
        },
        { id: "c3", agent: "stored", token: "short" },
        { id: "c4", host: "y.com", agent: "stored", token: "sbc_taken-token-000000001" },
        { id: "c1", host: "z.com", agent: "stored", colour: "red" },
      ],
      queues: "none",
      extra_section: [],
    };
    const result = await applyProvisioning(deps(), bad);
    expect(result.ok).toBe(false);
    const problems = result.ok ? [] : result.problems;
    const expected = [
      "extra_section: unknown field",
      "queues: must be a list",
      "agents[1].extra: unknown field",
      "agents[1].id: must be 1-128 letters",
      "agents[1].definition.rules[0].match.regex",
      "agents[2].id: required",
      "agents[2].definition: must be a mapping (the agent definition)",
      'agents[3].id: "ok-agent" appears more than once',
      "agents[4]: must be a mapping with id and definition",
      'connectors[0].host: "not a host!" is not a valid host identifier',
      'connectors[1].agent: no agent "x" in the file or the store',
      "connectors[1].handoff.reason: must be one of COMPLEX_QUERY, AGENT_DECISION, POLICY",
      "connectors[1].handoff.queue_name: must be a non-empty string",
      "connectors[2].host: required",
      "connectors[2].token: must be a string of at least 16 characters without spaces",
      'connectors[3].token: already used by connector "owner"',
      "connectors[4].colour: unknown field",
      'connectors[4].id: "c1" appears more than once',
    ];
    for (const start of expected)
      expect(
        problems.some((p) => p.startsWith(start)),
        start,
      ).toBe(true);
    expect(problems).toHaveLength(expected.length);
    expect((await temp.store.listAgents()).map((a) => a.id)).toEqual(["stored"]);
    expect((await temp.store.listConnectors()).map((c) => c.id)).toEqual(["owner"]);
  });

  it("treats an empty file as nothing to do and rejects a document that is not a mapping", async () => {
    expect(await applyProvisioning(deps(), parse(""))).toEqual({
      ok: true,
      objects: [],
      tokens: [],
      notes: [],
    });
    const list = await applyProvisioning(deps(), parse("- a\n- b\n"));
    expect(list.ok ? [] : list.problems).toEqual([
      "(file): must be a mapping of agents, connectors, queues, desk_users",
    ]);
  });
});

describe("parseProvisioningFile", () => {
  it("reports YAML and JSON syntax errors with the file name", () => {
    const yaml = parseProvisioningFile("agents: [\n", "seed.yaml");
    expect(yaml.ok ? [] : yaml.problems[0]).toMatch(/^seed\.yaml: /);
    const duplicate = parseProvisioningFile("agents: []\nagents: []\n", "seed.yml");
    expect(duplicate.ok).toBe(false);
    const json = parseProvisioningFile("{", "seed.json");
    expect(json.ok ? [] : json.problems[0]).toMatch(/^seed\.json: /);
  });
});
