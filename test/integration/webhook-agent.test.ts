// Webhook agents end to end: a real server, a real bot backend on an ephemeral port, real sockets.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect, isAgentMessageEnd, newSession, say } from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import {
  addWebhookAgent,
  agentApi,
  json,
  WebhookBackend,
  webhookDefinition,
} from "../support/webhook-backend.js";
import type { TestClient } from "../support/ws-client.js";

const track = closeAfterEach();
let t: TestServer;
let bot: WebhookBackend;

beforeEach(async () => {
  t = track(await startTestServer());
  bot = track(await WebhookBackend.start());
});

async function joined(definition: Record<string, unknown>, body: Record<string, unknown> = {}) {
  const refs = await addWebhookAgent(t, definition);
  const ref = await newSession(t, { connectorToken: refs.connectorToken, body });
  const client = track(await connect(t, ref));
  await client.waitFor("EVENT_TYPE_SESSION_START");
  client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
  return { ...refs, ...ref, client };
}

describe("webhook agent: inline answers", () => {
  it("sends each event signed with its id as idempotency key, and shows the answer", async () => {
    bot.handler = (request, res) =>
      json(res, 200, {
        messages: [
          {
            text: request.event.type === "join" ? "Hi from the bot" : "You said hi",
            response_suggestions: [{ message_text: "More" }],
          },
        ],
      });
    const { client, sessionId } = await joined(webhookDefinition(bot));
    const greeting = await client.waitFor(isAgentMessageEnd);
    expect(greeting.payload).toMatchObject({ text: "Hi from the bot", agent_name: "Hooky" });
    const { reply } = await say(client, "hi");
    expect(reply.payload).toMatchObject({
      text: "You said hi",
      response_suggestions: [{ message_text: "More" }],
    });
    const [join, message] = bot.requests;
    expect(bot.requests.every((r) => r.signed)).toBe(true);
    expect(join?.event).toMatchObject({ type: "join", session: { id: sessionId, language: "en" } });
    expect(message?.event).toMatchObject({
      type: "message",
      message: { text: "hi" },
      session: { id: sessionId, connector: { host: "localhost" } },
      context: { verified: null, integration_attributes: null },
    });
    expect(message?.headers["idempotency-key"]).toBe(message?.event.id);
    expect(message?.event.history.at(-1)).toMatchObject({ role: "user", text: "hi" });
    expect(message?.event.history[0]).toMatchObject({ role: "ai_agent", text: "Hi from the bot" });
  });
});

describe("webhook agent: retries", () => {
  it("retries a 5xx and a timeout with the same idempotency key and body, then answers once", async () => {
    let calls = 0;
    bot.handler = (request, res) => {
      if (request.event.type === "join") return json(res, 200, {});
      calls += 1;
      if (calls === 1) return json(res, 503, { error: "busy" });
      if (calls === 2) return; // never answers: the attempt times out
      json(res, 200, { messages: [{ text: "Third time lucky" }] });
    };
    const { client } = await joined(webhookDefinition(bot, { timeout_ms: 100, retries: 2 }));
    await bot.waitForRequests(1);
    const { reply } = await say(client, "hello");
    expect(reply.payload.text).toBe("Third time lucky");
    const attempts = bot.ofType("message");
    expect(attempts.map((r) => r.headers["x-switchboard-attempt"])).toEqual(["1", "2", "3"]);
    expect(new Set(attempts.map((r) => r.headers["idempotency-key"])).size).toBe(1);
    expect(new Set(attempts.map((r) => r.body)).size).toBe(1);
    expect(attempts.every((r) => r.signed)).toBe(true);
    const messages = client.events.filter((e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE");
    expect(messages.map((m) => m.payload.text)).toEqual(["Third time lucky"]);
  });

  it("does not retry a 4xx: the bot refused the request", async () => {
    bot.handler = (request, res) =>
      request.event.type === "join" ? json(res, 200, {}) : json(res, 401, { error: "bad sig" });
    const { client } = await joined(webhookDefinition(bot, { retries: 3 }));
    await bot.waitForRequests(1);
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "hello" });
    const error = await client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE");
    expect(error.payload.message).toBe(
      "Sorry, I'm having trouble responding right now. Please try again.",
    );
    expect(bot.ofType("message")).toHaveLength(1);
  });
});

