// Webhook agents in the admin API, provisioning and the CLI: write-only secrets, agent keys, field errors.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { beforeEach, describe, expect, it } from "vitest";
import { applyProvisioning } from "../../src/admin/index.js";
import { createAgentFactory } from "../../src/agents/index.js";
import { hashToken } from "../../src/auth/index.js";
import { runCli } from "../../src/cli/index.js";
import { type AdminServer, startAdminFixture, type TempStore } from "../support/admin-fixtures.js";
import { closeAfterEach } from "../support/teardown.js";

const SECRET = "whsec-0123456789abcdef-stored";
const MASK = "********";

let temp: TempStore;
let server: AdminServer;
const track = closeAfterEach();

beforeEach(async () => {
  ({ temp, server } = track(await startAdminFixture()));
});

function webhook(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    kind: "webhook",
    name: "Hooky",
    url: "https://bot.example/hook",
    secret: SECRET,
    ...extra,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary fields of answers they check
type Json = Record<string, any>;

async function call(method: string, path: string, body?: unknown) {
  const response = await server.call(method, path, body);
  return { status: response.status, json: (await response.json()) as Json };
}

describe("webhook agents in the admin API", () => {
  it("shows the agent key once at creation and never shows the secret", async () => {
    const created = await call("POST", "/admin/v1/agents", { id: "hook", ...webhook() });
    expect(created.status).toBe(201);
    expect(created.json.agent_key).toMatch(/^sbk_[\w-]{43}$/);
    expect(created.json).toMatchObject({ has_agent_key: true, definition: { secret: MASK } });
    const read = await call("GET", "/admin/v1/agents/hook");
    const listed = await call("GET", "/admin/v1/agents");
    for (const body of [created.json, read.json, listed.json]) {
      expect(JSON.stringify(body)).not.toContain(SECRET);
    }
    expect(read.json.agent_key).toBeUndefined();
    const stored = await temp.store.getAgent("hook");
    expect(stored?.definition.secret).toBe(SECRET);
    expect(stored?.keyHash).toBe(hashToken(created.json.agent_key));
  });

  it("keeps the stored secret when the mask is sent back, and takes a new one", async () => {
    await call("POST", "/admin/v1/agents", { id: "hook", ...webhook() });
    const read = await call("GET", "/admin/v1/agents/hook");
    const edited = { ...read.json.definition, name: "Renamed" };
    const kept = await call("PUT", "/admin/v1/agents/hook", edited);
    expect(kept.status).toBe(200);
    expect(kept.json.agent_key).toBeUndefined();
    expect((await temp.store.getAgent("hook"))?.definition).toMatchObject({
      name: "Renamed",
      secret: SECRET,
    });
    const replaced = await call(
      "PUT",
      "/admin/v1/agents/hook",
      webhook({ secret: "x".repeat(32) }),
    );
    expect(replaced.status).toBe(200);
    expect((await temp.store.getAgent("hook"))?.definition.secret).toBe("x".repeat(32));
  });

  it("refuses the mask where nothing is stored, naming the field", async () => {
    const created = await call("POST", "/admin/v1/agents", webhook({ secret: MASK }));
    expect(created.status).toBe(400);
    expect(created.json.error.details).toEqual([
      "secret: no stored secret to keep; give the value",
    ]);
  });

  it("names every bad field of a webhook definition, never echoing the secret", async () => {
    const answer = await call(
      "POST",
      "/admin/v1/agents",
      webhook({
        url: "ftp://bot.example",
        secret: "short",
        timeout_ms: 5,
        retries: 1.5,
        headers: { Host: "evil", "X-Ok": "fine", "Bad Header": "x" },
        circuit_breaker: { failures: 0, cooldown: 1 },
        fallback: {},
        history: { unit: "words" },
        default_language: "english",
        colour: "blue",
      }),
    );
    expect(answer.status).toBe(400);
    expect(answer.json.error.details).toEqual([
      expect.stringMatching(/^colour: unknown field/),
      "url: must be an http(s) URL",
      "secret: must be a string of 16 to 1000 characters",
      "headers.Host: is set by Switchboard",
      "headers.Bad Header: is not a valid header name",
      "timeout_ms: must be a whole number from 100 to 120000",
      "retries: must be a whole number from 0 to 10",
      "circuit_breaker.cooldown: unknown field (expected one of: failures, cooldown_ms)",
      "circuit_breaker.failures: must be a whole number from 1 to 1000",
      "fallback: needs a message, a handoff or both",
      "history.unit: must be one of: characters, tokens",
      "history.limit: required",
      "default_language: must be a BCP-47 language tag such as fr or fr-FR",
    ]);
    expect(JSON.stringify(answer.json)).not.toContain("short");
  });

  it("rotates the key of a webhook agent, and refuses for a rules agent", async () => {
    const created = await call("POST", "/admin/v1/agents", { id: "hook", ...webhook() });
    const rotated = await call("POST", "/admin/v1/agents/hook/rotate-key");
    expect(rotated.status).toBe(200);
    expect(rotated.json.agent_key).toMatch(/^sbk_/);
    expect(rotated.json.agent_key).not.toBe(created.json.agent_key);
    expect((await temp.store.getAgent("hook"))?.keyHash).toBe(hashToken(rotated.json.agent_key));
    await temp.store.createAgent({
      id: "rules",
      name: "R",
      definition: { kind: "rules", name: "R", greeting: { text: "Hi" }, fallback: { text: "?" } },
      keyHash: null,
      createdAt: 1,
      updatedAt: 1,
    });
    const refused = await call("POST", "/admin/v1/agents/rules/rotate-key");
    expect(refused).toMatchObject({
      status: 409,
      json: { error: { message: 'Conflict: agents of kind "rules" have no agent key' } },
    });
  });

  it("describes the webhook kind and the agent API in the OpenAPI document", async () => {
    const response = await fetch(`${server.url}/docs/openapi.json`);
    const text = await response.text();
    expect(text).toContain("/admin/v1/agents/{id}/rotate-key");
    expect(text).toContain("/agent/v1/sessions/{session_id}/messages");
    expect(text).toContain("WebhookAgentDefinition");
  });
});

describe("webhook agents in provisioning files", () => {
  const deps = () => ({ store: temp.store, agents: createAgentFactory(), now: Date.now });
  const file = (definition: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    agents: [{ id: "hook", definition, ...extra }],
  });

  it("reports a generated agent key once; a second apply changes nothing", async () => {
    const first = await applyProvisioning(deps(), file(webhook()));
    expect(first.ok && first.agentKeys).toEqual([
      { agentId: "hook", key: expect.stringMatching(/^sbk_/) },
    ]);
    const again = await applyProvisioning(deps(), file(webhook()));
    expect(again.ok && again).toMatchObject({
      objects: [{ kind: "agent", id: "hook", outcome: "unchanged" }],
      agentKeys: [],
    });
    const masked = await applyProvisioning(deps(), file(webhook({ secret: MASK })));
    expect(masked.ok && masked.objects[0]?.outcome).toBe("unchanged");
  });

  it("takes an agent key from the file, and names a key given to a rules agent", async () => {
    const key = "sbk_provisioned-key-0123456789";
    const given = await applyProvisioning(deps(), file(webhook(), { key }));
    expect(given.ok && given.agentKeys).toEqual([]);
    expect((await temp.store.getAgent("hook"))?.keyHash).toBe(hashToken(key));
    const rules = { kind: "rules", name: "R", greeting: { text: "Hi" }, fallback: { text: "?" } };
    const wrong = await applyProvisioning(deps(), {
      agents: [{ id: "r", definition: rules, key: "sbk_another-key-0123456789" }],
    });
    expect(wrong).toEqual({
      ok: false,
      problems: ['agents[0].key: agents of kind "rules" have no agent key'],
    });
  });

  it("prefixes every bad field of a definition with its place in the file", async () => {
    const result = await applyProvisioning(deps(), file(webhook({ url: undefined, retries: -1 })));
    expect(result).toEqual({
      ok: false,
      problems: [
        "agents[0].definition.url: required",
        "agents[0].definition.retries: must be a whole number from 0 to 10",
      ],
    });
  });
});

