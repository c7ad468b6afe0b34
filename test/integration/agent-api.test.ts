// The agent API (/agent/v1) as a webhook bot uses it: keys, ownership, bad bodies, limits, refusals.
import { beforeEach, describe, expect, it } from "vitest";
import { barrier, connect, isAgentMessageEnd, newSession } from "../support/conversation.js";
import { onlineDesk } from "../support/desk.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import {
  addWebhookAgent,
  agentApi,
  json,
  type WebhookAgentRefs,
  WebhookBackend,
  webhookDefinition,
} from "../support/webhook-backend.js";

const track = closeAfterEach();
let t: TestServer;
let bot: WebhookBackend;
let refs: WebhookAgentRefs;

async function start(env: Record<string, string> = {}) {
  t = track(await startTestServer(env));
  bot = track(await WebhookBackend.start());
  bot.handler = (_request, res) => json(res, 200, {});
  refs = await addWebhookAgent(t, webhookDefinition(bot));
}

/** A session of the webhook agent whose (empty) greeting turn is over. */
async function joinedSession() {
  const ref = await newSession(t, { connectorToken: refs.connectorToken });
  const client = track(await connect(t, ref));
  await client.waitFor("EVENT_TYPE_SESSION_START");
  const before = bot.requests.length;
  client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
  await bot.waitForRequests(before + 1);
  await barrier(client);
  return { ...ref, client };
}

describe("agent API: who may call it", () => {
  beforeEach(() => start());

  it("refuses a missing or unknown agent key with 401", async () => {
    const { sessionId } = await joinedSession();
    const path = `/sessions/${sessionId}/messages`;
    for (const key of ["", "sbk_not-a-key", `${refs.agentKey}x`]) {
      const answer = await agentApi(t, key, path, { text: "hi" });
      expect(answer).toEqual({
        status: 401,
        json: { message: "Missing or invalid agent key", code: "agent_unauthorized" },
      });
    }
  });

  it("answers 404 for another agent's conversation and for an unknown one", async () => {
    const other = await addWebhookAgent(t, webhookDefinition(bot, { name: "Other" }));
    const { sessionId } = await joinedSession();
    const theirs = await agentApi(t, other.agentKey, `/sessions/${sessionId}/messages`, {
      text: "not mine",
    });
    const missing = await agentApi(t, refs.agentKey, "/sessions/nope/messages", { text: "x" });
    for (const answer of [theirs, missing]) {
      expect(answer).toMatchObject({ status: 404, json: { code: "agent_session_not_found" } });
    }
    const unknownRoute = await agentApi(t, refs.agentKey, `/sessions/${sessionId}/dance`, {});
    expect(unknownRoute).toMatchObject({ status: 404, json: { code: "not_found" } });
  });

  it("stops a rotated key at once and takes the new one", async () => {
    const { sessionId, client } = await joinedSession();
    const rotated = await fetch(`${t.url}/admin/v1/agents/${refs.agentId}/rotate-key`, {
      method: "POST",
      headers: { Authorization: `Bearer ${t.adminToken}` },
    });
    const { agent_key } = (await rotated.json()) as { agent_key: string };
    expect(agent_key).toMatch(/^sbk_/);
    const path = `/sessions/${sessionId}/messages`;
    expect((await agentApi(t, refs.agentKey, path, { text: "old" })).status).toBe(401);
    expect((await agentApi(t, agent_key, path, { text: "new" })).status).toBe(200);
    const message = await client.waitFor(isAgentMessageEnd);
    expect(message.payload.text).toBe("new");
  });
});

