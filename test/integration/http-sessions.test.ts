// POST /api/v1/sessions against the real server: bodies it accepts, what it stores, every error row.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessTokens, KeyRing } from "../../src/auth/index.js";
import {
  createConnector,
  decodeJwt,
  expectError,
  flipSignatureChar,
  type HttpResult,
  post,
  sessions,
  signHs256,
  unsignedJwt,
} from "../support/http.js";
import { mintToken, startTestServer, type TestServer } from "../support/server.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let t: TestServer;
let token: string;

beforeAll(async () => {
  t = await startTestServer({ SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "60000" });
  token = await mintToken(t);
});
afterAll(async () => {
  await t.close();
});

function bearer(value: string, extra: Record<string, string> = {}): Record<string, string> {
  return { Authorization: `Bearer ${value}`, "Content-Type": "application/json", ...extra };
}

function sessionIdOf(result: HttpResult): string {
  expect(result.status, result.text).toBe(200);
  expect(result.headers.get("content-type")).toMatch(/^application\/json\b/);
  expect(result.json).toEqual({ session_id: expect.stringMatching(UUID) });
  return (result.json as { session_id: string }).session_id;
}

/** Tokens minted outside the server, over its own store and so with its signing keys. */
function outsideTokens(options: { cluster?: string; agoMs?: number } = {}): AccessTokens {
  return new AccessTokens(new KeyRing(t.server.store), {
    cluster: options.cluster ?? "local",
    expiresInSeconds: 600,
    now: () => Date.now() - (options.agoMs ?? 0),
  });
}

/** The server's current signing key and the claims of a valid token, for hand-made tokens. */
async function craftingKit() {
  const [key] = await t.server.store.listSigningKeys();
  if (!key) throw new Error("the server has no signing key");
  const { header, payload } = decodeJwt(await mintToken(t));
  return { key, header, payload };
}

describe("creating a session", () => {
  it.each([
    ["no body", undefined],
    ["an empty body", ""],
    ["{}", "{}"],
    ["JSON null", "null"],
    [
      "all documented fields",
      '{"streaming_enabled": true, "platform": "ios", "device_type": "tablet"}',
    ],
    [
      "extra unknown keys",
      '{"platform": "android", "sdk_version": "0.9.1", "locale": {"lang": "en"}}',
    ],
  ])("answers 200 {session_id} (a UUID) for %s", async (_name, body) => {
    sessionIdOf(await sessions(t, bearer(token), body));
  });

  it("accepts Content-Type: application/json; charset=utf-8 and X-Polyai-Correlation-Id", async () => {
    const result = await sessions(
      t,
      bearer(token, {
        "Content-Type": "application/json; charset=utf-8",
        "X-Polyai-Correlation-Id": "c0ffee00-0000-4000-8000-000000000001",
      }),
      '{"platform":"android"}',
    );
    sessionIdOf(result);
  });

  it("stores streaming, platform, device_type and the User-Agent with the session", async () => {
    const userAgent = "PolyAIMessaging/0.9 (iPad; iOS 17.4)";
    const id = sessionIdOf(
      await sessions(
        t,
        bearer(token, { "User-Agent": userAgent }),
        JSON.stringify({ streaming_enabled: true, platform: "ios", device_type: "tablet" }),
      ),
    );
    const record = await t.server.store.getSession(id);
    expect(record).toMatchObject({
      id,
      connectorId: "demo",
      subject: decodeJwt(token).payload.sub,
      streaming: true,
      platform: "ios",
      deviceType: "tablet",
      userAgent,
      state: "active",
    });
  });

  it("stores the defaults when there is no body: streaming false, platform web, no device type", async () => {
    const id = sessionIdOf(await sessions(t, { Authorization: `Bearer ${token}` }));
    const record = await t.server.store.getSession(id);
    expect(record).toMatchObject({ streaming: false, platform: "web", deviceType: null });
  });

  it("gives every session its own id", async () => {
    const first = sessionIdOf(await sessions(t, bearer(token), "{}"));
    const second = sessionIdOf(await sessions(t, bearer(token), "{}"));
    expect(first).not.toBe(second);
  });
});

