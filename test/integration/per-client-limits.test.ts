// Per-client limits, with attacker and victim on distinct loopback addresses: nobody locks out other visitors.
import { describe, expect, it } from "vitest";
import { refused } from "../support/conversation.js";
import { addDeskUser } from "../support/desk.js";
import { type HttpResult, requestFrom } from "../support/http.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import { HandshakeError, TestClient } from "../support/ws-client.js";

const ATTACKER = "127.0.0.2";
const VICTIM = "127.0.0.3";
const track = closeAfterEach();

async function server(env: Record<string, string>): Promise<TestServer> {
  return track(await startTestServer(env));
}

function tokenFrom(
  from: string,
  t: TestServer,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return requestFrom(from, t, "POST", "/api/v1/access-token", {
    "X-Token": t.connectorToken,
    "X-Host": "localhost",
    ...headers,
  });
}

async function accessTokenFrom(from: string, t: TestServer): Promise<string> {
  const minted = await tokenFrom(from, t);
  expect(minted.status, minted.text).toBe(200);
  return (minted.json as { access_token: string }).access_token;
}

function sessionFrom(from: string, t: TestServer, token: string): Promise<HttpResult> {
  return requestFrom(from, t, "POST", "/api/v1/sessions", { Authorization: `Bearer ${token}` });
}

function expectLimited(result: HttpResult): void {
  expect(result.status, result.text).toBe(429);
  expect(result.json).toEqual({ message: "Too many requests", code: "rate_limited" });
  expect(result.headers.get("retry-after")).toMatch(/^[1-9][0-9]*$/);
}

describe("token and session requests per client", () => {
  // 6 a minute per client: a burst of 1; the connector's ceiling: 60 a minute, a burst of 10.
  const env = {
    SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "6",
    SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "60",
  };

  it("limits a client at its own burst and one past it", async () => {
    const t = await server(env);
    expect((await tokenFrom(ATTACKER, t)).status).toBe(200);
    expectLimited(await tokenFrom(ATTACKER, t));
  });

  it("keeps serving every other visitor of the connector while one client floods it", async () => {
    const t = await server(env);
    const flood: number[] = [];
    for (let i = 0; i < 40; i++) flood.push((await tokenFrom(ATTACKER, t)).status);
    expect(flood).toEqual([200, ...Array<number>(39).fill(429)]);
    for (const visitor of ["127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.6"]) {
      expect((await tokenFrom(visitor, t)).status).toBe(200);
    }
  });

  it("still holds the connector's ceiling across clients", async () => {
    const t = await server({
      SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "600",
      SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "6",
    });
    expect((await tokenFrom(ATTACKER, t)).status).toBe(200);
    expectLimited(await tokenFrom(VICTIM, t));
  });

  it("limits session creation per client too, without using up the connector's ceiling", async () => {
    const t = await server(env);
    const attackerToken = await accessTokenFrom(ATTACKER, t);
    const victimToken = await accessTokenFrom(VICTIM, t);
    // The token request took the attacker's one request of the burst.
    expectLimited(await sessionFrom(ATTACKER, t, attackerToken));
    for (let i = 0; i < 20; i++) expectLimited(await sessionFrom(ATTACKER, t, attackerToken));
    const created = await requestFrom("127.0.0.4", t, "POST", "/api/v1/sessions", {
      Authorization: `Bearer ${victimToken}`,
    });
    expect(created.status, created.text).toBe(200);
  });
});

describe("failed credentials per client", () => {
  it("answers wrong connector tokens with 401 up to the limit, then 429 even for the right token", async () => {
    const t = await server({ SWITCHBOARD_AUTH_FAILURES_PER_MINUTE: "5" });
    for (let i = 0; i < 5; i++) {
      const guess = await tokenFrom(ATTACKER, t, { "X-Token": `sbc_guess_${i}` });
      expect(guess.json).toEqual({
        message: "Connector token does not exist",
        code: "connector_token_unknown",
      });
    }
    const blocked = await tokenFrom(ATTACKER, t, { "X-Token": "sbc_guess_5" });
    expectLimited(blocked);
    expect(Number(blocked.headers.get("retry-after"))).toBeLessThanOrEqual(12);
    expectLimited(await tokenFrom(ATTACKER, t));
    expect((await tokenFrom(VICTIM, t)).status).toBe(200);
    expect((await tokenFrom(VICTIM, t, { "X-Token": "sbc_typo" })).status).toBe(401);
  });

  it("counts bad access tokens on session creation against the sending client", async () => {
    const t = await server({ SWITCHBOARD_AUTH_FAILURES_PER_MINUTE: "3" });
    for (let i = 0; i < 3; i++) expect((await sessionFrom(ATTACKER, t, "x.y.z")).status).toBe(401);
    expectLimited(await sessionFrom(ATTACKER, t, "x.y.z"));
    const token = await accessTokenFrom(VICTIM, t);
    expect((await sessionFrom(VICTIM, t, token)).status).toBe(200);
  });

  it("limits desk and admin token guessing per client", async () => {
    const t = await server({ SWITCHBOARD_AUTH_FAILURES_PER_MINUTE: "3" });
    const user = await addDeskUser(t);
    const desk = (from: string, token: string) =>
      requestFrom(from, t, "GET", "/desk/v1/me", { Authorization: `Bearer ${token}` });
    const admin = (from: string, token: string) =>
      requestFrom(from, t, "GET", "/admin/v1/agents", { Authorization: `Bearer ${token}` });
    expect((await desk(ATTACKER, "sbd_wrong")).status).toBe(401);
    expect((await admin(ATTACKER, "wrong-admin-token-000")).status).toBe(401);
    expect((await desk(ATTACKER, "sbd_wrong")).status).toBe(401);
    // The three failures are shared across surfaces: this client is out of tries everywhere.
    expect((await admin(ATTACKER, t.adminToken)).status).toBe(429);
    expect((await desk(ATTACKER, user.token)).status).toBe(429);
    expect((await tokenFrom(ATTACKER, t)).status).toBe(429);
    expect((await desk(VICTIM, user.token)).status).toBe(200);
    expect((await admin(VICTIM, t.adminToken)).status).toBe(200);
  });
});

