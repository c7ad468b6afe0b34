// Handoffs over real sockets: client-managed (CLIENT_HANDOFF_REQUIRED) and the demo connector's failing server-managed one.
import { beforeEach, describe, expect, it } from "vitest";
import {
  askForHuman,
  barrier,
  connect,
  firstBatch,
  isAgentMessageEnd,
  joinedClient,
  say,
  systemMessage,
} from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { WireEvent } from "../support/ws-client.js";

const HANDOFF = {
  mode: "client",
  reason: "COMPLEX_QUERY",
  queue_name: "Support",
  route: "https://example.com/help",
};
const GREETING =
  "Hi, I'm **Ada**, the Switchboard demo agent. Ask me about opening hours, say *bonjour*, ask for a human, or say bye.";

const REJOIN = "I'm back. How else can I help?";

let t: TestServer;
const track = closeAfterEach();

beforeEach(async () => {
  t = track(await startTestServer());
});

async function clientHandoffConnector(): Promise<{ id: string; token: string }> {
  const response = await fetch(`${t.url}/admin/v1/connectors`, {
    method: "POST",
    headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
    body: JSON.stringify({ host: "localhost", agent_id: "demo", handoff: HANDOFF }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; token: string };
}

describe("client-managed handoff", () => {
  it("sends TRIGGERED_HANDOFF, CLIENT_HANDOFF_REQUIRED {reason, queue_name, route}, then POLY_AGENT_LEFT", async () => {
    const connector = await clientHandoffConnector();
    const { client } = await joinedClient(t, { connectorToken: connector.token });
    track(client);
    const events = await askForHuman(client, (e) => e.type === "EVENT_TYPE_POLY_AGENT_LEFT");
    expect(events.map((e) => e.type)).toEqual([
      "EVENT_TYPE_USER_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_THINKING",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF",
      "EVENT_TYPE_CLIENT_HANDOFF_REQUIRED",
      "EVENT_TYPE_POLY_AGENT_LEFT",
    ]);
    const [, , message, triggered, required, left] = events as WireEvent[];
    expect(message?.payload.text).toBe("Let me connect you with a person.");
    expect(triggered?.payload).toEqual({});
    expect(required?.payload).toMatchObject({
      reason: "COMPLEX_QUERY",
      queue_name: "Support",
      route: "https://example.com/help",
    });
    expect(left?.payload).toMatchObject({});
    const sequences = events.filter((e) => e.sequence !== null).map((e) => e.sequence as number);
    for (const [i, seq] of sequences.entries())
      if (i > 0) expect(seq).toBe((sequences[i - 1] as number) + 1);
  });

  it("answers a user message after the handoff with Error: Conversation not found", async () => {
    const connector = await clientHandoffConnector();
    const { client, sessionId } = await joinedClient(t, { connectorToken: connector.token });
    track(client);
    await askForHuman(client, (e) => e.type === "EVENT_TYPE_POLY_AGENT_LEFT");
    const before = await t.server.store.readEvents(sessionId, 0, 1000);
    const from = client.events.length;
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "hello?" }, { local_id: "after" });
    const error = await systemMessage(client, from);
    expect(error.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message: "Error: Conversation not found",
    });
    expect(error.metadata).toEqual({ custom: { local_id: "after" } });
    expect(
      client.events.slice(from).filter((e) => e.type === "EVENT_TYPE_USER_MESSAGE"),
    ).toHaveLength(0);
    expect(await t.server.store.readEvents(sessionId, 0, 1000)).toEqual(before);
  });

  it("keeps a message written after the handoff and stores, echoes and answers it once a join brings the agent back", async () => {
    const connector = await clientHandoffConnector();
    const { client } = await joinedClient(t, { connectorToken: connector.token });
    track(client);
    await askForHuman(client, (e) => e.type === "EVENT_TYPE_POLY_AGENT_LEFT");
    const from = client.events.length;
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "opening hours?" }, { local_id: "held" });
    await systemMessage(client, from);
    // A retry of the same message while the agent is away is kept once.
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "opening hours?" }, { local_id: "held" });
    await client.waitFor(() => client.ofType("EVENT_TYPE_SYSTEM_MESSAGE").length === 2);
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    const answer = await client.waitFor(
      (e) => isAgentMessageEnd(e) && String(e.payload.text).startsWith("We are open"),
      5000,
      from,
    );
    const after = client.events.slice(from).filter((e) => e.sequence !== null);
    expect(after.map((e) => e.type)).toEqual([
      "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN",
      "EVENT_TYPE_POLY_AGENT_JOINED",
      "EVENT_TYPE_USER_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
    ]);
    const echo = after[2] as WireEvent;
    expect(echo.metadata).toEqual({ custom: { local_id: "held" } });
    expect(after[3]?.payload.text).toBe(REJOIN);
    expect(after[4]).toBe(answer);
    // A late retry gets the original echo again and no second answer.
    const late = client.events.length;
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "opening hours?" }, { local_id: "held" });
    const again = await client.waitFor("EVENT_TYPE_USER_MESSAGE", 5000, late);
    expect(again.id).toBe(echo.id);
    await barrier(client);
    expect(client.events.slice(late).filter(isAgentMessageEnd)).toHaveLength(0);
  });

  it("brings the AI agent back on a new join after the handoff, with its rejoin message, not the greeting", async () => {
    const connector = await clientHandoffConnector();
    const { client, ...ref } = await joinedClient(t, { connectorToken: connector.token });
    track(client);
    await askForHuman(client, (e) => e.type === "EVENT_TYPE_POLY_AGENT_LEFT");
    const from = client.events.length;
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    const rejoin = await client.waitFor(isAgentMessageEnd, 5000, from);
    expect(client.events.slice(from).map((e) => e.type)).toEqual([
      "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN",
      "EVENT_TYPE_POLY_AGENT_JOINED",
      "EVENT_TYPE_POLY_AGENT_THINKING",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
    ]);
    expect(client.events[from]?.sequence).not.toBeNull();
    expect(rejoin.payload.text).toBe(REJOIN);
    expect(client.events.filter((e) => e.payload.text === GREETING)).toHaveLength(1);
    const { reply } = await say(client, "opening hours");
    expect(reply.payload.text).toMatch(/^We are open/);
    // A reconnect's first batch still opens with SESSION_START and the first POLY_AGENT_JOINED.
    const again = await connect(t, ref, String(client.lastSequence));
    track(again);
    await again.waitFor("EVENT_TYPE_POLY_AGENT_JOINED");
    expect(firstBatch(again).map((e) => e.type)).toEqual([
      "EVENT_TYPE_SESSION_START",
      "EVENT_TYPE_POLY_AGENT_JOINED",
    ]);
  });
});

