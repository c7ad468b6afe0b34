// A conversation with the demo agent over real sockets: envelope, join, messages, retries, language, end, failed joins.
import { beforeEach, describe, expect, it } from "vitest";
import {
  barrier,
  closedWithin,
  connect,
  durable,
  envelopeProblems,
  joinedClient,
  mintTokenFor,
  newSession,
  say,
  systemMessage,
} from "../support/conversation.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient, WireEvent } from "../support/ws-client.js";

const GREETING =
  "Hi, I'm **Ada**, the Switchboard demo agent. Ask me about opening hours, say *bonjour*, ask for a human, or say bye.";
// The demo agent has no avatar_url, so the avatar fields are empty strings.
const AVATAR = "";

let t: TestServer;
const track = closeAfterEach();

beforeEach(async () => {
  t = track(await startTestServer({ SWITCHBOARD_AGENT_CACHE_MS: "50" }));
});

async function joined() {
  const j = await joinedClient(t);
  track(j.client);
  return j;
}

async function storedEvents(sessionId: string) {
  return t.server.store.readEvents(sessionId, 0, 10_000);
}

describe("envelope", () => {
  it("gives every frame a UUIDv7 id, a millisecond ISO timestamp with Z and an integer or null sequence", async () => {
    const { client } = await joined();
    await say(client, "opening hours", { local_id: "a" });
    client.send("EVENT_TYPE_HEARTBEAT", {}, { n: 1 });
    client.send("EVENT_TYPE_NOPE");
    await systemMessage(client);
    await barrier(client);
    for (const event of [...client.frames, ...client.events]) {
      expect(envelopeProblems(event), JSON.stringify(event)).toEqual([]);
    }
    const sequences = durable(client.events).map((e) => e.sequence as number);
    for (const [i, seq] of sequences.entries()) expect(seq).toBe(i + 1);
    const ids = client.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("echoes metadata.custom exactly, nested objects included", async () => {
    const { client } = await joined();
    const custom = {
      local_id: "m-1",
      nested: { deep: { list: [1, "two", { three: 3 }], flag: true, none: null } },
      unicode: "naïve — 日本",
      number: 1.25,
    };
    const { echo } = await say(client, "hello there", custom);
    expect(echo.metadata).toEqual({ custom });
    client.send("EVENT_TYPE_HEARTBEAT", {}, custom);
    const beat = await client.waitFor("EVENT_TYPE_HEARTBEAT");
    expect(beat.metadata).toEqual({ custom });
  });
});

describe("joining", () => {
  it("answers a join with the echo, POLY_AGENT_JOINED, THINKING and the greeting", async () => {
    const ref = await newSession(t);
    const client = track(await connect(t, ref));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {}, { local_id: "join-1" });
    const greeting = await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    const after = client.events.slice(1);
    expect(after.map((e) => e.type)).toEqual([
      "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN",
      "EVENT_TYPE_POLY_AGENT_JOINED",
      "EVENT_TYPE_POLY_AGENT_THINKING",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
    ]);
    const [echo, agentJoined, thinking] = after as [WireEvent, WireEvent, WireEvent];
    expect(echo.sequence).toBe(2);
    expect(echo.metadata).toEqual({ custom: { local_id: "join-1" } });
    expect(agentJoined.sequence).toBe(3);
    expect(agentJoined.payload).toEqual({ agent_name: "Ada", agent_avatar_url: AVATAR });
    expect(thinking.sequence).toBeNull();
    expect(thinking.payload).toEqual({});
    expect(greeting.sequence).toBe(4);
    expect(greeting.payload).toMatchObject({
      text: GREETING,
      attachments: [],
      response_suggestions: [
        { message_text: "Opening hours" },
        { message_text: "Talk to a human" },
        { message_text: "Bonjour" },
      ],
      agent_name: "Ada",
      avatar_url: AVATAR,
    });
    expect(typeof greeting.payload.message_id).toBe("string");
    expect(greeting.payload.end_conversation).toBeUndefined();
  });

  it("does not use a custom greeting sent in the join payload", async () => {
    const ref = await newSession(t);
    const client = track(await connect(t, ref));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {
      greeting: "Custom hello!",
      text: "Custom hello!",
    });
    const greeting = await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    expect(greeting.payload.text).toBe(GREETING);
    const agentSaid = client.events.filter((e) => e.type.startsWith("EVENT_TYPE_POLY_AGENT"));
    expect(
      agentSaid.filter((e) => JSON.stringify(e.payload).includes("Custom hello!")),
    ).toHaveLength(0);
  });

  it("echoes a second join as a transient event, with no second greeting", async () => {
    const { client } = await joined();
    const from = client.events.length;
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", {}, { again: true });
    const echo = await client.waitFor("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", 5000, from);
    expect(echo.sequence).toBeNull();
    expect(echo.metadata).toEqual({ custom: { again: true } });
    await say(client, "opening hours");
    expect(client.ofType("EVENT_TYPE_POLY_AGENT_JOINED")).toHaveLength(1);
    expect(client.events.filter((e) => e.payload.text === GREETING)).toHaveLength(1);
  });

  it("refuses a user message before any join with Error: Conversation not found and no echo", async () => {
    const ref = await newSession(t);
    const client = track(await connect(t, ref));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "hello?" }, { local_id: "early" });
    const error = await systemMessage(client);
    expect(error.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message: "Error: Conversation not found",
    });
    expect(error.sequence).toBeNull();
    expect(error.metadata).toEqual({ custom: { local_id: "early" } });
    expect(client.ofType("EVENT_TYPE_USER_MESSAGE")).toHaveLength(0);
    expect((await storedEvents(ref.sessionId)).map((e) => e.type)).toEqual([
      "EVENT_TYPE_SESSION_START",
    ]);
    // The same local_id still works once the agent has joined.
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE");
    const { echo } = await say(client, "hello?", { local_id: "early" });
    expect(echo.sequence).not.toBeNull();
  });
});

