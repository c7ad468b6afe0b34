// The server-managed handoff end to end, as both the protocol client and the desk (REST + /desk/ws) see it.
import { beforeEach, describe, expect, it } from "vitest";
import { barrier, closedWithin } from "../support/conversation.js";
import {
  addQueue,
  type DeskFrame,
  type OnlineDesk,
  onlineDesk,
  queuedClient,
  typesFrom,
} from "../support/desk.js";
import { expectError } from "../support/http.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient, WireEvent } from "../support/ws-client.js";

let t: TestServer;
const track = closeAfterEach();

beforeEach(async () => {
  t = track(await startTestServer({ SWITCHBOARD_DESK_GRACE_SECONDS: "1" }));
  await addQueue(t, "support");
});

async function desk(opts: Parameters<typeof onlineDesk>[1] = {}): Promise<OnlineDesk> {
  const d = await onlineDesk(t, opts);
  track(d.socket);
  return d;
}

async function queued(): Promise<{ client: TestClient; sessionId: string }> {
  const q = await queuedClient(t);
  track(q.client);
  return q;
}

/** A queued session accepted by `d`; resolves once the user saw LIVE_AGENT_JOINED. */
async function held(d: OnlineDesk): Promise<{ client: TestClient; sessionId: string }> {
  const q = await queued();
  expect((await d.api.accept(q.sessionId)).status).toBe(200);
  await q.client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
  return q;
}

const eventOf = (frame: DeskFrame) => frame.event as WireEvent;

