// POST /api/v1/access-token against the real server: the token, every error row, host and Origin rules, refresh.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessTokens, KeyRing } from "../../src/auth/index.js";
import {
  accessToken,
  createConnector,
  decodeJwt,
  demoHeaders,
  expectError,
  flipSignatureChar,
} from "../support/http.js";
import { startTestServer, type TestServer } from "../support/server.js";

let t: TestServer;

beforeAll(async () => {
  // Generous limit: these tests call the endpoint many times for one connector.
  t = await startTestServer({ SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "60000" });
});
afterAll(async () => {
  await t.close();
});

/** Mints through HTTP and returns the decoded token with the body it came in. */
async function mint(headers: Record<string, string> = demoHeaders(t)) {
  const result = await accessToken(t, headers);
  expect(result.status, result.text).toBe(200);
  const body = result.json as { access_token: string; expires_in: number; token_type: string };
  return { body, jwt: decodeJwt(body.access_token) };
}

/** A token for the demo connector minted as if it were `agoMs` in the past. */
async function mintInThePast(agoMs: number, subject: string, connectorId = "demo") {
  const tokens = new AccessTokens(new KeyRing(t.server.store), {
    cluster: "local",
    expiresInSeconds: 600,
    now: () => Date.now() - agoMs,
  });
  return (await tokens.mint({ connectorId, subject })).token;
}