describe("messages", () => {
  it("echoes a user message with a server message_id and the client's metadata, then THINKING, then the reply", async () => {
    const { client } = await joined();
    const from = client.events.length;
    const { echo, reply } = await say(client, "What are your opening hours?", {
      local_id: "u1",
      extra: [1],
    });
    expect(echo.payload.text).toBe("What are your opening hours?");
    expect(typeof echo.payload.message_id).toBe("string");
    expect(echo.payload.message_id).not.toBe("");
    expect(echo.metadata).toEqual({ custom: { local_id: "u1", extra: [1] } });
    expect(typeof echo.sequence).toBe("number");
    expect(client.events.slice(from).map((e) => e.type)).toEqual([
      "EVENT_TYPE_USER_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_THINKING",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
    ]);
    expect(reply.sequence).toBe((echo.sequence as number) + 1);
    expect(reply.payload).toMatchObject({
      text: "We are open **9 to 5**, Monday to Friday. Here is where to find us.",
      attachments: [
        {
          title: "Our office",
          content_url: "https://www.openstreetmap.org/",
          content_type: "ATTACHMENT_CONTENT_TYPE_URL",
          call_to_action_text: "Open map",
        },
      ],
      response_suggestions: [],
      agent_name: "Ada",
      avatar_url: AVATAR,
    });
    expect(reply.payload.message_id).not.toBe(echo.payload.message_id);
  });

  it("ignores id, sequence and timestamp sent by the client, and echoes within 3 s", async () => {
    const { client } = await joined();
    const from = client.events.length;
    const sentAt = Date.now();
    client.ws.send(
      JSON.stringify({
        id: "client-chosen-id",
        sequence: 999,
        timestamp: "2000-01-01T00:00:00.000Z",
        type: "EVENT_TYPE_USER_MESSAGE",
        payload: { text: "opening hours" },
      }),
    );
    const echo = await client.waitFor("EVENT_TYPE_USER_MESSAGE", 3000, from);
    expect(Date.now() - sentAt).toBeLessThan(3000);
    expect(echo.id).not.toBe("client-chosen-id");
    expect(envelopeProblems(echo)).toEqual([]);
    expect(echo.sequence).toBe(durable(client.events.slice(0, from)).length + 1);
    expect(echo.timestamp.startsWith("2000-")).toBe(false);
    expect(echo.metadata).toBeUndefined();
  });

  it.each(["local_id", "client_event_id"])(
    "treats a repeated %s as the same message",
    async (key) => {
      const { client, sessionId } = await joined();
      const { echo } = await say(client, "opening hours", { [key]: "retry-1" });
      const rawEcho = client.raw.find((r) => r.includes(echo.id)) as string;
      const before = await storedEvents(sessionId);
      const from = client.events.length;
      client.send("EVENT_TYPE_USER_MESSAGE", { text: "opening hours" }, { [key]: "retry-1" });
      const again = await client.waitFor("EVENT_TYPE_USER_MESSAGE", 5000, from);
      expect(again.id).toBe(echo.id);
      expect(again.sequence).toBe(echo.sequence);
      expect(again.payload.message_id).toBe(echo.payload.message_id);
      expect(client.raw.at(-1)).toBe(rawEcho);
      // A later message is answered next, so no second reply to the retry is queued before it.
      const { reply } = await say(client, "something else");
      expect(reply.payload.text).toBe(
        "Sorry, I did not get that. Try asking about our opening hours.",
      );
      const hoursReplies = client.events.filter(
        (e) =>
          e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" &&
          String(e.payload.text).startsWith("We are open"),
      );
      expect(hoursReplies).toHaveLength(1);
      const after = await storedEvents(sessionId);
      expect(after.slice(0, before.length)).toEqual(before);
      expect(after.slice(before.length).map((e) => e.type)).toEqual([
        "EVENT_TYPE_USER_MESSAGE",
        "EVENT_TYPE_POLY_AGENT_MESSAGE",
      ]);
    },
  );

  it("echoes a heartbeat with sequence null and the metadata", async () => {
    const { client, sessionId } = await joined();
    const before = (await storedEvents(sessionId)).length;
    client.send("EVENT_TYPE_HEARTBEAT", {}, { beat: 7 });
    const beat = await client.waitFor("EVENT_TYPE_HEARTBEAT");
    expect(beat.sequence).toBeNull();
    expect(beat.payload).toEqual({});
    expect(beat.metadata).toEqual({ custom: { beat: 7 } });
    expect(envelopeProblems(beat)).toEqual([]);
    expect(await storedEvents(sessionId)).toHaveLength(before);
  });

  it("neither echoes USER_TYPING nor answers it with an error", async () => {
    const { client, sessionId } = await joined();
    const before = (await storedEvents(sessionId)).length;
    const from = client.events.length;
    client.send("EVENT_TYPE_USER_TYPING", { state: "TYPING_STATE_STARTED" });
    client.send("EVENT_TYPE_USER_TYPING", { state: "TYPING_STATE_STOPPED" });
    await barrier(client);
    expect(client.events.slice(from).map((e) => e.type)).toEqual([
      "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN",
    ]);
    expect(await storedEvents(sessionId)).toHaveLength(before);
  });

  it("records LINK_TO_WEBRTC_CONVERSATION's call_sid on the session without an error", async () => {
    const { client, sessionId } = await joined();
    const from = client.events.length;
    client.send("EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION", { call_sid: "CA1234567890" });
    await barrier(client);
    expect(client.events.slice(from).map((e) => e.type)).toEqual([
      "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN",
    ]);
    expect((await t.server.store.getSession(sessionId))?.callSid).toBe("CA1234567890");
  });
});

