// Sessions by visitor id over HTTP: created with visitor_id, listed newest first for that visitor
// and connector only, reopened with a token the session accepts, gone once erased; bad input refused.
import { describe, expect, it } from "vitest";
import { connect, newSession, say } from "../support/conversation.js";
import { addConnector } from "../support/desk.js";
import { mintToken, startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

const track = closeAfterEach();
const VISITOR = "0d4c2b8e-5d2a-4c1f-9a7e-3f6b2c1d0e9f";
const OTHER = "7f0e1d2c-3b4a-4958-8776-a5b4c3d2e1f0";

async function post(t: TestServer, path: string, body: unknown, token?: string) {
  const response = await fetch(`${t.url}/api/v1${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

const idsOf = (answer: { json: Record<string, unknown> }) =>
  (answer.json.sessions as Array<{ session_id: string }>).map((s) => s.session_id);

describe("sessions by visitor id", () => {
  it("lists the visitor's conversations with this connector, newest first, with their last message", async () => {
    const t = track(await startTestServer({ SWITCHBOARD_STREAM_CHUNK_DELAY_MS: "0" }));
    const first = await newSession(t, { body: { visitor_id: VISITOR } });
    const client = track(await connect(t, first));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    await say(client, "what are your opening hours?");
    const second = await newSession(t, { body: { visitor_id: VISITOR } });
    await newSession(t, { body: { visitor_id: OTHER } });
    await newSession(t, {});
    const elsewhere = await addConnector(t);
    await newSession(t, { body: { visitor_id: VISITOR }, connectorToken: elsewhere });

    const token = await mintToken(t);
    const listed = await post(t, "/visitor-sessions", { visitor_id: VISITOR }, token);
    expect(listed.status).toBe(200);
    expect(idsOf(listed)).toEqual([second.sessionId, first.sessionId]);
    const [newest, oldest] = listed.json.sessions as Array<Record<string, unknown>>;
    expect(newest).toEqual({
      session_id: second.sessionId,
      state: "active",
      created_at: expect.stringMatching(/Z$/),
      ended_at: null,
      last_message: null,
    });
    expect(oldest?.last_message).toEqual({ from: "agent", text: expect.stringMatching(/9/) });
    expect(
      idsOf(await post(t, "/visitor-sessions", { visitor_id: VISITOR, limit: 1 }, token)),
    ).toEqual([second.sessionId]);
  });

  it("reopens an earlier conversation with a token it accepts, for that visitor only", async () => {
    const t = track(await startTestServer());
    const first = await newSession(t, { body: { visitor_id: VISITOR } });
    const token = await mintToken(t);
    const reopened = await post(
      t,
      `/visitor-sessions/${first.sessionId}/access-token`,
      { visitor_id: VISITOR },
      token,
    );
    expect(reopened.status).toBe(200);
    expect(reopened.json).toEqual({
      access_token: expect.any(String),
      expires_in: expect.any(Number),
      token_type: "Bearer",
    });
    const client = track(
      await connect(t, { sessionId: first.sessionId, token: reopened.json.access_token as string }),
    );
    await client.waitFor("EVENT_TYPE_SESSION_START");

    const stranger = await post(
      t,
      `/visitor-sessions/${first.sessionId}/access-token`,
      { visitor_id: OTHER },
      token,
    );
    expect(stranger).toEqual({
      status: 404,
      json: { message: "No such conversation for this visitor", code: "visitor_session_not_found" },
    });
  });

  it("forgets an erased conversation", async () => {
    const t = track(await startTestServer());
    const first = await newSession(t, { body: { visitor_id: VISITOR } });
    expect(await t.server.hub.erase(first.sessionId)).toBe(true);
    const token = await mintToken(t);
    expect(idsOf(await post(t, "/visitor-sessions", { visitor_id: VISITOR }, token))).toEqual([]);
    const reopen = await post(
      t,
      `/visitor-sessions/${first.sessionId}/access-token`,
      { visitor_id: VISITOR },
      token,
    );
    expect(reopen.status).toBe(404);
  });

  it("refuses a malformed visitor id, a bad limit, a bad body or a missing token with a clear error", async () => {
    const t = track(await startTestServer());
    const token = await mintToken(t);
    const parse = {
      status: 400,
      json: { message: "Error parsing request", code: "request_parse_error" },
    };
    const created = await fetch(`${t.url}/api/v1/sessions`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
      body: JSON.stringify({ visitor_id: "short" }),
    });
    expect(created.status).toBe(400);
    expect(await post(t, "/visitor-sessions", { visitor_id: "x y" }, token)).toEqual(parse);
    expect(await post(t, "/visitor-sessions", {}, token)).toEqual(parse);
    expect(await post(t, "/visitor-sessions", "{", token)).toEqual(parse);
    expect(await post(t, "/visitor-sessions", { visitor_id: VISITOR, limit: 0 }, token)).toEqual(
      parse,
    );
    expect((await post(t, "/visitor-sessions", { visitor_id: VISITOR })).status).toBe(400);
    expect(
      (await post(t, "/visitor-sessions", { visitor_id: VISITOR }, "not-a-token")).status,
    ).toBe(401);
  });
});
