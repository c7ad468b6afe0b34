// LLM agents through the whole server: admin API definitions with write-only keys, streamed
// replies over the WebSocket, tool-driven handoff, and one reply per repeated message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { connect, isAgentMessageEnd, joinedClient, say } from "../support/conversation.js";
import { until } from "../support/fake-clock.js";
import { type FakeOpenAI, startFakeOpenAI } from "../support/fake-openai.js";
import { createConnector, post } from "../support/http.js";
import { llmDefinition } from "../support/llm-fixtures.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";

let t: TestServer;
let fake: FakeOpenAI;
const track = closeAfterEach();
const KEY = "sk-live-do-not-leak-0123456789";

beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(async () => {
  t = track(await startTestServer());
  fake.requests.length = 0;
});

const admin = () => ({
  Authorization: `Bearer ${t.adminToken}`,
  "Content-Type": "application/json",
});

function definition(extra: Record<string, unknown> = {}) {
  return llmDefinition(fake.url, {
    provider: { base_url: fake.url, model: "fake-model", api_key: KEY },
    ...extra,
  });
}

async function llmConnector(
  extra: Record<string, unknown> = {},
  handoff?: Record<string, unknown>,
) {
  const created = await post(t, "/admin/v1/agents", admin(), JSON.stringify(definition(extra)));
  expect(created.status).toBe(201);
  const agent = created.json as { id: string };
  const connector = await createConnector(t, {
    host: "localhost",
    agent_id: agent.id,
    ...(handoff ? { handoff } : {}),
  });
  return { agentId: agent.id, token: connector.token };
}

describe("LLM agents in the admin API", () => {
  it("names every bad field of a definition", async () => {
    const body = {
      kind: "llm",
      name: "",
      provider: { base_url: "ftp://x", api_key_env: "1BAD" },
      history_budget: { tokens: -1 },
      builtin_tools: ["teleport"],
      http_tools: [{ name: "t", description: "d", url: "http://example.com/x", secret: "s" }],
    };
    const result = await post(t, "/admin/v1/agents", admin(), JSON.stringify(body));
    expect(result.status).toBe(400);
    const text = JSON.stringify(result.json);
    for (const field of [
      "name: must not be empty",
      "provider.base_url: must be an http(s) URL",
      "provider.model: required",
      "provider.api_key_env: must be an environment variable name",
      "history_budget.tokens: must be a whole number",
      "builtin_tools[0]: must be one of",
      "http_tools[0].url: must be an https URL",
    ]) {
      expect(text).toContain(field);
    }
  });

  it("keeps API keys write-only: never shown, kept when sent back redacted", async () => {
    const { agentId } = await llmConnector();
    const read = await fetch(`${t.url}/admin/v1/agents/${agentId}`, { headers: admin() });
    const shown = (await read.json()) as { definition: { provider: { api_key: string } } };
    expect(JSON.stringify(shown)).not.toContain(KEY);
    expect(shown.definition.provider.api_key).toBe("********");
    const list = await (await fetch(`${t.url}/admin/v1/agents`, { headers: admin() })).text();
    expect(list).not.toContain(KEY);
    // Read, edit, send back: the stored key stays.
    const edited = { ...shown.definition, instructions: "Be terse." };
    const put = await fetch(`${t.url}/admin/v1/agents/${agentId}`, {
      method: "PUT",
      headers: admin(),
      body: JSON.stringify(edited),
    });
    expect(put.status).toBe(200);
    expect((await t.server.store.getAgent(agentId))?.definition).toMatchObject({
      instructions: "Be terse.",
      provider: { api_key: KEY },
    });
    const fresh = await post(
      t,
      "/admin/v1/agents",
      admin(),
      JSON.stringify(
        definition({ provider: { base_url: fake.url, model: "m", api_key: "********" } }),
      ),
    );
    expect(JSON.stringify(fresh.json)).toContain("provider.api_key: no stored secret to keep");
  });
});

