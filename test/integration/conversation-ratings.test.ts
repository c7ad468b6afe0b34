// Rating at the end, over HTTP: the connector's question, the visitor's answer by the session's token,
// the admin API, exports and /metrics, limits, and erasure.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, newSession, type SessionRef } from "../support/conversation.js";
import { sampleValue } from "../support/prometheus-text.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { admin, contextAgentDefinition } from "../support/verified-context.js";

let t: TestServer;
let five: { id: string; token: string };
let thumbs: { id: string; token: string };
let none: { id: string; token: string };

async function connectorWith(rating: unknown): Promise<{ id: string; token: string }> {
  const agent = await admin(t, "POST", "/agents", contextAgentDefinition());
  const made = await admin(t, "POST", "/connectors", {
    host: "localhost",
    agent_id: agent.json?.id,
    ...(rating === undefined ? {} : { rating }),
  });
  if (made.status !== 201) throw new Error(JSON.stringify(made.json));
  return { id: String(made.json?.id), token: String(made.json?.token) };
}

beforeAll(async () => {
  t = await startTestServer();
  five = await connectorWith({ scale: "five", comment: true });
  thumbs = await connectorWith({ scale: "thumbs" });
  none = await connectorWith(undefined);
});
afterAll(() => t.close());

/** A session of `connector` that the visitor ended (USER_END_SESSION). */
async function ended(connector: { token: string }): Promise<SessionRef> {
  const ref = await newSession(t, { connectorToken: connector.token });
  const client = await connect(t, ref);
  await client.waitFor("EVENT_TYPE_SESSION_START");
  client.send("EVENT_TYPE_USER_END_SESSION", {}, { local_id: "end" });
  await client.waitFor("EVENT_TYPE_SESSION_END");
  client.close();
  return ref;
}