describe("webhook agent: streamed answers", () => {
  it("turns NDJSON lines into chunks as they arrive", async () => {
    let firstChunkSeen: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => {
      firstChunkSeen = resolve;
    });
    bot.handler = async (request, res) => {
      if (request.event.type === "join") return json(res, 200, {});
      res.writeHead(200, { "Content-Type": "application/x-ndjson" });
      res.write(`${JSON.stringify({ type: "text", text: "Streaming wo" })}\n`);
      await seen; // the first chunk reached the user while the bot was still answering
      const lines = [
        { type: "text", text: "rks, one line at a time." },
        { type: "suggestions", suggestions: [{ message_text: "Nice" }] },
        { type: "message_end" },
        { type: "text", text: "Second message." },
      ];
      res.end(`${lines.map((l) => JSON.stringify(l)).join("\n")}\n`);
    };
    const { client } = await joined(webhookDefinition(bot), { streaming_enabled: true });
    await bot.waitForRequests(1);
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "stream please" });
    await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK");
    firstChunkSeen();
    const firstEnd = await client.waitFor(isAgentMessageEnd);
    await client.waitFor(isAgentMessageEnd, 5000, client.events.indexOf(firstEnd) + 1);
    const chunks = client.events.filter((e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK");
    const byMessage = new Map<string, string>();
    for (const c of chunks) {
      const id = String(c.payload.message_id);
      byMessage.set(id, (byMessage.get(id) ?? "") + String(c.payload.text));
    }
    expect([...byMessage.values()]).toEqual([
      "Streaming works, one line at a time.",
      "Second message.",
    ]);
    expect(firstEnd.payload.response_suggestions).toEqual([{ message_text: "Nice" }]);
  });

  it("closes a message whose stream breaks off and says so", async () => {
    bot.handler = (request, res) => {
      if (request.event.type === "join") return json(res, 200, {});
      res.writeHead(200, { "Content-Type": "application/x-ndjson" });
      res.write(`${JSON.stringify({ type: "text", text: "Half a thou" })}\n`);
      res.write("{not json\n");
      res.end();
    };
    const { client } = await joined(webhookDefinition(bot), { streaming_enabled: true });
    await bot.waitForRequests(1);
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "go" });
    const error = await client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE");
    expect(error.payload.message).toBe("Sorry, I encountered an error. Please try again.");
    const last = client.events
      .filter((e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")
      .at(-1);
    expect(last?.payload.is_complete).toBe(true);
  });
});

describe("webhook agent: answers later through the agent API", () => {
  it("a 202 keeps the turn open; a message naming the event answers it", async () => {
    bot.handler = (request, res) =>
      request.event.type === "join" ? json(res, 200, {}) : json(res, 202, {});
    const { client, sessionId, agentKey } = await joined(webhookDefinition(bot));
    await bot.waitForRequests(1);
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "take your time" });
    await bot.waitForRequests(2);
    const event = bot.ofType("message")[0]?.event;
    await client.waitFor("EVENT_TYPE_POLY_AGENT_THINKING");
    const answer = await agentApi(t, agentKey, `/sessions/${sessionId}/messages`, {
      text: "Here is the answer",
      reply_to: event?.id,
    });
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ turn: event?.id, status: "completed" });
    expect(answer.json.message_ids).toHaveLength(1);
    const message = await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    expect(message.payload).toMatchObject({
      text: "Here is the answer",
      message_id: answer.json.message_ids[0],
    });
  });

  it("streams chunks pushed one request at a time, typing in between", async () => {
    bot.handler = (request, res) =>
      request.event.type === "join" ? json(res, 200, {}) : json(res, 202, {});
    const { client, sessionId, agentKey } = await joined(webhookDefinition(bot), {
      streaming_enabled: true,
    });
    await bot.waitForRequests(1);
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "stream later" });
    await bot.waitForRequests(2);
    const replyTo = bot.ofType("message")[0]?.event.id;
    const path = `/sessions/${sessionId}`;
    expect((await agentApi(t, agentKey, `${path}/typing`)).status).toBe(204);
    const first = await agentApi(t, agentKey, `${path}/chunks`, {
      text: "Pushed ",
      reply_to: replyTo,
    });
    expect(first).toMatchObject({ status: 202, json: { turn: replyTo, status: "accepted" } });
    await agentApi(t, agentKey, `${path}/chunks`, { text: "piece by ", reply_to: replyTo });
    const last = await agentApi(t, agentKey, `${path}/chunks`, {
      text: "piece.",
      final: true,
      response_suggestions: [{ message_text: "Thanks" }],
      reply_to: replyTo,
    });
    expect(last).toMatchObject({ status: 200, json: { status: "completed" } });
    const end = await client.waitFor(isAgentMessageEnd);
    expect(end.payload.response_suggestions).toEqual([{ message_text: "Thanks" }]);
    const text = client.events
      .filter((e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")
      .map((e) => e.payload.text)
      .join("");
    expect(text).toBe("Pushed piece by piece.");
  });

  it("hands off and ends through the agent API; a message with no open turn is its own", async () => {
    bot.handler = (request, res) => json(res, request.event.type === "join" ? 200 : 202, {});
    const { client, sessionId, agentKey } = await joined(webhookDefinition(bot));
    await bot.waitForRequests(1);
    const path = `/sessions/${sessionId}`;
    const proactive = await agentApi(t, agentKey, `${path}/messages`, { text: "By the way…" });
    expect(proactive).toMatchObject({ status: 200, json: { status: "completed" } });
    await client.waitFor(
      (e) => e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" && e.payload.text === "By the way…",
    );
    const ended = await agentApi(t, agentKey, `${path}/end`);
    expect(ended).toMatchObject({ status: 200, json: { end_conversation: true } });
    await client.waitFor("EVENT_TYPE_SESSION_END");
    const after = await agentApi(t, agentKey, `${path}/messages`, { text: "Too late" });
    expect(after).toMatchObject({ status: 409, json: { code: "agent_session_ended" } });
  });
});