describe("LLM agents over the WebSocket", () => {
  it("streams the model's reply as chunks after the greeting, with the history sent upstream", async () => {
    const { token } = await llmConnector({ history_budget: { tokens: 2000 } });
    const joined = await joinedClient(t, {
      connectorToken: token,
      body: { streaming_enabled: true },
    });
    track(joined.client);
    const greeting = joined.client.events.filter(
      (e) => e.payload.message_id === joined.greeting.payload.message_id,
    );
    expect(greeting.map((c) => c.payload.text).join("")).toBe("Hi, I'm Lumen.");
    fake.enqueue({ kind: "stream", text: "We open at nine and close at five." });
    const { reply } = await say(joined.client, "When are you open?");
    const chunks = joined.client.events.filter(
      (e) =>
        e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK" &&
        e.payload.message_id === reply.payload.message_id,
    );
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.map((c) => c.payload.text).join("")).toBe("We open at nine and close at five.");
    const messages = fake.requests[0]?.body.messages as { role: string; content: string }[];
    expect(messages.slice(1)).toEqual([
      { role: "assistant", content: "Hi, I'm Lumen." },
      { role: "user", content: "When are you open?" },
    ]);
    expect(fake.requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_agent_tokens_total\{agent="[^"]+",direction="out"\} \d+/);
    expect(metrics).toMatch(/switchboard_agent_first_token_seconds_count\{agent="[^"]+"\} 1/);
    expect(metrics).not.toContain(KEY);
  });

  it("hands off to the connector's queue when the model calls the handoff tool", async () => {
    const { token } = await llmConnector(
      {},
      { mode: "client", reason: "AGENT_DECISION", queue_name: "Support" },
    );
    const joined = await joinedClient(t, { connectorToken: token });
    track(joined.client);
    fake.enqueue({
      kind: "stream",
      text: "Connecting you with a colleague.",
      toolCalls: [{ name: "handoff", arguments: '{"reason":"asked for a person"}' }],
    });
    const from = joined.client.events.length;
    joined.client.send("EVENT_TYPE_USER_MESSAGE", { text: "A person, please" });
    await joined.client.waitFor("EVENT_TYPE_POLY_AGENT_LEFT", 5000, from);
    const types = joined.client.events.slice(from).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        "EVENT_TYPE_POLY_AGENT_MESSAGE",
        "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF",
        "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED",
      ]),
    );
    expect(types.indexOf("EVENT_TYPE_POLY_AGENT_MESSAGE")).toBeLessThan(
      types.indexOf("EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF"),
    );
  });

  it("answers a message sent twice with the same local_id once, from two connections at once", async () => {
    const { token } = await llmConnector();
    const joined = await joinedClient(t, { connectorToken: token });
    track(joined.client);
    const second = track(await connect(t, joined));
    await second.waitFor("EVENT_TYPE_SESSION_START");
    const custom = { local_id: "same-message-1" };
    joined.client.send("EVENT_TYPE_USER_MESSAGE", { text: "Only once, please" }, custom);
    second.send("EVENT_TYPE_USER_MESSAGE", { text: "Only once, please" }, custom);
    await joined.client.waitFor(
      isAgentMessageEnd,
      5000,
      joined.client.events.indexOf(joined.greeting) + 1,
    );
    await say(joined.client, "and now something else");
    const stored = (await t.server.store.readEvents(joined.sessionId, 0, 100)).map((e) => e.type);
    expect(stored.filter((type) => type === "EVENT_TYPE_USER_MESSAGE")).toHaveLength(2);
    expect(stored.filter((type) => type === "EVENT_TYPE_POLY_AGENT_MESSAGE")).toHaveLength(3);
    expect(fake.requests).toHaveLength(2);
  });

  it("aborts the upstream request when the user ends the session mid-answer", async () => {
    const { token } = await llmConnector();
    const joined = await joinedClient(t, { connectorToken: token });
    track(joined.client);
    fake.aborted = 0;
    fake.enqueue({ kind: "hang" });
    joined.client.send("EVENT_TYPE_USER_MESSAGE", { text: "take your time" });
    await until(() => fake.requests.length === 1, "the upstream request");
    joined.client.send("EVENT_TYPE_USER_END_SESSION");
    await joined.client.waitFor("EVENT_TYPE_SESSION_END");
    await until(() => fake.aborted === 1, "the upstream request to be aborted");
  });

  it("tells the user when the model is down, and the session goes on", async () => {
    const { token } = await llmConnector({
      provider: { base_url: fake.url, model: "m", api_key: KEY, max_retries: 0 },
    });
    const joined = await joinedClient(t, { connectorToken: token });
    track(joined.client);
    fake.enqueue({ kind: "status", status: 401 });
    const from = joined.client.events.length;
    joined.client.send("EVENT_TYPE_USER_MESSAGE", { text: "hello?" });
    const notice = await joined.client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE", 5000, from);
    expect(notice.payload.message).toBe(
      "Sorry, I'm having trouble responding right now. Please try again.",
    );
    const { reply } = await say(joined.client, "still there?");
    expect(reply.payload.text).toBe("Hello from the fake model.");
  });
});