describe("connector without a handoff target", () => {
  it("answers a handoff request with Sorry, handoff could not be initiated. and keeps the AI agent", async () => {
    const response = await fetch(`${t.url}/admin/v1/connectors`, {
      method: "POST",
      headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify({ host: "localhost", agent_id: "demo" }),
    });
    expect(response.status).toBe(201);
    const connector = (await response.json()) as { token: string };
    const { client } = await joinedClient(t, { connectorToken: connector.token });
    track(client);
    const events = await askForHuman(client, (e) => e.type === "EVENT_TYPE_SYSTEM_MESSAGE");
    const system = events.at(-1) as WireEvent;
    expect(system.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message: "Sorry, handoff could not be initiated.",
    });
    expect(system.sequence).toBeNull();
    expect(events.map((e) => e.type)).not.toContain("EVENT_TYPE_POLY_AGENT_LEFT");
    expect(events.map((e) => e.type)).not.toContain("EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF");
    const { reply } = await say(client, "opening hours");
    expect(reply.payload.text).toMatch(/^We are open/);
  });
});

describe("server-managed handoff without a live-agent desk (demo connector)", () => {
  it("fails in order: TRIGGERED_HANDOFF, LEFT, HANDOFF_FAILED, the system message, JOINED, the rejoin message", async () => {
    const { client } = await joinedClient(t);
    track(client);
    const events = await askForHuman(
      client,
      (e) =>
        e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" &&
        e.payload.text === "I'm back. How else can I help?",
    );
    expect(events.map((e) => e.type)).toEqual([
      "EVENT_TYPE_USER_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_THINKING",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF",
      "EVENT_TYPE_POLY_AGENT_LEFT",
      "EVENT_TYPE_HANDOFF_FAILED",
      "EVENT_TYPE_SYSTEM_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_JOINED",
      "EVENT_TYPE_POLY_AGENT_THINKING",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
    ]);
    const byType = (type: string) => events.filter((e) => e.type === type);
    expect(byType("EVENT_TYPE_POLY_AGENT_MESSAGE")[0]?.payload.text).toBe(
      "Let me connect you with a person.",
    );
    const system = byType("EVENT_TYPE_SYSTEM_MESSAGE")[0] as WireEvent;
    expect(system.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message: "Sorry, we could not connect you to an agent. Please try again.",
    });
    expect(system.sequence).toBeNull();
    expect(byType("EVENT_TYPE_HANDOFF_FAILED")[0]?.sequence).not.toBeNull();
    expect(byType("EVENT_TYPE_POLY_AGENT_JOINED")[0]?.payload).toMatchObject({ agent_name: "Ada" });
    expect(byType("EVENT_TYPE_POLY_AGENT_LEFT")[0]?.sequence).not.toBeNull();
    // sdk rule 20: a reason where we have one.
    expect(typeof byType("EVENT_TYPE_HANDOFF_FAILED")[0]?.payload.reason).toBe("string");
    expect(typeof byType("EVENT_TYPE_POLY_AGENT_LEFT")[0]?.payload.reason).toBe("string");
  });

  it("has the AI agent answering again after the failed handoff, and a join changes nothing", async () => {
    const { client } = await joinedClient(t);
    track(client);
    await askForHuman(
      client,
      (e) =>
        e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" &&
        e.payload.text === "I'm back. How else can I help?",
    );
    const joinedBefore = client.ofType("EVENT_TYPE_POLY_AGENT_JOINED").length;
    await barrier(client);
    expect(client.events.at(-1)?.sequence).toBeNull();
    const { reply } = await say(client, "opening hours");
    expect(reply.payload.text).toMatch(/^We are open/);
    expect(client.ofType("EVENT_TYPE_POLY_AGENT_JOINED")).toHaveLength(joinedBefore);
  });
});
