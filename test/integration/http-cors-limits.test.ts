// CORS preflights, per-connector rate limits, unknown paths, health, readiness and metrics over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accessToken,
  createConnector,
  demoHeaders,
  expectError,
  type HttpResult,
  readResult,
  sessions,
} from "../support/http.js";
import { createSession, mintToken, startTestServer, type TestServer } from "../support/server.js";
import { TestClient } from "../support/ws-client.js";

const ORIGIN = "http://localhost:3000";
const REQUESTED_HEADERS = ["X-Token", "X-Host", "Content-Type", "Authorization"];

function listed(header: string | null): string[] {
  return (header ?? "").split(",").map((item) => item.trim().toLowerCase());
}

describe("CORS", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(["/api/v1/access-token", "/api/v1/sessions"])(
    "answers a preflight to %s with 204, the origin and the requested headers allowed",
    async (path) => {
      const response = await fetch(`${t.url}${path}`, {
        method: "OPTIONS",
        headers: {
          Origin: ORIGIN,
          "Access-Control-Request-Method": "POST",
          "Access-Control-Request-Headers": REQUESTED_HEADERS.join(", "),
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe(ORIGIN);
      expect(listed(response.headers.get("access-control-allow-methods"))).toContain("post");
      const allowed = listed(response.headers.get("access-control-allow-headers"));
      for (const name of REQUESTED_HEADERS) expect(allowed).toContain(name.toLowerCase());
    },
  );

  it("puts access-control-allow-origin on the actual access-token and sessions POSTs", async () => {
    const minted = await accessToken(t, demoHeaders(t, { Origin: ORIGIN }));
    expect(minted.status, minted.text).toBe(200);
    expect(minted.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const token = (minted.json as { access_token: string }).access_token;
    const created = await sessions(
      t,
      { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Origin: ORIGIN },
      "{}",
    );
    expect(created.status, created.text).toBe(200);
    expect(created.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });

  it("puts access-control-allow-origin on error answers too, so browsers can read the message", async () => {
    const result = await sessions(t, { Origin: ORIGIN, "Content-Type": "application/json" }, "{}");
    expectError(result, 400, "Missing access token", "missing_access_token");
    expect(result.headers.get("access-control-allow-origin")).toBe(ORIGIN);
  });
});

describe("rate limits (6 per minute: burst 1, one more every 10 s)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "6" });
  });
  afterAll(async () => {
    await t.close();
  });

  function expectRateLimited(result: HttpResult): void {
    expectError(result, 429, "Too many requests", "rate_limited");
    const retryAfter = result.headers.get("retry-after");
    expect(retryAfter).toMatch(/^[1-9][0-9]*$/);
    // One token every 10 s: never more than that to wait.
    expect(Number(retryAfter)).toBeLessThanOrEqual(10);
  }

  async function newConnector(): Promise<string> {
    const created = await createConnector(t, { host: "localhost", agent_id: "demo" });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    return created.token;
  }

  it("answers repeated access-token calls of one connector with 429, a whole Retry-After and {message, code}", async () => {
    const first = await accessToken(t, demoHeaders(t));
    expect(first.status, first.text).toBe(200);
    expectRateLimited(await accessToken(t, demoHeaders(t)));
    expectRateLimited(await accessToken(t, demoHeaders(t)));
  });

  it("does not limit another connector's access-token calls", async () => {
    const other = await newConnector();
    const result = await accessToken(t, demoHeaders(t, { "X-Token": other }));
    expect(result.status, result.text).toBe(200);
  });

  it("limits session creation per connector, and not another connector's", async () => {
    const limited = await mintToken(t, { "X-Token": await newConnector() });
    const headers = { Authorization: `Bearer ${limited}`, "Content-Type": "application/json" };
    const first = await sessions(t, headers, "{}");
    expect(first.status, first.text).toBe(200);
    expectRateLimited(await sessions(t, headers, "{}"));

    const free = await mintToken(t, { "X-Token": await newConnector() });
    const other = await sessions(t, { Authorization: `Bearer ${free}` }, "{}");
    expect(other.status, other.text).toBe(200);
  });

  it("exposes Retry-After to cross-origin callers", async () => {
    const connector = await newConnector();
    const headers = demoHeaders(t, { "X-Token": connector, Origin: ORIGIN });
    expect((await accessToken(t, headers)).status).toBe(200);
    const limited = await accessToken(t, headers);
    expectRateLimited(limited);
    expect(limited.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(listed(limited.headers.get("access-control-expose-headers"))).toContain("retry-after");
  });
});

describe("other paths", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => {
    await t.close();
  });

  it.each([
    ["GET", "/nope"],
    ["POST", "/api/v1/nope"],
    ["GET", "/api/v1/access-token"],
    ["DELETE", "/api/v1/sessions"],
  ])("answers %s %s with 404 JSON {message, code}", async (method, path) => {
    const result = await readResult(await fetch(`${t.url}${path}`, { method }));
    expectError(result, 404, "Not found", "not_found");
  });

  it("answers /healthz with 200", async () => {
    const response = await fetch(`${t.url}/healthz`);
    expect(response.status).toBe(200);
  });

  it("answers /readyz with 200", async () => {
    const response = await fetch(`${t.url}/readyz`);
    expect(response.status).toBe(200);
  });

  it("serves the documented metrics on /metrics", async () => {
    const { sessionId, token } = await createSession(t);
    const client = await TestClient.open(t.wsUrl, { session_id: sessionId, access_token: token });
    try {
      await client.waitFor("EVENT_TYPE_SESSION_START", 5000, 0);
      client.send("EVENT_TYPE_HEARTBEAT");
      await client.waitFor(
        (event) => event.type === "EVENT_TYPE_HEARTBEAT",
        5000,
        client.events.length,
      );
      const response = await fetch(`${t.url}/metrics`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toMatch(/^text\/plain/);
      const text = await response.text();
      expect(text).toMatch(/^switchboard_connections 1$/m);
      expect(text).toMatch(/^switchboard_sessions\{state="active"\} [1-9][0-9]*$/m);
      expect(text).toMatch(/^switchboard_events_in_total\{type="EVENT_TYPE_HEARTBEAT"\} [1-9]/m);
      expect(text).toMatch(/^switchboard_store_seconds_bucket\{/m);
    } finally {
      client.ws.close();
      await client.closed;
    }
  });
});