describe("agent API: what it accepts", () => {
  beforeEach(() => start());

  it("names every bad field of a body", async () => {
    const { sessionId } = await joinedSession();
    const answer = await agentApi(t, refs.agentKey, `/sessions/${sessionId}/messages`, {
      text: "",
      attachments: [{ content_type: "ATTACHMENT_CONTENT_TYPE_PDF" }],
      response_suggestions: "yes",
      more: "no",
      colour: "blue",
    });
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe("agent_invalid_request");
    expect(answer.json.details).toEqual(
      expect.arrayContaining([
        "colour: unknown field (expected one of: text, attachments, response_suggestions, reply_to, more)",
        "text: must not be empty",
        "attachments[0].content_url: required",
        "attachments[0].content_type: must be one of: ATTACHMENT_CONTENT_TYPE_URL, ATTACHMENT_CONTENT_TYPE_IMAGE",
        "response_suggestions: must be an array",
        "more: must be true or false",
      ]),
    );
    expect(answer.json.message).toContain("Invalid request: ");
    const chunk = await agentApi(t, refs.agentKey, `/sessions/${sessionId}/chunks`, {
      text: 5,
      attachments: [],
    });
    expect(chunk.json.details).toEqual([
      "text: must be a string",
      "(body): attachments and response_suggestions go on the final chunk",
    ]);
    const notJson = await fetch(`${t.url}/agent/v1/sessions/${sessionId}/messages`, {
      method: "POST",
      headers: { Authorization: `Bearer ${refs.agentKey}`, "Content-Type": "application/json" },
      body: "{oops",
    });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({
      message: "Invalid request: body is not valid JSON",
    });
  });

  it("refuses a body over the size limit with 413", async () => {
    const { sessionId } = await joinedSession();
    const answer = await agentApi(t, refs.agentKey, `/sessions/${sessionId}/messages`, {
      text: "x".repeat(300 * 1024),
    });
    expect(answer).toEqual({
      status: 413,
      json: { message: "Request body too large", code: "payload_too_large" },
    });
  });

  it("applies a message repeated with the same Idempotency-Key once", async () => {
    const { sessionId, client } = await joinedSession();
    const path = `/sessions/${sessionId}/messages`;
    const headers = { "Idempotency-Key": "msg-1" };
    const first = await agentApi(t, refs.agentKey, path, { text: "Only once" }, headers);
    const again = await agentApi(t, refs.agentKey, path, { text: "Only once" }, headers);
    expect(again).toEqual(first);
    await barrier(client);
    const messages = client.events.filter((e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE");
    expect(messages.map((m) => m.payload.text)).toEqual(["Only once"]);
  });

  it("refuses while a person has the conversation, and after it ended", async () => {
    track((await onlineDesk(t, { queues: ["support"] })).socket);
    const { sessionId, client } = await joinedSession();
    const path = `/sessions/${sessionId}`;
    const handoff = await agentApi(t, refs.agentKey, `${path}/handoff`, {
      reason: "asked for one",
    });
    expect(handoff).toMatchObject({
      status: 200,
      json: { status: "completed", handoff: { destination: "support", reason: "asked for one" } },
    });
    await client.waitFor("EVENT_TYPE_HANDOFF_QUEUE_STATUS");
    for (const route of ["messages", "chunks", "typing"]) {
      const answer = await agentApi(t, refs.agentKey, `${path}/${route}`, { text: "x" });
      expect(answer).toMatchObject({ status: 409, json: { code: "agent_not_in_session" } });
    }
    client.send("EVENT_TYPE_USER_END_SESSION");
    await client.waitFor("EVENT_TYPE_SESSION_END");
    const ended = await agentApi(t, refs.agentKey, `${path}/typing`);
    expect(ended).toMatchObject({ status: 409, json: { code: "agent_session_ended" } });
  });
});

describe("agent API: rate limit", () => {
  it("answers 429 with Retry-After past the per-conversation burst", async () => {
    await start({
      SWITCHBOARD_AGENT_API_BURST: "3",
      SWITCHBOARD_AGENT_API_REQUESTS_PER_SECOND: "1",
    });
    const { sessionId } = await joinedSession();
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await agentApi(t, refs.agentKey, `/sessions/${sessionId}/typing`)).status);
    }
    expect(statuses).toEqual([204, 204, 204, 429]);
    const limited = await fetch(`${t.url}/agent/v1/sessions/${sessionId}/typing`, {
      method: "POST",
      headers: { Authorization: `Bearer ${refs.agentKey}` },
    });
    expect(limited.headers.get("retry-after")).toBe("1");
    expect(await limited.json()).toEqual({ message: "Too many requests", code: "rate_limited" });
  });
});