describe("WebSocket upgrades with bad tokens", () => {
  it("cannot use up the victim's connects: they count against the sending client", async () => {
    // Per-session connects: 6 a minute, a burst of 1.
    const t = await server({ SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "6" });
    const token = await accessTokenFrom(VICTIM, t);
    const created = await sessionFrom(VICTIM, t, token);
    const sessionId = (created.json as { session_id: string }).session_id;
    const statuses = new Map<number, number>();
    for (let i = 0; i < 120; i++) {
      const refusal = await refused(
        TestClient.open(t.wsUrl, { session_id: sessionId, access_token: "x.y.z" }, {}, ATTACKER),
      );
      statuses.set(refusal.status, (statuses.get(refusal.status) ?? 0) + 1);
    }
    // The default 30 failed credentials a minute: then the attacker is refused before any check.
    expect(Object.fromEntries(statuses)).toEqual({ 401: 30, 429: 90 });
    const victim = track(
      await TestClient.open(t.wsUrl, { session_id: sessionId, access_token: token }, {}, VICTIM),
    );
    await victim.waitFor("EVENT_TYPE_SESSION_START");
  });

  it("takes the session's connect budget only for its own verified token", async () => {
    // 12 a minute: a burst of 2, for the two token requests and for the session's connects.
    const t = await server({ SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "12" });
    const own = await accessTokenFrom(VICTIM, t);
    const sessionId = ((await sessionFrom(VICTIM, t, own)).json as { session_id: string })
      .session_id;
    // Valid tokens of another visitor are refused for this session and cost it nothing.
    const stranger = await accessTokenFrom(ATTACKER, t);
    for (let i = 0; i < 5; i++) {
      const refusal = await refused(
        TestClient.open(t.wsUrl, { session_id: sessionId, access_token: stranger }, {}, ATTACKER),
      );
      expect(refusal.status).toBe(401);
    }
    const open = () => TestClient.open(t.wsUrl, { session_id: sessionId, access_token: own });
    (await open()).close();
    (await open()).close();
    // The session's own burst is used now: the limit still holds for its owner.
    const again = await refused(open());
    expect(again).toBeInstanceOf(HandshakeError);
    expect(again.status).toBe(429);
    expect(JSON.parse(again.body)).toEqual({
      message: "too many connection attempts",
      code: "ws_rate_limited",
    });
  });
});

describe("clients behind trusted proxies", () => {
  const env = {
    SWITCHBOARD_TRUSTED_PROXIES: ATTACKER,
    SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE_PER_CLIENT: "6",
  };

  it("tells clients apart by X-Forwarded-For when the proxy is trusted", async () => {
    const t = await server(env);
    const via = (forwarded: string) => tokenFrom(ATTACKER, t, { "X-Forwarded-For": forwarded });
    expect((await via("198.51.100.1")).status).toBe(200);
    expect((await via("198.51.100.2")).status).toBe(200);
    expectLimited(await via("198.51.100.1"));
    // Only the hop the trusted proxy added counts; what the client wrote before it does not.
    expectLimited(await via("203.0.113.77, 198.51.100.2"));
    expect((await via("198.51.100.1, 198.51.100.3")).status).toBe(200);
  });

  it("ignores X-Forwarded-For from anyone else", async () => {
    const t = await server(env);
    const direct = (forwarded: string) => tokenFrom(VICTIM, t, { "X-Forwarded-For": forwarded });
    expect((await direct("198.51.100.9")).status).toBe(200);
    expectLimited(await direct("198.51.100.10"));
  });
});
