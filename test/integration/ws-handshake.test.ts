// The `/ws` handshake against the real server: parameters, tokens, sessions, limits, Origin (protocol.md §2.1).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  connect,
  expectRefusal,
  newSession,
  refused,
  type SessionRef,
} from "../support/conversation.js";
import { forgeToken } from "../support/forged-tokens.js";
import { mintToken, startTestServer, type TestServer } from "../support/server.js";
import { TestClient } from "../support/ws-client.js";

let t: TestServer;
let ref: SessionRef;
const opened: TestClient[] = [];

beforeEach(async () => {
  t = await startTestServer();
  ref = await newSession(t);
});
afterEach(async () => {
  for (const client of opened.splice(0)) client.close();
  await t.close();
});

function open(query: Record<string, string>, headers: Record<string, string> = {}) {
  return TestClient.open(t.wsUrl, query, headers).then((client) => {
    opened.push(client);
    return client;
  });
}

describe("refused handshakes", () => {
  it("answers 400 invalid connection parameters without session_id", async () => {
    const error = await refused(open({ access_token: ref.token }));
    expectRefusal(error, 400, "invalid connection parameters");
  });

  it("answers 400 invalid connection parameters without a token", async () => {
    const error = await refused(open({ session_id: ref.sessionId }));
    expectRefusal(error, 400, "invalid connection parameters");
  });

  it("answers 401 authentication failed for a malformed token", async () => {
    const error = await refused(open({ session_id: ref.sessionId, access_token: "not-a-jwt" }));
    expectRefusal(error, 401, "authentication failed");
  });

  it("answers 401 authentication failed for a tampered token", async () => {
    const [head, body, signature] = ref.token.split(".") as [string, string, string];
    const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BB" : "AA"}`;
    const error = await refused(
      open({ session_id: ref.sessionId, access_token: `${head}.${body}.${flipped}` }),
    );
    expectRefusal(error, 401, "authentication failed");
  });

  it("answers 401 for a valid token of another subject", async () => {
    const other = await mintToken(t);
    const error = await refused(open({ session_id: ref.sessionId, access_token: other }));
    expectRefusal(error, 401, "authentication failed");
  });

  it("accepts a token re-signed with unchanged claims (so the forged cases below fail for their claims)", async () => {
    const same = await forgeToken(t, ref.token);
    const client = await open({ session_id: ref.sessionId, access_token: same });
    await client.waitFor("EVENT_TYPE_SESSION_START");
  });

  it("answers 401 for an expired token of the session's own subject", async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = await forgeToken(t, ref.token, { iat: now - 1000, exp: now - 10 });
    const error = await refused(open({ session_id: ref.sessionId, access_token: expired }));
    expectRefusal(error, 401, "authentication failed");
  });

  it("answers 401 for a token of the session's subject but another connector", async () => {
    const response = await fetch(`${t.url}/admin/v1/connectors`, {
      method: "POST",
      headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ host: "localhost", agent_id: "demo" }),
    });
    expect(response.status).toBe(201);
    const { id } = (await response.json()) as { id: string };
    const other = await forgeToken(t, ref.token, { cid: id });
    const error = await refused(open({ session_id: ref.sessionId, access_token: other }));
    expectRefusal(error, 401, "authentication failed");
  });

  it("answers 404 session not found for an unknown session_id", async () => {
    const error = await refused(
      open({ session_id: "0190f0f0-0000-7000-8000-000000000000", access_token: ref.token }),
    );
    expectRefusal(error, 404, "session not found");
  });

  it("answers 429 connection limit exceeded for session on the 11th connection", async () => {
    for (let i = 0; i < 10; i++) opened.push(await connect(t, ref));
    const error = await refused(connect(t, ref));
    expectRefusal(error, 429, "connection limit exceeded for session");
    // A slot freed is a slot usable again.
    const first = opened.shift() as TestClient;
    first.close();
    await first.closed;
    const deadline = Date.now() + 3000;
    for (;;) {
      try {
        opened.push(await connect(t, ref));
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
  });

  it("refuses a browser Origin that does not match the connector's host with 401", async () => {
    const error = await refused(
      open(
        { session_id: ref.sessionId, access_token: ref.token },
        { Origin: "https://evil.example.com" },
      ),
    );
    expectRefusal(error, 401, "authentication failed");
    const suffix = await refused(
      open(
        { session_id: ref.sessionId, access_token: ref.token },
        { Origin: "http://notlocalhost" },
      ),
    );
    expectRefusal(suffix, 401, "authentication failed");
  });

  it("answers every refusal with a JSON body {message, code}", async () => {
    const errors = [
      await refused(open({})),
      await refused(open({ session_id: ref.sessionId, access_token: "x.y.z" })),
      await refused(open({ session_id: "nope", access_token: ref.token })),
    ];
    for (const error of errors) {
      expect(String(error.headers["content-type"])).toMatch(/^application\/json/);
      const body = JSON.parse(error.body) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["code", "message"]);
      expect(typeof body.message).toBe("string");
      expect(typeof body.code).toBe("string");
    }
  });
});

describe("accepted handshakes", () => {
  it("accepts auth_token as an alias of access_token", async () => {
    const client = await open({ session_id: ref.sessionId, auth_token: ref.token });
    const start = await client.waitFor("EVENT_TYPE_SESSION_START");
    expect(start.sequence).toBe(1);
  });

  it("needs no Origin header and no subprotocol", async () => {
    // TestClient sends neither an Origin nor a Sec-WebSocket-Protocol header.
    const client = await open({ session_id: ref.sessionId, access_token: ref.token });
    expect(client.ws.protocol).toBe("");
    await client.waitFor("EVENT_TYPE_SESSION_START");
  });

  it("accepts a browser Origin that matches the connector's host", async () => {
    const client = await open(
      { session_id: ref.sessionId, access_token: ref.token },
      { Origin: "http://localhost:3000" },
    );
    await client.waitFor("EVENT_TYPE_SESSION_START");
  });

  it("accepts a second token minted for the same subject by refresh", async () => {
    const response = await fetch(`${t.url}/api/v1/access-token`, {
      method: "POST",
      headers: {
        "X-Token": t.connectorToken,
        "X-Host": "localhost",
        Authorization: `Bearer ${ref.token}`,
        "Content-Type": "application/json",
      },
      body: "{}",
    });
    expect(response.status).toBe(200);
    const { access_token } = (await response.json()) as { access_token: string };
    const client = await open({ session_id: ref.sessionId, access_token });
    await client.waitFor("EVENT_TYPE_SESSION_START");
  });
});

describe("connect rate of a session (60 per minute: a burst of 10)", () => {
  it("answers connects over the budget with 429 too many connection attempts and a Retry-After", async () => {
    await t.close();
    t = await startTestServer({ SWITCHBOARD_HTTP_REQUESTS_PER_MINUTE: "60" });
    ref = await newSession(t);
    for (let i = 0; i < 10; i++) {
      const client = await connect(t, ref);
      client.close();
      await client.closed;
    }
    const error = await refused(connect(t, ref));
    expectRefusal(error, 429, "too many connection attempts");
    expect(String(error.headers["retry-after"])).toMatch(/^[1-9][0-9]*$/);
    // A token that does not verify is refused before the budget is looked at.
    expectRefusal(
      await refused(open({ session_id: ref.sessionId, access_token: "x.y.z" })),
      401,
      "authentication failed",
    );
  });
});