describe("webhook agent: outages", () => {
  it("without a fallback, a bot that is down gets the user the spec's texts", async () => {
    bot.handler = (_request, res) => json(res, 500, {});
    const { client } = await joined(webhookDefinition(bot, { retries: 1 }));
    const start = await client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE");
    expect(start.payload.message).toBe(
      "Sorry, I'm unable to start a conversation right now. Please try again later.",
    );
    expect(bot.ofType("join")).toHaveLength(2);
  });

  it("says the fallback message and hands off to the fallback queue while the bot is down", async () => {
    const definition = webhookDefinition(bot, {
      retries: 1,
      fallback: {
        message: { text: "Our assistant is away; let me find a person." },
        handoff: { queue: "support", reason: "bot down" },
      },
    });
    await bot.close();
    const { client } = await joined(definition);
    const fallback = await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    expect(fallback.payload.text).toBe("Our assistant is away; let me find a person.");
    await client.waitFor("EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF");
    // Nobody serves the queue: the handoff fails, the agent rejoins and says the fallback again
    // without handing off once more.
    await client.waitFor("EVENT_TYPE_HANDOFF_FAILED");
    const from = client.events.findIndex((e) => e.type === "EVENT_TYPE_HANDOFF_FAILED");
    const again = await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE", 5000, from);
    expect(again.payload.text).toBe("Our assistant is away; let me find a person.");
    await barrierOf(client);
    const handoffs = client.events.filter(
      (e) => e.type === "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF",
    );
    expect(handoffs).toHaveLength(1);
  });

  it("opens the circuit after failures in a row: later turns skip the bot and get the fallback", async () => {
    bot.handler = (request, res) =>
      request.event.type === "join" ? json(res, 200, {}) : json(res, 503, {});
    const { client } = await joined(
      webhookDefinition(bot, {
        retries: 0,
        circuit_breaker: { failures: 2, cooldown_ms: 60_000 },
        fallback: { message: { text: "Back soon." } },
      }),
    );
    await bot.waitForRequests(1);
    for (const text of ["one", "two", "three", "four"]) {
      const { reply } = await say(client, text);
      expect(reply.payload.text).toBe("Back soon.");
    }
    expect(bot.ofType("message").map((r) => r.event.message.text)).toEqual(["one", "two"]);
  });
});

describe("webhook agent: stopping", () => {
  it("a new message interrupts the request in progress, and the next event carries both", async () => {
    let firstAborted: () => void = () => undefined;
    const aborted = new Promise<void>((resolve) => {
      firstAborted = resolve;
    });
    bot.handler = (request, res) => {
      if (request.event.type === "join") return json(res, 200, {});
      if (request.event.message.text === "first") {
        res.on("close", firstAborted); // never answered: Switchboard gives up on it
        return;
      }
      json(res, 200, { messages: [{ text: "Both seen" }] });
    };
    const { client } = await joined(webhookDefinition(bot, { interrupt: true }));
    await bot.waitForRequests(1);
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "first" });
    await bot.waitForRequests(2);
    const { reply } = await say(client, "second");
    await aborted;
    expect(reply.payload.text).toBe("Both seen");
    const history = bot.ofType("message")[1]?.event.history.map((m: { text: string }) => m.text);
    expect(history).toEqual(["first", "second"]);
  });

  it("the user ending the session aborts the request in progress", async () => {
    let aborted: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => {
      aborted = resolve;
    });
    bot.handler = (request, res) => {
      if (request.event.type === "join") return json(res, 200, {});
      if (request.event.type === "message") res.on("close", aborted);
      else json(res, 204, {});
    };
    const { client } = await joined(webhookDefinition(bot));
    await bot.waitForRequests(1);
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "hold on" });
    await bot.waitForRequests(2);
    client.send("EVENT_TYPE_USER_END_SESSION");
    await closed;
    await client.waitFor("EVENT_TYPE_SESSION_END");
    expect(client.events.some((e) => e.type === "EVENT_TYPE_SYSTEM_MESSAGE")).toBe(false);
  });
});

describe("webhook agent: notices", () => {
  it("tells the bot when the session ends", async () => {
    bot.handler = (_request, res) => json(res, 200, {});
    const { client, sessionId } = await joined(webhookDefinition(bot));
    await bot.waitForRequests(1);
    client.send("EVENT_TYPE_USER_END_SESSION");
    await bot.waitForRequests(2);
    const end = bot.ofType("session_end")[0];
    expect(end?.signed).toBe(true);
    expect(end?.event).toMatchObject({
      type: "session_end",
      session: { id: sessionId },
      session_end: { reason: "REASON_USER_END" },
    });
    expect(end?.headers["idempotency-key"]).toBe(end?.event.id);
  });
});

/** Waits until every event queued so far has been handled (see support/conversation.ts). */
async function barrierOf(client: TestClient): Promise<void> {
  const { barrier } = await import("../support/conversation.js");
  await barrier(client);
}

afterEach(() => undefined);
