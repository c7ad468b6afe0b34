// The admin API over a real Fastify server (port 0) and a real SQLite store: every route and error.
import { readFileSync } from "node:fs";
import { v7 } from "uuid";
import { beforeEach, describe, expect, it, vi } from "vitest";
import * as auth from "../../src/auth/index.js";
import { hashToken } from "../../src/auth/index.js";
import type { NewEvent } from "../../src/core/index.js";
import {
  type AdminServer,
  rulesDefinition,
  startAdminFixture,
  startAdminServer,
  type TempStore,
} from "../support/admin-fixtures.js";
import { closeAfterEach } from "../support/teardown.js";

vi.mock("../../src/auth/index.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../src/auth/index.js")>();
  return { ...original, constantTimeEqual: vi.fn(original.constantTimeEqual) };
});

let temp: TempStore;
let server: AdminServer;
const track = closeAfterEach();

beforeEach(async () => {
  ({ temp, server } = track(await startAdminFixture()));
});

async function json(response: Response): Promise<Record<string, unknown>> {
  return (await response.json()) as Record<string, unknown>;
}
async function errorOf(response: Response) {
  return (await json(response)).error as { code: string; message: string; details?: string[] };
}
async function createAgent(name = "Ada", id?: string): Promise<string> {
  const response = await server.call("POST", "/admin/v1/agents", {
    ...rulesDefinition(name),
    ...(id ? { id } : {}),
  });
  expect(response.status).toBe(201);
  return (await json(response)).id as string;
}
async function createConnector(agentId: string, extra: Record<string, unknown> = {}) {
  const response = await server.call("POST", "/admin/v1/connectors", {
    host: "example.com",
    agent_id: agentId,
    ...extra,
  });
  expect(response.status).toBe(201);
  return (await json(response)) as { id: string; token: string } & Record<string, unknown>;
}

describe("admin authentication", () => {
  it("answers 401 without a token, with a wrong one, or with another scheme", async () => {
    const noHeader = await fetch(`${server.url}/admin/v1/agents`);
    expect(noHeader.status).toBe(401);
    expect(await errorOf(noHeader)).toEqual({
      code: "admin_unauthorized",
      message: "Missing or invalid admin token",
    });
    expect(
      (await server.call("GET", "/admin/v1/agents", undefined, "wrong-token-0123456789")).status,
    ).toBe(401);
    const basic = await fetch(`${server.url}/admin/v1/agents`, {
      headers: { authorization: "Basic abc" },
    });
    expect(basic.status).toBe(401);
    expect((await fetch(`${server.url}/admin/v1/nothing-here`)).status).toBe(401);
  });

  it("compares the bearer token in constant time", async () => {
    const spy = vi.mocked(auth.constantTimeEqual);
    spy.mockClear();
    await server.call("GET", "/admin/v1/agents", undefined, "guess-0123456789abcdef");
    expect(spy).toHaveBeenCalledWith("guess-0123456789abcdef", expect.any(String));
  });

  it("answers unknown admin routes with a JSON 404 and rejects bodies that are not JSON", async () => {
    const missing = await server.call("GET", "/admin/v1/nothing-here");
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe("admin_not_found");
    const bad = await server.call("POST", "/admin/v1/agents", "{not json");
    expect(bad.status).toBe(400);
    expect(await errorOf(bad)).toMatchObject({ code: "admin_invalid_request" });
    const array = await server.call("POST", "/admin/v1/connectors", [1, 2]);
    expect((await errorOf(array)).details).toEqual(["body: must be a JSON object"]);
  });
});