describe("language and ending", () => {
  it("switches to French on bonjour: LANGUAGE_CHANGED fr-FR, then French replies", async () => {
    const { client } = await joined();
    const from = client.events.length;
    const { reply } = await say(client, "bonjour");
    const changed = await client.waitFor("EVENT_TYPE_LANGUAGE_CHANGED", 1000, from);
    expect(changed.payload).toEqual({ language_code: "fr-FR" });
    expect(typeof changed.sequence).toBe("number");
    expect(client.events.indexOf(changed)).toBeLessThan(client.events.indexOf(reply));
    expect(reply.payload.text).toBe("Bonjour ! Je continue en français.");
    const { reply: later } = await say(client, "qwerty");
    expect(later.payload.text).toBe(
      "Désolé, je n'ai pas compris. Demandez-moi nos horaires d'ouverture.",
    );
    // Idempotent: saying bonjour again changes nothing.
    await say(client, "bonjour");
    expect(client.ofType("EVENT_TYPE_LANGUAGE_CHANGED")).toHaveLength(1);
  });

  it("ends on bye: end_conversation message, SESSION_END REASON_NATURAL_END, close 1000", async () => {
    const { client } = await joined();
    const { reply } = await say(client, "bye");
    expect(reply.payload).toMatchObject({
      text: "Goodbye! Thanks for chatting.",
      end_conversation: true,
    });
    const end = await client.waitFor("EVENT_TYPE_SESSION_END");
    expect(end.payload).toEqual({ reason: "REASON_NATURAL_END" });
    expect(end.sequence).toBe((reply.sequence as number) + 1);
    expect((await closedWithin(client)).code).toBe(1000);
    expect(client.events.at(-1)).toBe(end);
  });
});