async function rating(ref: SessionRef, method: "GET" | "POST", body?: unknown, raw?: string) {
  const response = await fetch(`${t.url}/api/v1/sessions/${ref.sessionId}/rating`, {
    method,
    headers: {
      Authorization: `Bearer ${ref.token}`,
      ...(method === "POST" ? { "Content-Type": "application/json" } : {}),
    },
    ...(method === "POST" ? { body: raw ?? JSON.stringify(body) } : {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

describe("the connector's question", () => {
  it("is set, shown and cleared through the admin API, and checked", async () => {
    const shown = await admin(t, "GET", `/connectors/${five.id}`);
    expect(shown.json?.rating).toEqual({ scale: "five", comment: true });
    expect((await admin(t, "GET", `/connectors/${none.id}`)).json?.rating).toBeNull();
    const bad = await admin(t, "PATCH", `/connectors/${none.id}`, {
      rating: { scale: "ten", colour: 1 },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toContain("rating.scale");
    expect(JSON.stringify(bad.json)).toContain("rating.colour: unknown field");
  });

  it("tells the widget what to ask, and that it can answer only once the conversation ended", async () => {
    const live = await newSession(t, { connectorToken: five.token });
    expect(await rating(live, "GET")).toEqual({
      status: 200,
      json: { question: { scale: "five", comment: true }, can_rate: false, rating: null },
    });
    const early = await rating(live, "POST", { score: 5 });
    expect(early).toEqual({
      status: 409,
      json: {
        code: "rating_session_active",
        message: "The conversation can be rated once it has ended",
      },
    });
    const plain = await ended(none);
    expect((await rating(plain, "GET")).json).toEqual({
      question: null,
      can_rate: false,
      rating: null,
    });
    expect((await rating(plain, "POST", { score: 5 })).json?.code).toBe("rating_not_offered");
  });
});

describe("a visitor's rating", () => {
  it("is stored with the session, the last one counting, and shown in the admin API and exports", async () => {
    const ref = await ended(five);
    const first = await rating(ref, "POST", { score: 2, comment: "  Slow at first  " });
    expect(first.status).toBe(201);
    expect(first.json.rating).toMatchObject({
      score: "2",
      comment: "Slow at first",
      scale: "five",
    });
    const second = await rating(ref, "POST", { score: 4, comment: "Solved in the end" });
    expect(second.json.rating).toMatchObject({ score: "4", comment: "Solved in the end" });
    expect((await rating(ref, "GET")).json.rating).toEqual(second.json.rating);

    const detail = await admin(t, "GET", `/sessions/${ref.sessionId}`);
    expect(detail.json?.rating).toEqual({
      session_id: ref.sessionId,
      connector_id: five.id,
      scale: "five",
      score: "4",
      comment: "Solved in the end",
      rated_at: expect.any(String),
    });
    const listed = await admin(t, "GET", `/ratings?connector_id=${five.id}&score=4`);
    expect(
      ((listed.json?.ratings ?? []) as { session_id: string }[]).map((r) => r.session_id),
    ).toContain(ref.sessionId);
    expect((await admin(t, "GET", "/ratings?score=7")).status).toBe(400);
    expect((await admin(t, "GET", "/ratings?cursor=%%%")).status).toBe(400);
  });

  it("pages the admin list with next_cursor", async () => {
    const refs = [await ended(thumbs), await ended(thumbs), await ended(thumbs)];
    for (const ref of refs) expect((await rating(ref, "POST", { score: "down" })).status).toBe(201);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await admin(
        t,
        "GET",
        `/ratings?connector_id=${thumbs.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`,
      );
      seen.push(
        ...((page.json?.ratings ?? []) as { session_id: string }[]).map((r) => r.session_id),
      );
      cursor = page.json?.next_cursor as string | null;
    } while (cursor);
    expect(seen.sort()).toEqual(refs.map((r) => r.sessionId).sort());
  });

  it("is refused with a clear error when it does not fit the question or the limits", async () => {
    const ref = await ended(thumbs);
    const cases: [unknown, string][] = [
      [{ score: 5 }, 'Invalid rating: score must be "up" or "down"'],
      [
        { score: "up", comment: "nice" },
        "Invalid rating: this conversation's rating takes no comment",
      ],
      [
        { score: "up", extra: 1 },
        "Invalid rating: unknown field extra (expected score and comment)",
      ],
      [[1], "Invalid rating: the body must be a JSON object"],
    ];
    for (const [body, message] of cases) {
      expect(await rating(ref, "POST", body)).toEqual({
        status: 400,
        json: { code: "rating_invalid", message },
      });
    }
    expect((await rating(ref, "POST", undefined, "{nope")).json.code).toBe("request_parse_error");
    const scale = await ended(five);
    expect((await rating(scale, "POST", { score: 0 })).json.message).toBe(
      "Invalid rating: score must be a whole number from 1 to 5",
    );
    expect(
      (await rating(scale, "POST", { score: 3, comment: "é".repeat(1001) })).json.message,
    ).toBe("Invalid rating: comment must be at most 1000 characters");
    expect((await rating(scale, "POST", { score: 3, comment: "é".repeat(1000) })).status).toBe(201);
    expect((await rating(scale, "POST", {}, "x".repeat(9000))).status).toBe(413);
  });

  it("needs the session's own token", async () => {
    const ref = await ended(five);
    const other = await newSession(t, { connectorToken: five.token });
    const stranger = { sessionId: ref.sessionId, token: other.token };
    expect((await rating(stranger, "POST", { score: 5 })).json.code).toBe(
      "rating_session_not_found",
    );
    expect((await rating({ ...ref, token: "forged" }, "POST", { score: 5 })).status).toBe(401);
    const response = await fetch(`${t.url}/api/v1/sessions/${ref.sessionId}/rating`);
    expect(response.status).toBe(400);
  });

  it("is counted per connector and score on /metrics, and erased with its session", async () => {
    const ref = await ended(five);
    await rating(ref, "POST", { score: 1 });
    const before = await (await fetch(`${t.url}/metrics`)).text();
    const labels = { connector: five.id, scale: "five", score: "1" };
    expect(sampleValue(before, "switchboard_conversation_ratings", labels)).toBe(1);
    expect((await admin(t, "DELETE", `/sessions/${ref.sessionId}`)).status).toBe(204);
    const after = await (await fetch(`${t.url}/metrics`)).text();
    expect(sampleValue(after, "switchboard_conversation_ratings", labels)).toBeUndefined();
    expect((await rating(ref, "POST", { score: 5 })).json.code).toBe("rating_session_not_found");
  });
});

it("is described in the OpenAPI document", async () => {
  const spec = (await (await fetch(`${t.url}/docs/openapi.json`)).json()) as { paths: object };
  expect(Object.keys(spec.paths)).toEqual(
    expect.arrayContaining(["/api/v1/sessions/{session_id}/rating", "/admin/v1/ratings"]),
  );
});