describe("agents", () => {
  it("creates with a generated UUIDv7 or a given id, lists, reads, replaces and deletes", async () => {
    const response = await server.call("POST", "/admin/v1/agents", rulesDefinition("Ada"));
    expect(response.status).toBe(201);
    const created = await json(response);
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/);
    expect(created).toMatchObject({ name: "Ada", definition: rulesDefinition("Ada") });
    expect(created.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    await createAgent("Bob", "bob");
    const list = await json(await server.call("GET", "/admin/v1/agents"));
    expect((list.agents as { id: string }[]).map((a) => a.id).sort()).toEqual(
      [created.id, "bob"].sort(),
    );
    expect(await json(await server.call("GET", "/admin/v1/agents/bob"))).toMatchObject({
      id: "bob",
      name: "Bob",
    });
    const replaced = await server.call("PUT", "/admin/v1/agents/bob", rulesDefinition("Robert"));
    expect(replaced.status).toBe(200);
    expect((await temp.store.getAgent("bob"))?.name).toBe("Robert");
    expect((await server.call("DELETE", "/admin/v1/agents/bob")).status).toBe(204);
    expect((await server.call("GET", "/admin/v1/agents/bob")).status).toBe(404);
    expect((await server.call("DELETE", "/admin/v1/agents/bob")).status).toBe(404);
  });

  it("rejects an invalid definition listing every problem, and writes nothing", async () => {
    const definition = {
      ...rulesDefinition(),
      id: "has space",
      rules: [{ match: { regex: "(" }, reply: { text: "x" } }],
    };
    const response = await server.call("POST", "/admin/v1/agents", definition);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("admin_invalid_request");
    expect(error.details?.[0]).toMatch(/^id: /);
    expect(error.details?.some((d) => d.startsWith("rules[0].match.regex"))).toBe(true);
    for (const detail of error.details ?? []) expect(error.message).toContain(detail);
    expect(await temp.store.listAgents()).toEqual([]);
    const noKind = await errorOf(await server.call("POST", "/admin/v1/agents", { name: "x" }));
    expect(noKind.details?.[0]).toMatch(/^kind: /);
  });

  it("refuses a taken id (409), a PUT whose id differs (400) and a PUT of an unknown agent (404)", async () => {
    await createAgent("Ada", "ada");
    const taken = await server.call("POST", "/admin/v1/agents", {
      ...rulesDefinition(),
      id: "ada",
    });
    expect(taken.status).toBe(409);
    expect((await errorOf(taken)).code).toBe("admin_conflict");
    const mismatch = await server.call("PUT", "/admin/v1/agents/ada", {
      ...rulesDefinition(),
      id: "other",
    });
    expect((await errorOf(mismatch)).details).toEqual(["id: must match the id in the path"]);
    expect((await server.call("PUT", "/admin/v1/agents/nobody", rulesDefinition())).status).toBe(
      404,
    );
  });

  it("refuses to delete an agent a connector still uses (409)", async () => {
    const agentId = await createAgent();
    const connector = await createConnector(agentId);
    const response = await server.call("DELETE", `/admin/v1/agents/${agentId}`);
    expect(response.status).toBe(409);
    expect((await errorOf(response)).message).toContain(connector.id);
    expect(await temp.store.getAgent(agentId)).toBeDefined();
  });
});