describe("agent or connector gone (sdk rule 25, §7)", () => {
  const START_FAILED =
    "Sorry, I'm unable to start a conversation right now. Please try again later.";

  async function adminPost(path: string, body: unknown) {
    const response = await fetch(`${t.url}/admin/v1${path}`, {
      method: "POST",
      headers: { Authorization: `Bearer ${t.adminToken}`, "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { id: string; token: string };
  }

  async function connectorWithOwnAgent() {
    const agent = await adminPost("/agents", {
      kind: "rules",
      name: "Temp",
      greeting: { text: "Hello from Temp." },
      fallback: { text: "Hm." },
      rules: [],
    });
    const connector = await adminPost("/connectors", { host: "localhost", agent_id: agent.id });
    return { agentId: agent.id, connector };
  }

  it("refuses admin deletion of an agent a connector uses with 409", async () => {
    const { agentId } = await connectorWithOwnAgent();
    const response = await fetch(`${t.url}/admin/v1/agents/${agentId}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${t.adminToken}` },
    });
    expect(response.status).toBe(409);
  });

  it("answers joins to a deleted agent with the start error and ends the session after the third", async () => {
    const { agentId, connector } = await connectorWithOwnAgent();
    const ref = await newSession(t, { connectorToken: connector.token });
    expect(await t.server.store.deleteAgent(agentId)).toBe(true);
    const client = track(await connect(t, ref));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    for (let attempt = 1; attempt <= 3; attempt++) {
      const from = client.events.length;
      client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
      const error = await systemMessage(client, from);
      expect(error.payload).toEqual({ level: "SYSTEM_MESSAGE_LEVEL_ERROR", message: START_FAILED });
      expect(error.sequence).toBeNull();
      if (attempt < 3) {
        await barrierBeforeJoin(client);
        expect(client.ofType("EVENT_TYPE_SESSION_END")).toHaveLength(0);
      }
    }
    const end = await client.waitFor("EVENT_TYPE_SESSION_END");
    expect(end.payload).toEqual({ reason: "REASON_NATURAL_END" });
    expect((await closedWithin(client)).code).toBe(1000);
    expect(client.ofType("EVENT_TYPE_POLY_AGENT_JOINED")).toHaveLength(0);
    expect((await t.server.store.getSession(ref.sessionId))?.state).toBe("ended");
  });

  it("answers a message whose agent was deleted mid-conversation with the could-not-answer error", async () => {
    const { agentId, connector } = await connectorWithOwnAgent();
    const j = await joinedClient(t, { connectorToken: connector.token });
    track(j.client);
    expect(await t.server.store.deleteAgent(agentId)).toBe(true);
    // A conversation re-reads its agent after SWITCHBOARD_AGENT_CACHE_MS (set to 50 ms here).
    await new Promise((resolve) => setTimeout(resolve, 80));
    const from = j.client.events.length;
    j.client.send("EVENT_TYPE_USER_MESSAGE", { text: "are you there?" });
    const error = await systemMessage(j.client, from);
    // protocol.md §7: "agent could not answer" (not "could not start the conversation", which
    // makes the SDKs re-send the join request at once).
    expect(error.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message: "Sorry, I'm having trouble responding right now. Please try again.",
    });
  });

  it("answers a join on a deleted connector with Error: Connector not found", async () => {
    const { connector } = await connectorWithOwnAgent();
    const ref = await newSession(t, { connectorToken: connector.token });
    const client = track(await connect(t, ref));
    await client.waitFor("EVENT_TYPE_SESSION_START");
    const response = await fetch(`${t.url}/admin/v1/connectors/${connector.id}`, {
      method: "DELETE",
      headers: { Authorization: `Bearer ${t.adminToken}` },
    });
    expect(response.status).toBe(204);
    client.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
    const error = await systemMessage(client);
    expect(error.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message: "Error: Connector not found",
    });
    // The connector token itself is gone too.
    await expect(mintTokenFor(t, connector.token)).rejects.toThrow(/401/);
  });
});

/** Before any agent joined, a user message is answered (through the session queue) with an error. */
async function barrierBeforeJoin(client: TestClient): Promise<void> {
  const from = client.events.length;
  client.send("EVENT_TYPE_USER_MESSAGE", { text: "barrier" });
  const error = await systemMessage(client, from);
  expect(error.payload.message).toBe("Error: Conversation not found");
}