describe("handoff to a live agent", () => {
  it("goes queue → accept → chat → leave with end, as the user and the desk see it", async () => {
    const sarah = await desk({ name: "Sarah", avatarUrl: "https://example.com/sarah.png" });
    const { client, sessionId } = await queued();
    const handoffStart = client.events.findIndex((e) => e.type === "EVENT_TYPE_USER_MESSAGE");
    const status = await client.waitFor("EVENT_TYPE_HANDOFF_QUEUE_STATUS");
    expect(
      typesFrom(client, handoffStart).filter((x) => x !== "EVENT_TYPE_POLY_AGENT_THINKING"),
    ).toEqual([
      "EVENT_TYPE_USER_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF",
      "EVENT_TYPE_POLY_AGENT_LEFT",
      "EVENT_TYPE_HANDOFF_ACCEPTED",
      "EVENT_TYPE_HANDOFF_QUEUE_STATUS",
    ]);
    expect(client.ofType("EVENT_TYPE_POLY_AGENT_LEFT")[0]?.payload).toEqual({ reason: "HANDOFF" });
    expect(client.ofType("EVENT_TYPE_HANDOFF_ACCEPTED")[0]?.payload).toEqual({
      queue_name: "support",
    });
    expect(status.sequence).toBeNull();
    // A fresh server has no recent waits, so no estimate yet.
    expect(status.payload).toEqual({
      queue_name: "support",
      position_in_queue: 1,
      display_message: "You are next in line.",
    });

    // The desk sees the conversation waiting.
    const waiting = await sarah.socket.waitForQueue((e) =>
      e.some((x) => x.session_id === sessionId),
    );
    expect(waiting.seq).toEqual(expect.any(Number));

    // Accept: the user sees LIVE_AGENT_JOINED with the nested agent and the top-level fields.
    const from = client.events.length;
    const accepted = await sarah.api.accept(sessionId);
    expect(accepted.status).toBe(200);
    expect(accepted.json).toEqual({ session_id: sessionId });
    const joined = await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED", 5000, from);
    const identity = {
      agent_id: sarah.user.id,
      agent_name: "Sarah",
      avatar_url: "https://example.com/sarah.png",
    };
    expect(joined.payload).toEqual({
      agent: { id: sarah.user.id, name: "Sarah", avatar_url: "https://example.com/sarah.png" },
      ...identity,
    });
    expect(joined.sequence).toEqual(expect.any(Number));
    expect(await sarah.socket.waitFor("assigned")).toMatchObject({
      session_id: sessionId,
      queue: "support",
    });
    await sarah.socket.waitForQueue((e) => e.length === 0);
    const sessions = (await sarah.api.sessions()).json as {
      sessions: Array<Record<string, unknown>>;
    };
    expect(sessions.sessions).toEqual([
      { session_id: sessionId, queue: "support", assigned_at: expect.any(String) },
    ]);

    // The transcript: the whole history, identical to what the client received.
    const transcript = (await sarah.api.events(sessionId)).json as {
      session: Record<string, unknown>;
      events: WireEvent[];
    };
    expect(transcript.session).toEqual({
      id: sessionId,
      state: "active",
      agent_status: "live",
      language: null,
      platform: "web",
      user_agent: expect.any(String),
      device_type: null,
      created_at: expect.any(String),
      ended_at: null,
      visitor: { online: true, since: expect.any(String) },
    });
    const seen = client.events.filter((e) => e.sequence !== null);
    expect(transcript.events.map((e) => e.sequence)).toEqual(
      transcript.events.map((_, i) => i + 1),
    );
    expect(transcript.events.map((e) => e.id)).toEqual(seen.map((e) => e.id));
    expect(transcript.events.at(-1)?.type).toBe("EVENT_TYPE_LIVE_AGENT_JOINED");

    // User → desk.
    const deskFrom = sarah.socket.frames.length;
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "Hello Sarah" });
    const echo = await client.waitFor(
      (e) => e.type === "EVENT_TYPE_USER_MESSAGE" && e.payload.text === "Hello Sarah",
    );
    const relayed = await sarah.socket.waitForEvent(
      sessionId,
      "EVENT_TYPE_USER_MESSAGE",
      5000,
      deskFrom,
    );
    expect(eventOf(relayed)).toMatchObject({
      id: echo.id,
      sequence: echo.sequence,
      payload: { text: "Hello Sarah" },
    });
    await barrier(client);
    expect(client.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE").length).toBe(2); // greeting and the handoff line only

    // Desk → user, with attachments and suggestions.
    const attachments = [
      {
        title: "Invoice",
        content_url: "https://example.com/invoice.pdf",
        content_type: "ATTACHMENT_CONTENT_TYPE_URL",
        call_to_action_text: "Open",
      },
      {
        title: "Photo",
        content_url: "https://example.com/p.png",
        content_type: "ATTACHMENT_CONTENT_TYPE_IMAGE",
        preview_image_url: "https://example.com/p-small.png",
      },
    ];
    const suggestions = [{ message_text: "Yes" }, { message_text: "No" }];
    const sent = await sarah.api.message(sessionId, {
      text: "Hi, I'm **Sarah**.",
      attachments,
      response_suggestions: suggestions,
    });
    expect(sent.status).toBe(201);
    const { id, sequence } = sent.json as { id: string; sequence: number };
    const message = await client.waitFor("EVENT_TYPE_LIVE_AGENT_MESSAGE");
    expect(message).toMatchObject({ id, sequence });
    expect(message.payload).toEqual({
      message_id: expect.any(String),
      ...identity,
      text: "Hi, I'm **Sarah**.",
      attachments,
      response_suggestions: suggestions,
    });
    const own = await sarah.socket.waitForEvent(sessionId, "EVENT_TYPE_LIVE_AGENT_MESSAGE");
    expect(eventOf(own).id).toBe(id);

    // Typing both ways: transient.
    expect((await sarah.api.typing(sessionId, "TYPING_STATE_STARTED")).status).toBe(204);
    const typing = await client.waitFor("EVENT_TYPE_LIVE_AGENT_TYPING");
    expect(typing.sequence).toBeNull();
    expect(typing.payload).toEqual({ state: "TYPING_STATE_STARTED", agent_id: sarah.user.id });
    client.send("EVENT_TYPE_USER_TYPING", { state: "TYPING_STATE_STARTED" });
    expect(await sarah.socket.waitFor("session.typing")).toEqual({
      seq: null,
      type: "session.typing",
      session_id: sessionId,
      state: "TYPING_STATE_STARTED",
    });
    const stored = (await sarah.api.events(sessionId)).json as { events: WireEvent[] };
    expect(stored.events.map((e) => e.type)).not.toContain("EVENT_TYPE_LIVE_AGENT_TYPING");
    expect(stored.events.map((e) => e.type)).not.toContain("EVENT_TYPE_USER_TYPING");

    // Leave and end.
    const endFrom = client.events.length;
    expect((await sarah.api.leave(sessionId, true)).status).toBe(204);
    await client.waitFor("EVENT_TYPE_SESSION_END", 5000, endFrom);
    expect(typesFrom(client, endFrom)).toEqual([
      "EVENT_TYPE_LIVE_AGENT_LEFT",
      "EVENT_TYPE_SESSION_END",
    ]);
    expect(client.events.at(-1)?.payload).toEqual({ reason: "REASON_NATURAL_END" });
    expect(client.events.at(-2)?.payload).toMatchObject({ agent_id: sarah.user.id });
    expect((await closedWithin(client)).code).toBe(1000);
    expect(await sarah.socket.waitFor("unassigned")).toMatchObject({
      session_id: sessionId,
      reason: "ended",
    });
    expect((await sarah.api.sessions()).json).toEqual({ sessions: [] });
    expectError(
      await sarah.api.message(sessionId, { text: "still there?" }),
      404,
      "This conversation is not waiting in your queues or assigned to you",
      "desk_session_not_found",
    );
  });

  it("leave without end brings the AI agent back, and it answers again", async () => {
    const sarah = await desk();
    const { client, sessionId } = await held(sarah);
    const from = client.events.length;
    expect((await sarah.api.leave(sessionId, false)).status).toBe(204);
    await client.waitFor(
      (e) =>
        e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" &&
        e.payload.text === "I'm back. How else can I help?",
      5000,
      from,
    );
    expect(typesFrom(client, from).filter((x) => x !== "EVENT_TYPE_POLY_AGENT_THINKING")).toEqual([
      "EVENT_TYPE_LIVE_AGENT_LEFT",
      "EVENT_TYPE_POLY_AGENT_JOINED",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
    ]);
    expect(client.events[from]?.payload).toEqual({
      reason: "AGENT_LEFT",
      agent_id: sarah.user.id,
      agent_name: sarah.user.name,
    });
    expect(await sarah.socket.waitFor("unassigned")).toMatchObject({
      session_id: sessionId,
      reason: "left",
    });
    const hoursFrom = client.events.length;
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "What are your opening hours?" });
    const reply = await client.waitFor("EVENT_TYPE_POLY_AGENT_MESSAGE", 5000, hoursFrom);
    expect(String(reply.payload.text)).toContain("9 to 5");
    expect((await sarah.api.leave(sessionId, false)).status).toBe(404);
  });

  it("transfer: the user is queued again in the new queue, and a desk user there sees and takes it", async () => {
    await addQueue(t, "billing");
    const sarah = await desk({ queues: ["support"] });
    const bob = await desk({ name: "Bob", queues: ["billing"] });
    const { client, sessionId } = await held(sarah);
    const from = client.events.length;
    const bobFrom = bob.socket.frames.length;
    expect((await sarah.api.transfer(sessionId, "billing")).status).toBe(204);
    const status = await client.waitFor("EVENT_TYPE_HANDOFF_QUEUE_STATUS", 5000, from);
    expect(typesFrom(client, from)).toEqual([
      "EVENT_TYPE_LIVE_AGENT_LEFT",
      "EVENT_TYPE_HANDOFF_ACCEPTED",
      "EVENT_TYPE_HANDOFF_QUEUE_STATUS",
    ]);
    expect(client.events[from]?.payload).toEqual({
      reason: "TRANSFER",
      agent_id: sarah.user.id,
      agent_name: sarah.user.name,
      transfer_to: "billing",
    });
    expect(client.events[from + 1]?.payload).toEqual({ queue_name: "billing" });
    expect(status.payload).toMatchObject({ queue_name: "billing", position_in_queue: 1 });
    expect(await sarah.socket.waitFor("unassigned")).toMatchObject({
      session_id: sessionId,
      reason: "transferred",
    });
    expect((await sarah.api.sessions()).json).toEqual({ sessions: [] });
    await bob.socket.waitForQueue(
      (e) => e.some((x) => x.session_id === sessionId && x.queue === "billing"),
      5000,
      bobFrom,
    );
    expect((await bob.api.accept(sessionId)).status).toBe(200);
    const joined = await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED", 5000, from);
    expect(joined.payload).toMatchObject({ agent_id: bob.user.id, agent_name: "Bob" });
  });

  it("transfer to an unknown, unmanned or closed queue is refused and the chat stays", async () => {
    await addQueue(t, "nobody-here");
    await addQueue(t, "closed", { openingHours: { timezone: "UTC", weekly: {} } });
    const sarah = await desk({ queues: ["support", "closed"] });
    const { client, sessionId } = await held(sarah);
    const from = client.events.length;
    expectError(
      await sarah.api.transfer(sessionId, "no-such-queue"),
      404,
      "No such queue",
      "desk_queue_not_found",
    );
    for (const queue of ["nobody-here", "closed"]) {
      expectError(
        await sarah.api.transfer(sessionId, queue),
        409,
        "Nobody can take conversations in that queue right now",
        "desk_transfer_unavailable",
      );
    }
    expect(((await sarah.api.sessions()).json as { sessions: unknown[] }).sessions).toHaveLength(1);
    expect((await sarah.api.message(sessionId, { text: "Still here." })).status).toBe(201);
    await client.waitFor("EVENT_TYPE_LIVE_AGENT_MESSAGE", 5000, from);
    expect(typesFrom(client, from)).toEqual(["EVENT_TYPE_LIVE_AGENT_MESSAGE"]);
  });
});