describe("connectors", () => {
  it("shows the token once, stores only its hash, and never returns it again", async () => {
    const agentId = await createAgent();
    const created = await createConnector(agentId, {
      name: "Website",
      host: "https://WWW.Example.com:8443/path",
    });
    expect(created.token).toMatch(/^sbc_[A-Za-z0-9_-]{43}$/);
    expect(created).toMatchObject({
      host: "www.example.com",
      agent_id: agentId,
      name: "Website",
      handoff: null,
    });
    const stored = await temp.store.getConnector(created.id);
    expect(stored?.tokenHash).toBe(hashToken(created.token));
    await server.close();
    await temp.reopen();
    const fileBytes = readFileSync(temp.file);
    expect(fileBytes.includes(created.token)).toBe(false);
    expect(fileBytes.includes(hashToken(created.token))).toBe(true);
    server = track(await startAdminServer(temp.store));
    const one = await json(await server.call("GET", `/admin/v1/connectors/${created.id}`));
    const list = await json(await server.call("GET", "/admin/v1/connectors"));
    for (const body of [one, ...(list.connectors as Record<string, unknown>[])]) {
      expect(JSON.stringify(body)).not.toContain(created.token);
      expect(JSON.stringify(body)).not.toContain(hashToken(created.token));
      expect(body).not.toHaveProperty("token");
    }
  });

  it("accepts both handoff modes and rejects bad fields all at once", async () => {
    const agentId = await createAgent();
    const server1 = await createConnector(agentId, {
      handoff: { mode: "server", queue: "support" },
    });
    expect(server1.handoff).toEqual({ mode: "server", queue: "support" });
    const client = {
      mode: "client",
      reason: "POLICY",
      queue_name: "Support",
      route: "https://example.com/help",
    };
    expect((await createConnector(agentId, { handoff: client })).handoff).toEqual(client);
    const response = await server.call("POST", "/admin/v1/connectors", {
      host: "http://",
      agent_id: "ghost",
      handoff: { mode: "client", reason: "BORED", route: "ftp://x", extra: 1 },
      colour: "blue",
    });
    expect(response.status).toBe(400);
    const { details } = await errorOf(response);
    expect(details).toEqual(
      expect.arrayContaining([
        "colour: unknown field",
        'host: "http://" is not a valid host identifier',
        'agent_id: no agent "ghost"',
        "handoff.extra: unknown field",
        "handoff.reason: must be one of COMPLEX_QUERY, AGENT_DECISION, POLICY",
        "handoff.queue_name: must be a non-empty string",
        "handoff.route: must be an http(s) URL",
      ]),
    );
    const missing = await errorOf(await server.call("POST", "/admin/v1/connectors", {}));
    expect(missing.details).toEqual([
      "host: required (a domain, URL or app namespace, or null)",
      "agent_id: required",
    ]);
    const badMode = await errorOf(
      await server.call("POST", "/admin/v1/connectors", {
        host: "a.com",
        agent_id: agentId,
        handoff: { mode: "x" },
      }),
    );
    expect(badMode.details).toEqual(['handoff.mode: must be "server" or "client"']);
    expect((await temp.store.listConnectors()).length).toBe(2);
  });

  it("patches given fields, validates them, and 404s unknown connectors", async () => {
    const agentId = await createAgent();
    const other = await createAgent("Bob", "bob");
    const created = await createConnector(agentId, { name: "Old", handoff: { mode: "server" } });
    const patched = await server.call("PATCH", `/admin/v1/connectors/${created.id}`, {
      name: null,
      handoff: null,
      agent_id: other,
      host: "com.example.app",
    });
    expect(patched.status).toBe(200);
    expect(await json(patched)).toMatchObject({
      name: null,
      handoff: null,
      agent_id: "bob",
      host: "com.example.app",
    });
    const stored = await temp.store.getConnector(created.id);
    expect(stored?.tokenHash).toBe(hashToken(created.token));
    const bad = await errorOf(
      await server.call("PATCH", `/admin/v1/connectors/${created.id}`, {
        token: "x",
        agent_id: "ghost",
      }),
    );
    expect(bad.details).toEqual(["token: unknown field", 'agent_id: no agent "ghost"']);
    expect((await server.call("PATCH", "/admin/v1/connectors/nope", { name: "x" })).status).toBe(
      404,
    );
  });

  it("rotates the token: the new one is shown once and the old hash stops matching", async () => {
    const created = await createConnector(await createAgent());
    const response = await server.call("POST", `/admin/v1/connectors/${created.id}/rotate-token`);
    expect(response.status).toBe(200);
    const rotated = await json(response);
    expect(rotated.token).toMatch(/^sbc_/);
    expect(rotated.token).not.toBe(created.token);
    expect(await temp.store.getConnectorByTokenHash(hashToken(created.token))).toBeUndefined();
    expect((await temp.store.getConnectorByTokenHash(hashToken(rotated.token as string)))?.id).toBe(
      created.id,
    );
    expect((await server.call("POST", "/admin/v1/connectors/nope/rotate-token")).status).toBe(404);
  });

  it("deletes a connector, then answers 404 for it", async () => {
    const created = await createConnector(await createAgent());
    expect((await server.call("DELETE", `/admin/v1/connectors/${created.id}`)).status).toBe(204);
    expect((await server.call("GET", `/admin/v1/connectors/${created.id}`)).status).toBe(404);
    expect((await server.call("DELETE", `/admin/v1/connectors/${created.id}`)).status).toBe(404);
  });
});

const T = Date.parse("2025-01-01T00:00:00.000Z");

function event(
  type: NewEvent["type"],
  payload: Record<string, unknown>,
  metadata?: Record<string, unknown>,
): NewEvent {
  return {
    id: v7(),
    type,
    timestamp: new Date(T).toISOString(),
    payloadJson: JSON.stringify(payload),
    metadataJson: metadata ? JSON.stringify({ custom: metadata }) : null,
    clientKey: null,
  };
}

async function seedSession(connectorId: string, createdAt: number): Promise<string> {
  const id = v7();
  await temp.store.createSession(
    {
      id,
      connectorId,
      subject: "s",
      subjectExpiresAt: null,
      streaming: false,
      clientProfile: "standard",
      chunkLayout: "concat",
      platform: "web",
      deviceType: null,
      userAgent: null,
      createdAt,
    },
    event("EVENT_TYPE_SESSION_START", { capabilities: { streaming: false } }),
  );
  return id;
}