describe("authorization errors", () => {
  it("answers 400 Missing access token without an Authorization header", async () => {
    const result = await sessions(t, { "Content-Type": "application/json" }, "{}");
    expectError(result, 400, "Missing access token", "missing_access_token");
  });

  it.each([
    ["another scheme", "Token abc"],
    ["Bearer alone", "Bearer"],
    ["Basic credentials", "Basic dXNlcjpwYXNz"],
  ])("answers 401 Missing authentication headers for %s (%s)", async (_name, authorization) => {
    const result = await sessions(
      t,
      { Authorization: authorization, "Content-Type": "application/json" },
      "{}",
    );
    expectError(result, 401, "Missing authentication headers", "missing_auth_headers");
  });

  it.each([
    ["not a JWT", "not-a-jwt"],
    ["three parts of junk", "abc.def.ghi"],
    ["a JWT cut short", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0"],
  ])("answers 401 Invalid access token for a malformed token (%s)", async (_name, value) => {
    const result = await sessions(t, bearer(value), "{}");
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });

  it("answers 401 Invalid access token for an expired token", async () => {
    const expired = await outsideTokens({ agoMs: 3_600_000 }).mint({
      connectorId: "demo",
      subject: "expired-subject",
    });
    expect(decodeJwt(expired.token).payload.exp as number).toBeLessThan(Date.now() / 1000);
    const result = await sessions(t, bearer(expired.token), "{}");
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });

  it("accepts a token minted the same way but not expired (the control for the crafted tokens)", async () => {
    const fresh = await outsideTokens().mint({ connectorId: "demo", subject: "fresh-subject" });
    sessionIdOf(await sessions(t, bearer(fresh.token), "{}"));
    const { key, header, payload } = await craftingKit();
    sessionIdOf(await sessions(t, bearer(signHs256(header, payload, key.secret)), "{}"));
  });

  it("answers 401 Invalid access token for a wrong signature", async () => {
    const result = await sessions(t, bearer(flipSignatureChar(token)), "{}");
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });

  it("answers 401 Invalid access token for an unknown kid", async () => {
    const { key, header, payload } = await craftingKit();
    const forged = signHs256({ ...header, kid: "no-such-key" }, payload, key.secret);
    const result = await sessions(t, bearer(forged), "{}");
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });

  it("answers 401 Invalid access token for alg: none", async () => {
    const { header, payload } = await craftingKit();
    const result = await sessions(
      t,
      bearer(unsignedJwt({ ...header, alg: "none" }, payload)),
      "{}",
    );
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });

  it("answers 401 Invalid access token for a token of another cluster", async () => {
    const other = await outsideTokens({ cluster: "other" }).mint({
      connectorId: "demo",
      subject: "other-cluster",
    });
    const result = await sessions(t, bearer(other.token), "{}");
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });

  it("answers 401 Invalid access token for a changed claim under the old signature", async () => {
    const { header, payload } = decodeJwt(token);
    const [encodedHeader, , signature] = token.split(".");
    const changed = Buffer.from(JSON.stringify({ ...payload, sub: "someone-else" })).toString(
      "base64url",
    );
    const result = await sessions(t, bearer(`${encodedHeader}.${changed}.${signature}`), "{}");
    expect(header.alg).toBe("HS256");
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });

  it("answers 401 Invalid access token once the token's connector is deleted", async () => {
    const created = await createConnector(t, { host: "localhost", agent_id: "demo" });
    expect(created.status).toBe(201);
    const own = await mintToken(t, { "X-Token": created.token });
    const deleted = await fetch(`${t.url}/admin/v1/connectors/${created.id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${t.adminToken}` },
    });
    expect(deleted.status).toBe(204);
    expectError(
      await sessions(t, bearer(own), "{}"),
      401,
      "Invalid access token",
      "invalid_access_token",
    );
  });
});

describe("body errors", () => {
  it.each([
    ["invalid JSON", '{"streaming_enabled": tru'],
    ["streaming_enabled as a string", '{"streaming_enabled": "yes"}'],
    ["an unknown platform", '{"platform": "windows"}'],
    ["an unknown device_type", '{"device_type": "watch"}'],
    ["a JSON array", '[{"platform": "web"}]'],
    ["a JSON string", '"web"'],
  ])("answers 400 Error parsing request for %s", async (_name, body) => {
    const result = await sessions(t, bearer(token), body);
    expectError(result, 400, "Error parsing request", "request_parse_error");
  });

  it("answers 400 Error parsing request for invalid JSON sent as text/plain", async () => {
    const result = await post(
      t,
      "/api/v1/sessions",
      { Authorization: `Bearer ${token}`, "Content-Type": "text/plain" },
      "{oops",
    );
    expectError(result, 400, "Error parsing request", "request_parse_error");
  });
});
