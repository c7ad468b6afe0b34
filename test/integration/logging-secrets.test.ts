// The real server process at LOG_LEVEL=debug: requests are logged, and no token ever is (protocol.md §8).
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accessToken, createConnector, decodeJwt, freePort, sessions } from "../support/http.js";
import { type ServerProcess, spawnServer } from "../support/server-process.js";
import { TestClient } from "../support/ws-client.js";

const ADMIN_TOKEN = `adm_${randomBytes(18).toString("base64url")}`;

let server: ServerProcess;
const dataDir = mkdtempSync(join(tmpdir(), "switchboard-logs-"));
/** Everything the process printed, read after it stopped. */
let output = "";
const secrets: Record<string, string> = { adminToken: ADMIN_TOKEN };
let sessionId = "";

function headersFor(connectorToken: string, extra: Record<string, string> = {}) {
  return { "X-Token": connectorToken, "X-Host": "localhost", ...extra };
}

async function mint(connectorToken: string, extra: Record<string, string> = {}): Promise<string> {
  const result = await accessToken(server, headersFor(connectorToken, extra));
  expect(result.status, result.text).toBe(200);
  return (result.json as { access_token: string }).access_token;
}

/** Opens and closes a WebSocket with `query`, waiting for the history so the server did its work. */
async function connectOnce(query: Record<string, string>): Promise<void> {
  const client = await TestClient.open(server.url.replace(/^http/, "ws"), query);
  try {
    await client.waitFor("EVENT_TYPE_SESSION_START", 5000, 0);
  } finally {
    client.close();
    await client.closed;
  }
}

beforeAll(async () => {
  server = await spawnServer(dataDir, { LOG_LEVEL: "debug", SWITCHBOARD_ADMIN_TOKEN: ADMIN_TOKEN });
  try {
    // A connector created over the admin API: its token is never printed (the demo one is, once).
    const created = await createConnector(
      { url: server.url, adminToken: ADMIN_TOKEN },
      { host: "localhost", agent_id: "demo" },
    );
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    secrets.connectorToken = created.token;

    const first = await mint(created.token);
    secrets.accessToken = first;
    const refreshed = await mint(created.token, { Authorization: `Bearer ${first}` });
    secrets.refreshedToken = refreshed;
    expect(decodeJwt(refreshed).payload.sub).toBe(decodeJwt(first).payload.sub);
    // A failing call with the token too, so error paths are covered.
    expect(
      (await accessToken(server, headersFor(created.token, { "X-Host": "evil.example" }))).status,
    ).toBe(401);

    const made = await sessions(server, { Authorization: `Bearer ${first}` }, "{}");
    expect(made.status, made.text).toBe(200);
    sessionId = (made.json as { session_id: string }).session_id;
    // Tokens in the query of sessions calls and plain GETs are logged only as redacted URLs.
    await fetch(`${server.url}/api/v1/sessions?access_token=${first}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${first}` },
    });
    await fetch(`${server.url}/ws?session_id=${sessionId}&access_token=${first}`);
    await fetch(`${server.url}/ws?session_id=${sessionId}&auth_token=${refreshed}`);
    await fetch(`${server.url}/healthz?token=${created.token}`);
    // The server decodes parameter names (URLSearchParams), so an encoded name is still a token.
    const encodedName = await mint(created.token);
    secrets.tokenUnderEncodedName = encodedName;
    await fetch(`${server.url}/ws?session_id=${sessionId}&access%5Ftoken=${encodedName}`);

    // Real upgrades with each query name, one with a cursor that makes the server log a warning.
    await connectOnce({ session_id: sessionId, access_token: first, cursor: "not-a-number" });
    await connectOnce({ session_id: sessionId, auth_token: refreshed });
    // A refused upgrade carrying a token.
    await expect(
      TestClient.open(server.url.replace(/^http/, "ws"), {
        session_id: "00000000-0000-4000-8000-000000000000",
        access_token: first,
      }),
    ).rejects.toMatchObject({ status: 404 });

    const admin = await fetch(`${server.url}/admin/v1/connectors`, {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(admin.status).toBe(200);
    await useWebhookAgent();
  } finally {
    await server.stop();
    output = server.output();
  }
}, 60_000);