describe("sessions", () => {
  it("lists newest first with filters and keyset pages", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push(await seedSession(i % 2 === 0 ? "c1" : "c2", T + i * 1000));
    await temp.store.append(ids[4] as string, [], { state: "ended", endedAt: T + 9000 });
    const all = await json(await server.call("GET", "/admin/v1/sessions"));
    expect((all.sessions as { id: string }[]).map((s) => s.id)).toEqual([...ids].reverse());
    expect(all.next_before).toBeNull();
    const c1 = await json(
      await server.call("GET", "/admin/v1/sessions?connector_id=c1&state=active"),
    );
    expect((c1.sessions as { id: string }[]).map((s) => s.id)).toEqual([ids[2], ids[0]]);
    const timed = await json(
      await server.call(
        "GET",
        `/admin/v1/sessions?created_after=${new Date(T + 500).toISOString()}&created_before=${T + 3500}`,
      ),
    );
    expect((timed.sessions as { id: string }[]).map((s) => s.id)).toEqual([ids[3], ids[2], ids[1]]);
    const page1 = await json(await server.call("GET", "/admin/v1/sessions?limit=2"));
    expect(page1.next_before).toBe(ids[3]);
    const page2 = await json(
      await server.call("GET", `/admin/v1/sessions?limit=2&before=${page1.next_before}`),
    );
    expect((page2.sessions as { id: string }[]).map((s) => s.id)).toEqual([ids[2], ids[1]]);
    const ended = await json(await server.call("GET", "/admin/v1/sessions?state=ended"));
    expect(ended.sessions).toEqual([
      expect.objectContaining({
        id: ids[4],
        state: "ended",
        ended_at: new Date(T + 9000).toISOString(),
      }),
    ]);
  });

  it("rejects bad query parameters, listing each", async () => {
    const response = await server.call(
      "GET",
      "/admin/v1/sessions?state=open&limit=0&created_after=yesterday&colour=red&before=nope",
    );
    expect(response.status).toBe(400);
    expect((await errorOf(response)).details).toEqual([
      "colour: unknown query parameter",
      "state: must be active or ended",
      "created_after: must be an ISO 8601 time or epoch milliseconds",
      "limit: must be a whole number from 1 to 500",
    ]);
    expect(
      (await errorOf(await server.call("GET", "/admin/v1/sessions?before=nope"))).details,
    ).toEqual(['before: no session "nope"']);
  });

  it("returns a session with its whole event log in order, read past one page", async () => {
    const id = await seedSession("c1", T);
    const events = Array.from({ length: 620 }, (_, i) =>
      event("EVENT_TYPE_USER_MESSAGE", { text: `m${i}` }, { client_event_id: `e${i}` }),
    );
    await temp.store.append(id, events);
    const body = await json(await server.call("GET", `/admin/v1/sessions/${id}`));
    expect(body).toMatchObject({ id, connector_id: "c1", state: "active", last_sequence: 621 });
    const log = body.events as {
      sequence: number;
      type: string;
      payload: { text?: string };
      metadata?: unknown;
    }[];
    expect(log).toHaveLength(621);
    expect(log.map((e) => e.sequence)).toEqual(Array.from({ length: 621 }, (_, i) => i + 1));
    expect(log[0]?.type).toBe("EVENT_TYPE_SESSION_START");
    expect(log[620]).toMatchObject({
      payload: { text: "m619" },
      metadata: { custom: { client_event_id: "e619" } },
    });
    expect(log[0]).not.toHaveProperty("metadata");
    expect((await server.call("GET", `/admin/v1/sessions/${v7()}`)).status).toBe(404);
  });

  it("erases a session through deps.sessions.erase; then it is 404 everywhere", async () => {
    const id = await seedSession("c1", T);
    expect((await server.call("DELETE", `/admin/v1/sessions/${id}`)).status).toBe(204);
    expect(server.erased).toEqual([id]);
    expect((await server.call("GET", `/admin/v1/sessions/${id}`)).status).toBe(404);
    expect((await server.call("DELETE", `/admin/v1/sessions/${id}`)).status).toBe(404);
    expect((await json(await server.call("GET", "/admin/v1/sessions"))).sessions).toEqual([]);
  });
});

describe("signing keys and docs", () => {
  it("rotates the signing key and returns the new kid", async () => {
    const response = await server.call("POST", "/admin/v1/signing-keys/rotate");
    expect(response.status).toBe(200);
    const { kid } = await json(response);
    expect(typeof kid).toBe("string");
    expect((await temp.store.listSigningKeys())[0]?.kid).toBe(kid);
    expect(
      (await fetch(`${server.url}/admin/v1/signing-keys/rotate`, { method: "POST" })).status,
    ).toBe(401);
  });

  it("serves the OpenAPI document and the docs page without auth or secrets", async () => {
    const spec = await json(await fetch(`${server.url}/docs/openapi.json`));
    expect(spec.openapi).toBe("3.1.0");
    expect(Object.keys(spec.paths as object)).toContain("/admin/v1/connectors/{id}/rotate-token");
    const page = await fetch(`${server.url}/docs`);
    expect(page.headers.get("content-type")).toContain("text/html");
    const html = await page.text();
    expect(html).toContain("/admin/v1/sessions/{id}");
    expect(html).not.toContain("test-admin-token");
  });
});
