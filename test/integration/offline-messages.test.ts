// Nobody to take the chat: the visitor leaves an email and a message, the desk lists it and the company's webhook gets it, signed and retried.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { askForHuman, joinedClient } from "../support/conversation.js";
import { addConnector, addQueue, DeskClient, onlineDesk } from "../support/desk.js";
import { readResult } from "../support/http.js";
import {
  type ShiftedClock,
  shiftedClock,
  startTestServer,
  type TestServer,
} from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import { json, WebhookBackend } from "../support/webhook-backend.js";
import type { TestClient, WireEvent } from "../support/ws-client.js";

const SECRET = "offline-webhook-secret-0123456789";
let t: TestServer;
let clock: ShiftedClock;
let hook: WebhookBackend;
const track = closeAfterEach();

beforeEach(async () => {
  clock = shiftedClock();
  t = track(await startTestServer({}, undefined, clock));
  hook = await WebhookBackend.start(SECRET, () => clock.now());
  await addQueue(t, "support");
});
afterEach(async () => {
  await hook.close();
});

function admin(method: string, path: string, body?: unknown) {
  return fetch(`${t.url}/admin/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  }).then(readResult);
}

async function enableOffline(connector = "demo", webhook = true) {
  const result = await admin("PUT", `/connectors/${connector}/offline-messages`, {
    enabled: true,
    webhook_url: webhook ? hook.url : null,
    webhook_secret: webhook ? SECRET : null,
  });
  expect(result.status).toBe(200);
  return result;
}

function leave(sessionId: string, token: string, body: unknown) {
  return fetch(`${t.url}/api/v1/sessions/${sessionId}/offline-message`, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  }).then(readResult);
}

const offered = (e: WireEvent) => e.type === "EVENT_TYPE_HANDOFF_FAILED";

async function askWithNobodyThere(): Promise<{
  client: TestClient;
  sessionId: string;
  token: string;
  events: WireEvent[];
}> {
  const joined = await joinedClient(t);
  track(joined.client);
  const events = await askForHuman(joined.client, offered, "Can I talk to a human?");
  return { client: joined.client, sessionId: joined.sessionId, token: joined.token, events };
}

describe("offline messages", () => {
  it("the admin API keeps the connector's settings and never shows the secret", async () => {
    const put = await enableOffline();
    expect(put.json).toEqual({ enabled: true, webhook_url: hook.url, webhook_secret: "********" });
    expect(put.text).not.toContain(SECRET);
    expect((await admin("GET", "/connectors/demo/offline-messages")).json).toEqual(put.json);
    // Sent back as shown, the stored secret is kept.
    const again = await admin("PUT", "/connectors/demo/offline-messages", put.json);
    expect(again.status).toBe(200);
    const bad = await admin("PUT", "/connectors/demo/offline-messages", {
      enabled: "yes",
      webhook_url: "ftp://x",
      webhook_secret: "short",
      color: 1,
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: { code: "admin_invalid_request" } });
    expect((bad.json as { error: { details: string[] } }).error.details).toHaveLength(4);
    expect((await admin("GET", "/connectors/nope/offline-messages")).status).toBe(404);
  });

  it("without the setting nothing changes: the failure text and the AI agent come back", async () => {
    const { client, events } = await askWithNobodyThere();
    await client.waitFor("EVENT_TYPE_POLY_AGENT_JOINED");
    expect(events.find(offered)?.payload).toEqual({
      reason: "NO_AGENTS_AVAILABLE",
      queue_name: "support",
    });
  });

  it("nobody online: the form is offered instead of the failure text and the bot; the message is kept, thanked, listed and sent signed", async () => {
    await enableOffline();
    const { client, sessionId, token, events } = await askWithNobodyThere();
    expect(events.find(offered)?.payload).toEqual({
      reason: "NO_AGENTS_AVAILABLE",
      queue_name: "support",
      offline_message: true,
    });
    // A later user message proves the queue was drained: no system error, no rejoin before it.
    const from = client.events.length;
    const answer = await leave(sessionId, token, {
      email: "  ada@example.com ",
      name: "Ada",
      message: "Please call me back about order 42.",
    });
    expect(answer.status).toBe(201);
    expect(answer.json).toMatchObject({ delivery: "pending" });
    await client.waitFor("EVENT_TYPE_SESSION_END", 5000, from);
    const after = client.events.slice(from).filter((e) => e.type !== "EVENT_TYPE_HEARTBEAT");
    expect(after.map((e) => e.type)).toEqual([
      "EVENT_TYPE_USER_MESSAGE",
      "EVENT_TYPE_SYSTEM_MESSAGE",
      "EVENT_TYPE_SESSION_END",
    ]);
    expect(after[1]?.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_INFO",
      message: "Thanks! We got your message and will reply to ada@example.com as soon as we can.",
    });
    const sinceOffer = client.events.slice(client.events.findIndex(offered));
    expect(sinceOffer.some((e) => e.type === "EVENT_TYPE_POLY_AGENT_JOINED")).toBe(false);
    expect(sinceOffer.some((e) => e.payload.level === "SYSTEM_MESSAGE_LEVEL_ERROR")).toBe(false);

    await hook.waitForRequests(1);
    const [request] = hook.requests;
    expect(request?.signed).toBe(true);
    expect(request?.event).toMatchObject({
      type: "offline_message",
      session_id: sessionId,
      connector_id: "demo",
      queue: "support",
      reason: "NO_AGENTS_AVAILABLE",
      email: "ada@example.com",
      name: "Ada",
      message: "Please call me back about order 42.",
    });

    const desk = await onlineDesk(t, { queues: ["support"] });
    track(desk.socket);
    const list = await desk.api.request("GET", "/offline-messages");
    const listed = (list.json as { offline_messages: Record<string, unknown>[] }).offline_messages;
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({
      session_id: sessionId,
      email: "ada@example.com",
      name: "Ada",
    });
    await expect
      .poll(async () => {
        const again = await desk.api.request("GET", `/offline-messages/${listed[0]?.id}`);
        return (again.json as { offline_message: { delivery: string } }).offline_message.delivery;
      })
      .toBe("delivered");
    const one = await desk.api.request("GET", `/offline-messages/${listed[0]?.id}`);
    const types = (one.json as { events: WireEvent[] }).events.map((e) => e.type);
    expect(types.slice(-3)).toEqual([
      "EVENT_TYPE_USER_MESSAGE",
      "EVENT_TYPE_SYSTEM_MESSAGE",
      "EVENT_TYPE_SESSION_END",
    ]);
    // Someone serving another queue sees none of it.
    const other = await onlineDesk(t, { queues: ["billing"] });
    track(other.socket);
    expect((await other.api.request("GET", "/offline-messages")).json).toEqual({
      offline_messages: [],
    });
    expect((await other.api.request("GET", `/offline-messages/${listed[0]?.id}`)).status).toBe(404);
    // A second message in the same conversation is refused.
    const twice = await leave(sessionId, token, { email: "a@b.co", message: "again" });
    expect(twice.status).toBe(409);
    expect(twice.json).toMatchObject({ code: "offline_already_left" });
  });

  it("a closed queue offers the form too, and the French visitor is thanked in French", async () => {
    await addQueue(t, "support", { openingHours: { timezone: "Europe/Paris", weekly: {} } });
    await enableOffline("demo", false);
    const desk = await onlineDesk(t, { queues: ["support"] });
    track(desk.socket);
    const joined = await joinedClient(t);
    track(joined.client);
    await askForHuman(joined.client, "EVENT_TYPE_LANGUAGE_CHANGED", "Bonjour, en français");
    const events = await askForHuman(
      joined.client,
      offered,
      "Je voudrais un agent humain, s'il vous plaît",
    );
    expect(events.find(offered)?.payload).toMatchObject({
      reason: "QUEUE_CLOSED",
      offline_message: true,
    });
    const answer = await leave(joined.sessionId, joined.token, {
      email: "zoe@example.fr",
      message: "Rappelez-moi",
    });
    expect(answer.json).toMatchObject({ delivery: "none" });
    const thanks = await joined.client.waitFor(
      (e) =>
        e.type === "EVENT_TYPE_SYSTEM_MESSAGE" && e.payload.level === "SYSTEM_MESSAGE_LEVEL_INFO",
    );
    expect(thanks.payload.message).toContain("Merci");
  });

  it("bad input gets a clear error naming each field; no offer, no message", async () => {
    await enableOffline();
    const joined = await joinedClient(t);
    track(joined.client);
    // Not offered yet: the AI agent is still there.
    const early = await leave(joined.sessionId, joined.token, { email: "a@b.co", message: "hi" });
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({ code: "offline_not_offered" });
    await askForHuman(joined.client, offered);
    const bad = await leave(joined.sessionId, joined.token, {
      email: "not-an-email",
      name: "x".repeat(101),
      message: "y".repeat(4001),
    });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      message: "Invalid offline message",
      code: "offline_invalid",
      problems: [
        { field: "email", problem: "must be an email address" },
        { field: "name", problem: "at most 100 characters" },
        { field: "message", problem: "at most 4000 characters" },
      ],
    });
    expect((await leave(joined.sessionId, joined.token, "{not json")).status).toBe(400);
    expect((await leave(joined.sessionId, "nope", { email: "a@b.co", message: "x" })).status).toBe(
      401,
    );
    expect((await leave("missing", joined.token, { email: "a@b.co", message: "x" })).status).toBe(
      404,
    );
    const huge = await leave(joined.sessionId, joined.token, {
      email: "a@b.co",
      message: "z".repeat(40_000),
    });
    expect(huge.status).toBe(413);
  });

  it("a client that ignores the form brings the AI agent back by joining, and the offer lapses", async () => {
    await enableOffline();
    const { client, sessionId, token } = await askWithNobodyThere();
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    await client.waitFor("EVENT_TYPE_POLY_AGENT_JOINED", 5000, client.events.findIndex(offered));
    const late = await leave(sessionId, token, { email: "a@b.co", message: "hi" });
    expect(late.status).toBe(409);
    expect(late.json).toMatchObject({ code: "offline_not_offered" });
  });

  it("an agent that says when_no_human: agent keeps the bot instead of the form", async () => {
    const token = await addConnector(t, {
      queue: "support",
      definition: { when_no_human: "agent" },
    });
    const connector = (
      await t.server.store.getConnectorByTokenHash(
        (await import("../../src/auth/index.js")).hashToken(token),
      )
    )?.id as string;
    await enableOffline(connector, false);
    const joined = await joinedClient(t, { connectorToken: token });
    track(joined.client);
    const events = await askForHuman(joined.client, "EVENT_TYPE_POLY_AGENT_JOINED");
    expect(events.find(offered)?.payload).toEqual({
      reason: "NO_AGENTS_AVAILABLE",
      queue_name: "support",
    });
  });

  it("a failing webhook is retried later, counted, and never touches the visitor's conversation", async () => {
    await enableOffline();
    let answers = 0;
    hook.handler = (_request, res) => {
      answers += 1;
      json(res, answers === 1 ? 503 : 200, {});
    };
    const { client, sessionId, token } = await askWithNobodyThere();
    expect(
      (await leave(sessionId, token, { email: "bo@example.com", message: "Hello?" })).status,
    ).toBe(201);
    await client.waitFor("EVENT_TYPE_SESSION_END");
    await hook.waitForRequests(1);
    const desk = new DeskClient(t.url, (await onlineDesk(t, { queues: ["support"] })).user.token);
    const state = async () =>
      (
        (await desk.request("GET", "/offline-messages")).json as {
          offline_messages: { delivery: string; attempts: number; last_error: string | null }[];
        }
      ).offline_messages[0];
    await expect.poll(async () => (await state())?.attempts).toBe(1);
    expect(await state()).toMatchObject({ delivery: "pending", last_error: "HTTP 503" });
    // The retry is due 10 s later: the server's clock jumps there.
    clock.jump(11_000);
    await hook.waitForRequests(2);
    await expect.poll(async () => (await state())?.delivery).toBe("delivered");
    expect(hook.requests.every((r) => r.signed)).toBe(true);
    const metrics = await (await fetch(`${t.url}/metrics`)).text();
    expect(metrics).toMatch(/switchboard_offline_webhook_deliveries_total\{result="retrying"\} 1/);
    expect(metrics).toMatch(/switchboard_offline_webhook_deliveries_total\{result="delivered"\} 1/);
    expect(metrics).toMatch(/switchboard_offline_messages_total 1/);
  });
});
