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
    chunk_join: space
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
        { kind: "queue", id: "support", outcome: "created" },
      ],
      tokens: [{ connectorId: "website", token: expect.stringMatching(/^sbc_/) }],
      deskTokens: [],
      agentKeys: [],
      notes: [],
    });
    const website = await temp.store.getConnector("website");
    expect(website).toMatchObject({
      host: "example.com",
      agentId: "ada",
      handoff: { mode: "client", reason: "COMPLEX_QUERY", queue_name: "Support" },
    });
    expect(website?.tokenHash).toBe(first.ok ? hashToken(first.tokens[0]?.token ?? "") : "");
    expect(await temp.store.getConnector("app")).toMatchObject({
      tokenHash: hashToken(KNOWN_TOKEN),
      chunkJoin: "space",
    });
    expect(website?.chunkJoin).toBe("auto");
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
      .replace("chunk_join: space", "chunk_join: concat")
      .replace("queue_name: Support", "queue_name: Sales")
      .replace(`token: ${KNOWN_TOKEN}`, "token: sbc_a-brand-new-known-token-02");
    const result = await applyProvisioning(deps(), parse(changed));
    expect(result.ok && result.objects.map((o) => o.outcome)).toEqual([
      "updated",
      "updated",
      "updated",
      "unchanged",
    ]);
    const after = await temp.store.getConnector("website");
    expect(after?.tokenHash).toBe(before?.tokenHash);
    expect(after?.handoff).toMatchObject({ queue_name: "Sales" });
    expect(after?.createdAt).toBe(before?.createdAt);
    expect((await temp.store.getAgent("ada"))?.name).toBe("Adele");
    expect(await temp.store.getConnector("app")).toMatchObject({
      tokenHash: hashToken("sbc_a-brand-new-known-token-02"),
      chunkJoin: "concat",
    });
  });

  it("accepts JSON and refers to agents already in the store", async () => {
    await temp.store.createAgent({
      id: "stored",
      name: "S",
      definition: rulesDefinition("S"),
      keyHash: null,
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

  it("gives a connector agent variants from the file or the store, checked, and re-applies unchanged", async () => {
    const file = (variants: string) => `
agents:
  - id: ada
    definition: { kind: rules, name: Ada, greeting: { text: "Hi!" }, fallback: { text: "?" }, rules: [] }
  - id: beta
    definition: { kind: rules, name: Beta, greeting: { text: "Beta!" }, fallback: { text: "?" }, rules: [] }
connectors:
  - id: sms
    host: null
    agent: ada
    variants: ${variants}
`;
    const first = await applyProvisioning(deps(), parse(file("{ b: beta }")));
    expect(first.ok).toBe(true);
    expect((await temp.store.getConnector("sms"))?.variants).toEqual({ b: "beta" });
    const again = await applyProvisioning(deps(), parse(file("{ b: beta }")));
    expect(again.ok && again.objects.filter((o) => o.outcome !== "unchanged")).toEqual([]);
    const bad = await applyProvisioning(deps(), parse(file('{ b: gone, "no way": beta }')));
    expect(bad.ok ? [] : bad.problems).toEqual([
      'connectors[0].variants.no way: a variant id is 1 to 64 letters, digits, ".", "_" or "-"',
    ]);
    const missing = await applyProvisioning(deps(), parse(file("{ b: gone }")));
    expect(missing.ok ? [] : missing.problems).toEqual([
      'connectors[0].variants.b: no agent "gone" in the file or the store',
    ]);
    const cleared = await applyProvisioning(deps(), parse(file("null")));
    expect(cleared.ok && cleared.objects.find((o) => o.id === "sms")?.outcome).toBe("updated");
    expect((await temp.store.getConnector("sms"))?.variants).toBeUndefined();
  });

  it("reports every problem with its path and writes nothing", async () => {
    await temp.store.createAgent({
      id: "stored",
      name: "S",
      definition: rulesDefinition("S"),
      keyHash: null,
      createdAt: 1,
      updatedAt: 1,
    });
    await temp.store.createConnector({
      id: "owner",
      name: null,
      host: "a.com",
      agentId: "stored",
      handoff: null,
      chunkJoin: "auto",
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
        { id: "c1", host: "not a host!", agent: "ok-agent", chunk_join: "words" },
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
      "connectors[0].chunk_join: must be one of auto, space, concat",
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
      deskTokens: [],
      agentKeys: [],
      notes: [],
    });
    const list = await applyProvisioning(deps(), parse("- a\n- b\n"));
    expect(list.ok ? [] : list.problems).toEqual([
      "(file): must be a mapping of agents, connectors, queues, desk_users, saved_replies",
    ]);
  });
});

const DESK_TOKEN = "sbd_known-desk-token-for-tests-1";

const DESK_FILE = `
queues:
  - name: support
  - name: billing
    max_wait_seconds: 900
    status_interval_seconds: 15
    opening_hours:
      timezone: Europe/Paris
      weekly: { mon: ["09:00-17:00"], sat: ["10:00-12:00"] }
desk_users:
  - id: sarah
    name: Sarah
    avatar_url: https://example.com/sarah.png
    queues: [support, billing]
    max_concurrent: 5
    token: ${DESK_TOKEN}
  - id: tom
    name: Tom
    queues: [stored-queue]
`;

describe("applyProvisioning: queues and desk users", () => {
  beforeEach(async () => {
    await temp.store.putQueue({
      name: "stored-queue",
      maxWaitSeconds: 60,
      statusIntervalSeconds: 10,
      openingHours: null,
      createdAt: 1,
      updatedAt: 1,
    });
  });

  it("creates queues and desk users (queues from the same file), reports a generated token once, then nothing changes", async () => {
    const first = await applyProvisioning(deps(), parse(DESK_FILE));
    expect(first).toEqual({
      ok: true,
      objects: [
        { kind: "queue", id: "support", outcome: "created" },
        { kind: "queue", id: "billing", outcome: "created" },
        { kind: "desk_user", id: "sarah", outcome: "created" },
        { kind: "desk_user", id: "tom", outcome: "created" },
      ],
      tokens: [],
      deskTokens: [{ deskUserId: "tom", token: expect.stringMatching(/^sbd_/) }],
      agentKeys: [],
      notes: [],
    });
    expect(await temp.store.getQueue("support")).toMatchObject({
      maxWaitSeconds: 600,
      statusIntervalSeconds: 30,
      openingHours: null,
    });
    expect(await temp.store.getQueue("billing")).toMatchObject({
      maxWaitSeconds: 900,
      statusIntervalSeconds: 15,
      openingHours: {
        timezone: "Europe/Paris",
        weekly: { mon: ["09:00-17:00"], sat: ["10:00-12:00"] },
      },
    });
    expect(await temp.store.getDeskUser("sarah")).toMatchObject({
      name: "Sarah",
      avatarUrl: "https://example.com/sarah.png",
      queues: ["support", "billing"],
      maxConcurrent: 5,
      tokenHash: hashToken(DESK_TOKEN),
    });
    const tomToken = first.ok ? (first.deskTokens[0]?.token ?? "") : "";
    expect(await temp.store.getDeskUser("tom")).toMatchObject({
      avatarUrl: null,
      queues: ["stored-queue"],
      maxConcurrent: 3,
      tokenHash: hashToken(tomToken),
    });
    const snapshot = [await temp.store.listQueues(), await temp.store.listDeskUsers()];

    const second = await applyProvisioning(deps(), parse(DESK_FILE));
    expect(second.ok && second.objects.every((o) => o.outcome === "unchanged")).toBe(true);
    expect(second.ok && second.objects).toHaveLength(4);
    expect(second.ok && second.deskTokens).toEqual([]);
    expect([await temp.store.listQueues(), await temp.store.listDeskUsers()]).toEqual(snapshot);
  });

  it("updates changed queues and desk users, keeps a token the file does not give, and tells the desk", async () => {
    await applyProvisioning(deps(), parse(DESK_FILE));
    const tomBefore = await temp.store.getDeskUser("tom");
    const changes: [string, string][] = [];
    const changed = DESK_FILE.replace("    max_wait_seconds: 900\n", "")
      .replace("queues: [support, billing]", "queues: [billing]")
      .replace(`token: ${DESK_TOKEN}`, "token: sbd_another-known-desk-token-2")
      .replace("name: Tom", "name: Thomas");
    const result = await applyProvisioning(
      { ...deps(), deskUserChanged: (id, change) => void changes.push([id, change]) },
      parse(changed),
    );
    expect(result.ok && result.objects.map((o) => `${o.id}:${o.outcome}`)).toEqual([
      "support:unchanged",
      "billing:updated",
      "sarah:updated",
      "tom:updated",
    ]);
    expect((await temp.store.getQueue("billing"))?.maxWaitSeconds).toBe(600);
    const sarah = await temp.store.getDeskUser("sarah");
    expect(sarah).toMatchObject({ queues: ["billing"] });
    expect(sarah?.tokenHash).toBe(hashToken("sbd_another-known-desk-token-2"));
    const tom = await temp.store.getDeskUser("tom");
    expect(tom).toMatchObject({ name: "Thomas", tokenHash: tomBefore?.tokenHash });
    expect(tom?.createdAt).toBe(tomBefore?.createdAt);
    expect(result.ok && result.deskTokens).toEqual([]);
    expect(changes).toEqual([
      ["sarah", "token_rotated"],
      ["tom", "updated"],
    ]);
  });

  it("reports every queue and desk-user problem with its path and writes nothing", async () => {
    await temp.store.createDeskUser({
      id: "owner",
      name: "Owner",
      avatarUrl: null,
      queues: [],
      maxConcurrent: 3,
      tokenHash: hashToken("sbd_taken-desk-token-000001"),
      createdAt: 1,
      updatedAt: 1,
    });
    const bad = {
      queues: [
        { name: "support" },
        {
          name: "billing",
          opening_hours: { timezone: "Europe/Paris", weekly: { mon: ["9am-5pm"] } },
        },
        { name: "Support Desk", max_wait_seconds: 3 },
        { name: "support", colour: "red" },
        { max_wait_seconds: 100 },
        "sales",
      ],
      desk_users: [
        { id: "a", name: "A", queues: ["support", "ghost"], token: "sbd_same-token-in-file-01" },
        { id: "b", name: "", queues: "support", max_concurrent: 0, avatar_url: "nope" },
        { name: "C", queues: [], token: "sbd_same-token-in-file-01", extra: true },
        { id: "d", name: "D", queues: [], token: "short" },
        { id: "e", name: "E", token: "sbd_taken-desk-token-000001" },
        { id: "a", name: "A again", queues: [] },
        42,
      ],
    };
    const result = await applyProvisioning(deps(), bad);
    expect(result.ok ? [] : result.problems).toEqual([
      'queues[1].opening_hours.weekly.mon[0]: must look like "09:00-17:00"',
      "queues[2].name: must be 1-64 lower-case letters, digits, '_' or '-', starting with a letter or digit",
      "queues[2].max_wait_seconds: must be a whole number from 10 to 86400",
      'queues[3].name: "support" appears more than once',
      "queues[3].colour: unknown field",
      "queues[4].name: required",
      "queues[5]: must be a mapping with a name",
      'desk_users[0].queues[1]: no queue "ghost" in the file or the store',
      "desk_users[1].name: must be a non-blank string of at most 100 characters",
      "desk_users[1].avatar_url: must be an http(s) URL or null",
      "desk_users[1].queues: must be a list of queue names",
      "desk_users[1].max_concurrent: must be a whole number from 1 to 50",
      "desk_users[2].extra: unknown field",
      "desk_users[2].id: required",
      'desk_users[2].token: the same token is given for desk user "a"',
      "desk_users[3].token: must be a string of at least 16 characters without spaces",
      "desk_users[4].queues: required (a list of queue names)",
      'desk_users[4].token: already used by desk user "owner"',
      'desk_users[5].id: "a" appears more than once',
      "desk_users[6]: must be a mapping with id, name and queues",
    ]);
    expect((await temp.store.listQueues()).map((q) => q.name)).toEqual(["stored-queue"]);
    expect((await temp.store.listDeskUsers()).map((u) => u.id)).toEqual(["owner"]);
  });

  it("notes a server handoff to a queue that is neither in the file nor in the store", async () => {
    const file = {
      agents: [{ id: "ada", definition: rulesDefinition() }],
      connectors: [
        { id: "one", host: "a.com", agent: "ada", handoff: { mode: "server", queue: "sales" } },
        { id: "two", host: "b.com", agent: "ada", handoff: { mode: "server", queue: "support" } },
        { id: "three", host: "c.com", agent: "ada", handoff: { mode: "server" } },
        {
          id: "four",
          host: "d.com",
          agent: "ada",
          handoff: { mode: "server", queue: "stored-queue" },
        },
      ],
      queues: [{ name: "support" }],
    };
    const result = await applyProvisioning(deps(), file);
    expect(result.ok && result.notes).toEqual([
      'connector one: hands off to queue "sales", which is not in the file or the store (handoffs will fail until it exists)',
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