/**
 * A webhook agent whose bot is down (nothing listens on its port), so its failures are logged;
 * its agent key is used on the agent API, rightly and wrongly.
 */
async function useWebhookAgent(): Promise<void> {
  secrets.webhookSecret = `whsec_${randomBytes(18).toString("base64url")}`;
  const admin = { Authorization: `Bearer ${ADMIN_TOKEN}`, "Content-Type": "application/json" };
  const agent = await fetch(`${server.url}/admin/v1/agents`, {
    method: "POST",
    headers: admin,
    body: JSON.stringify({
      id: "hook",
      kind: "webhook",
      name: "Hook",
      url: `http://127.0.0.1:${await freePort()}/hook`,
      secret: secrets.webhookSecret,
      retries: 1,
      backoff_ms: 0,
    }),
  });
  const { agent_key } = (await agent.json()) as { agent_key: string };
  expect(agent.status).toBe(201);
  secrets.agentKey = agent_key;
  const connector = await createConnector(
    { url: server.url, adminToken: ADMIN_TOKEN },
    { host: "localhost", agent_id: "hook" },
  );
  const token = await mint(connector.token);
  const made = await sessions(server, { Authorization: `Bearer ${token}` }, "{}");
  const hookSession = (made.json as { session_id: string }).session_id;
  const client = await TestClient.open(server.url.replace(/^http/, "ws"), {
    session_id: hookSession,
    access_token: token,
  });
  client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
  await client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE");
  client.close();
  for (const key of [agent_key, `${agent_key}x`]) {
    await fetch(`${server.url}/agent/v1/sessions/${hookSession}/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({ text: "hello" }),
    });
  }
}

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The JSON log lines of the output (start-up notes are plain text and skipped). */
function logLines(): Array<Record<string, unknown>> {
  return output
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

function loggedUrls(): string[] {
  return logLines()
    .map((line) => (line.req as { url?: unknown } | undefined)?.url)
    .filter((url): url is string => typeof url === "string");
}

describe("logs at LOG_LEVEL=debug", () => {
  it("logged the requests, with token query values redacted", () => {
    const urls = loggedUrls();
    expect(urls).toContain("/api/v1/access-token");
    expect(urls).toContain("/api/v1/sessions");
    expect(urls).toContain("/admin/v1/connectors");
    expect(urls).toContain(`/ws?session_id=${sessionId}&access_token=[redacted]`);
    expect(urls).toContain(`/ws?session_id=${sessionId}&auth_token=[redacted]`);
    expect(urls).toContain("/api/v1/sessions?access_token=[redacted]");
    expect(urls).toContain("/healthz?token=[redacted]");
  });

  it("logged the WebSocket connection's invalid cursor", () => {
    expect(logLines().some((line) => line.sessionId === sessionId && line.level === 40)).toBe(true);
  });

  it("logged the webhook bot's failure without its secret", () => {
    const failure = logLines().find((line) => String(line.msg).startsWith("webhook bot failed"));
    expect(failure).toMatchObject({ level: 40, event: "join", attempts: 2 });
  });

  it.each([
    "connectorToken",
    "adminToken",
    "accessToken",
    "refreshedToken",
    "tokenUnderEncodedName",
    "webhookSecret",
    "agentKey",
  ])("never printed the %s", (name) => {
    const secret = secrets[name];
    expect(secret, `${name} was not set up`).toMatch(/.{20}/);
    expect(output.includes(secret as string), `${name} appears in the output`).toBe(false);
    // Not even the signature, in case a token was logged cut up or re-encoded.
    const signature = (secret as string).split(".").at(-1) as string;
    expect(output.includes(signature), `${name}'s last part appears in the output`).toBe(false);
  });
});