describe("a successful call", () => {
  it("answers 200 {access_token, expires_in: 86400, token_type: Bearer} as JSON", async () => {
    const result = await accessToken(t, demoHeaders(t));
    expect(result.status).toBe(200);
    expect(result.headers.get("content-type")).toMatch(/^application\/json\b/);
    expect(result.json).toEqual({
      access_token: expect.any(String),
      expires_in: 86400,
      token_type: "Bearer",
    });
  });

  it("mints an HS256 JWT with a kid, sub, cid, cluster local, numeric iat and exp = iat + expires_in", async () => {
    const before = Math.floor(Date.now() / 1000);
    const { body, jwt } = await mint();
    const after = Math.ceil(Date.now() / 1000);
    expect(jwt.header.alg).toBe("HS256");
    expect(jwt.header.kid).toEqual(expect.any(String));
    expect(jwt.header.kid).not.toBe("");
    expect(jwt.payload).toMatchObject({
      sub: expect.any(String),
      cid: "demo",
      cluster: "local",
      iat: expect.any(Number),
      exp: expect.any(Number),
    });
    const iat = jwt.payload.iat as number;
    expect(Number.isInteger(iat)).toBe(true);
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(iat).toBeLessThanOrEqual(after);
    expect(jwt.payload.exp).toBe(iat + body.expires_in);
    expect(jwt.signature).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("gives every call a different sub", async () => {
    const first = await mint();
    const second = await mint();
    expect(first.jwt.payload.sub).not.toBe(second.jwt.payload.sub);
    expect(first.body.access_token).not.toBe(second.body.access_token);
  });

  it("takes expires_in and exp from SWITCHBOARD_ACCESS_TOKEN_TTL_SECONDS", async () => {
    const short = await startTestServer({ SWITCHBOARD_ACCESS_TOKEN_TTL_SECONDS: "900" });
    try {
      const result = await accessToken(short, demoHeaders(short));
      expect(result.status).toBe(200);
      const body = result.json as { access_token: string; expires_in: number };
      expect(body.expires_in).toBe(900);
      const { payload } = decodeJwt(body.access_token);
      expect(payload.exp).toBe((payload.iat as number) + 900);
    } finally {
      await short.close();
    }
  });
});

describe("error rows of §1.1", () => {
  it("refuses a missing X-Token: 401 Missing authentication headers", async () => {
    const result = await accessToken(t, {
      "X-Host": "localhost",
      "Content-Type": "application/json",
    });
    expectError(result, 401, "Missing authentication headers", "missing_auth_headers");
  });

  it("refuses a missing X-Host: 401 Missing authentication headers", async () => {
    const result = await accessToken(t, {
      "X-Token": t.connectorToken,
      "Content-Type": "application/json",
    });
    expectError(result, 401, "Missing authentication headers", "missing_auth_headers");
  });

  it("refuses both headers missing: 401 Missing authentication headers", async () => {
    const result = await accessToken(t, { "Content-Type": "application/json" });
    expectError(result, 401, "Missing authentication headers", "missing_auth_headers");
  });

  it("refuses an unknown connector token: 401 Connector token does not exist", async () => {
    const result = await accessToken(t, demoHeaders(t, { "X-Token": `${t.connectorToken}x` }));
    expectError(result, 401, "Connector token does not exist", "connector_token_unknown");
  });

  it("refuses a host that does not match: 401 Failed to validate connector", async () => {
    const result = await accessToken(t, demoHeaders(t, { "X-Host": "example.com" }));
    expectError(result, 401, "Failed to validate connector", "connector_validation_failed");
  });

  it("refuses a connector with no host registered: 401 Connector missing host domain", async () => {
    const created = await createConnector(t, { host: null, agent_id: "demo" });
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const result = await accessToken(t, demoHeaders(t, { "X-Token": created.token }));
    expectError(result, 401, "Connector missing host domain", "connector_missing_host");
  });

  it("gives the same code for the same error every time", async () => {
    const headers = { "X-Host": "localhost" };
    const codes = [await accessToken(t, headers), await accessToken(t, headers)].map(
      (result) => (result.json as { code: string }).code,
    );
    expect(codes).toEqual(["missing_auth_headers", "missing_auth_headers"]);
  });
});

describe("host rules through HTTP", () => {
  it.each([
    ["a URL with scheme and trailing slash", "https://localhost/"],
    ["upper case", "LOCALHOST"],
    ["a port", "localhost:8080"],
    ["a URL with scheme, port and slash", "http://localhost:3000/"],
    ["a subdomain", "app.localhost"],
  ])("accepts %s (%s)", async (_name, host) => {
    const result = await accessToken(t, demoHeaders(t, { "X-Host": host }));
    expect(result.status, result.text).toBe(200);
  });

  it.each([
    ["a mere suffix", "badlocalhost"],
    ["the host as a prefix of another domain", "localhost.evil.net"],
    ["an empty X-Host", ""],
  ])("refuses %s (%j): 401 Failed to validate connector", async (_name, host) => {
    const result = await accessToken(t, demoHeaders(t, { "X-Host": host }));
    expectError(result, 401, "Failed to validate connector", "connector_validation_failed");
  });

  describe("an app namespace", () => {
    let appToken: string;
    beforeAll(async () => {
      const created = await createConnector(t, { host: "com.example.app", agent_id: "demo" });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      appToken = created.token;
    });

    it.each(["com.example.app", "COM.Example.APP"])(
      "matches %s exactly, ignoring case",
      async (host) => {
        const result = await accessToken(
          t,
          demoHeaders(t, { "X-Token": appToken, "X-Host": host }),
        );
        expect(result.status, result.text).toBe(200);
        expect(
          decodeJwt((result.json as { access_token: string }).access_token).payload.cid,
        ).not.toBe("demo");
      },
    );

    it.each(["com.example.app.evil", "com.example", "localhost"])("refuses %s", async (host) => {
      const result = await accessToken(t, demoHeaders(t, { "X-Token": appToken, "X-Host": host }));
      expectError(result, 401, "Failed to validate connector", "connector_validation_failed");
    });
  });
});

describe("the Origin rule", () => {
  it("passes a matching Origin", async () => {
    const result = await accessToken(t, demoHeaders(t, { Origin: "http://localhost:3000" }));
    expect(result.status, result.text).toBe(200);
  });

  it("refuses a foreign Origin even with the right X-Host: 401 Failed to validate connector", async () => {
    const result = await accessToken(t, demoHeaders(t, { Origin: "https://evil.example.com" }));
    expectError(result, 401, "Failed to validate connector", "connector_validation_failed");
  });

  it("refuses a suffix-only Origin (https://badlocalhost)", async () => {
    const result = await accessToken(t, demoHeaders(t, { Origin: "https://badlocalhost" }));
    expectError(result, 401, "Failed to validate connector", "connector_validation_failed");
  });
});

describe("what the SDKs send (sdk-expectations rule 2)", () => {
  it("accepts Content-Type: application/json; charset=utf-8", async () => {
    const result = await accessToken(
      t,
      demoHeaders(t, { "Content-Type": "application/json; charset=utf-8" }),
    );
    expect(result.status, result.text).toBe(200);
  });

  it("accepts no body with a JSON content type", async () => {
    const result = await accessToken(t, demoHeaders(t), undefined);
    expect(result.status, result.text).toBe(200);
  });

  it("accepts no body and no content type", async () => {
    const result = await accessToken(
      t,
      { "X-Token": t.connectorToken, "X-Host": "localhost" },
      undefined,
    );
    expect(result.status, result.text).toBe(200);
  });

  it("accepts an empty string body", async () => {
    const result = await accessToken(t, demoHeaders(t), "");
    expect(result.status, result.text).toBe(200);
  });

  it("accepts {}", async () => {
    const result = await accessToken(t, demoHeaders(t), "{}");
    expect(result.status, result.text).toBe(200);
  });

  it("ignores a garbage body", async () => {
    const result = await accessToken(t, demoHeaders(t), "this is {not json");
    expect(result.status, result.text).toBe(200);
  });

  it("accepts X-Polyai-Correlation-Id and a custom User-Agent", async () => {
    const result = await accessToken(
      t,
      demoHeaders(t, {
        "X-Polyai-Correlation-Id": "3f0c1c9e-4a55-4f3e-9a36-0c5b1e0d2a11",
        "User-Agent": "PolyAIMessaging/0.9 (Android 14)",
      }),
    );
    expect(result.status, result.text).toBe(200);
  });
});

describe("token refresh (§2.1)", () => {
  it("keeps the sub of the previous token given as Authorization: Bearer", async () => {
    const previous = await mint();
    const refreshed = await mint(
      demoHeaders(t, { Authorization: `Bearer ${previous.body.access_token}` }),
    );
    expect(refreshed.jwt.payload.sub).toBe(previous.jwt.payload.sub);
    expect(refreshed.body.access_token).not.toBe(previous.body.access_token);
    expect(refreshed.body.expires_in).toBe(86400);
  });

  it("refreshes a previous token that expired an hour ago", async () => {
    const previous = await mintInThePast(3_600_000, "refresh-subject-1");
    const refreshed = await mint(demoHeaders(t, { Authorization: `Bearer ${previous}` }));
    expect(refreshed.jwt.payload.sub).toBe("refresh-subject-1");
    expect(refreshed.jwt.payload.exp).toBeGreaterThan(Date.now() / 1000);
  });

  it("refuses a previous token expired more than 7 days ago: 401 Invalid access token", async () => {
    const previous = await mintInThePast(8 * 86_400_000, "refresh-subject-2");
    const result = await accessToken(t, demoHeaders(t, { Authorization: `Bearer ${previous}` }));
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });

  it("refuses a tampered previous token: 401 Invalid access token", async () => {
    const previous = await mint();
    const tampered = flipSignatureChar(previous.body.access_token);
    const result = await accessToken(t, demoHeaders(t, { Authorization: `Bearer ${tampered}` }));
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });

  it("refuses a previous token of another connector: 401 Invalid access token", async () => {
    const other = await createConnector(t, { host: "localhost", agent_id: "demo" });
    expect(other.status).toBe(201);
    const foreign = await mint(demoHeaders(t, { "X-Token": other.token }));
    const result = await accessToken(
      t,
      demoHeaders(t, { Authorization: `Bearer ${foreign.body.access_token}` }),
    );
    expectError(result, 401, "Invalid access token", "invalid_access_token");
  });
});