describe("webhook agents in the CLI", () => {
  it("prints the key once on create and rotate-key, and masks the secret on show", async () => {
    const dir = mkdtempSync(join(tmpdir(), "switchboard-cli-hook-"));
    try {
      const env = { SWITCHBOARD_DATA_DIR: dir, SWITCHBOARD_DEMO: "false" };
      const path = join(dir, "hook.json");
      writeFileSync(path, JSON.stringify(webhook()));
      const created = await cli(env, "agent", "create", "-f", path, "--id", "hook");
      expect(created.code).toBe(0);
      expect(created.stdout).toMatch(/"agent_key": "sbk_/);
      expect(created.stdout).toContain("The agent key is shown only now");
      const shown = await cli(env, "agent", "show", "hook");
      expect(shown.stdout).toContain(`"secret": "${MASK}"`);
      expect(shown.stdout).not.toContain(SECRET);
      expect(shown.stdout).not.toContain('"agent_key"');
      const rotated = await cli(env, "agent", "rotate-key", "hook");
      expect(rotated.stdout).toMatch(/"agent_key": "sbk_/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function cli(env: Record<string, string>, ...argv: string[]) {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  out.on("data", (chunk) => {
    stdout += String(chunk);
  });
  const code = await runCli(argv, { stdout: out, stderr: err, env, stdin: new PassThrough() });
  return { code, stdout };
}
