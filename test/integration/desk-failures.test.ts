// Handoffs that cannot reach a human: nobody online, queue closed, queue unknown, ending instead of rejoining, a holder offline.
import { beforeEach, describe, expect, it } from "vitest";
import { askForHuman, barrier, closedWithin, joinedClient } from "../support/conversation.js";
import {
  addConnector,
  addDeskUser,
  addQueue,
  DeskSocket,
  onlineDesk,
  queuedClient,
  typesFrom,
} from "../support/desk.js";
import { startTestServer, type TestServer } from "../support/server.js";
import { closeAfterEach } from "../support/teardown.js";
import type { TestClient, WireEvent } from "../support/ws-client.js";

const NO_AGENT = "Sorry, we could not connect you to an agent. Please try again.";
const REJOIN = "I'm back. How else can I help?";

let t: TestServer;
const track = closeAfterEach();

beforeEach(async () => {
  t = track(await startTestServer({ SWITCHBOARD_DESK_GRACE_SECONDS: "5" }));
  await addQueue(t, "support");
});

/** A joined client on the demo connector (or `connectorToken`'s). */
async function joined(connectorToken?: string): Promise<TestClient> {
  const { client } = await joinedClient(t, connectorToken ? { connectorToken } : {});
  track(client);
  return client;
}

/** Asks for a human and waits for `last`; returns the events from the user's message on, without THINKING. */
async function handoffEvents(
  client: TestClient,
  last: (e: WireEvent) => boolean,
): Promise<WireEvent[]> {
  const events = await askForHuman(client, last, "Can I talk to a human?");
  return events.filter((e) => e.type !== "EVENT_TYPE_POLY_AGENT_THINKING");
}

const rejoined = (e: WireEvent) =>
  e.type === "EVENT_TYPE_POLY_AGENT_MESSAGE" && e.payload.text === REJOIN;

/** The failed handoff as the user sees it: reason, exact system message, then the AI agent back. */
function expectFailedThenRejoined(events: WireEvent[], reason: string, queue: string): void {
  expect(events.map((e) => e.type)).toEqual([
    "EVENT_TYPE_USER_MESSAGE",
    "EVENT_TYPE_POLY_AGENT_MESSAGE",
    "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF",
    "EVENT_TYPE_POLY_AGENT_LEFT",
    "EVENT_TYPE_HANDOFF_FAILED",
    "EVENT_TYPE_SYSTEM_MESSAGE",
    "EVENT_TYPE_POLY_AGENT_JOINED",
    "EVENT_TYPE_POLY_AGENT_MESSAGE",
  ]);
  expect(events[4]?.payload).toEqual({ reason, queue_name: queue });
  expect(events[5]?.payload).toEqual({ level: "SYSTEM_MESSAGE_LEVEL_ERROR", message: NO_AGENT });
  expect(events[6]?.payload).toMatchObject({ agent_name: "Ada" });
}

describe("a handoff that fails", () => {
  it("NO_AGENTS_AVAILABLE when no desk user serving the queue is online", async () => {
    await addDeskUser(t, { queues: ["support"] }); // exists, but no desk socket
    const elsewhere = await onlineDesk(t, { queues: ["billing"] }); // online, other queue
    track(elsewhere.socket);
    const client = await joined();
    expectFailedThenRejoined(
      await handoffEvents(client, rejoined),
      "NO_AGENTS_AVAILABLE",
      "support",
    );
    expect((await elsewhere.api.queue()).json).toEqual({ entries: [] });
  });

  it("QUEUE_CLOSED when the queue's opening hours exclude now, even with someone online", async () => {
    await addQueue(t, "support", { openingHours: { timezone: "Europe/Paris", weekly: {} } });
    const desk = await onlineDesk(t, { queues: ["support"] });
    track(desk.socket);
    const client = await joined();
    expectFailedThenRejoined(await handoffEvents(client, rejoined), "QUEUE_CLOSED", "support");
    expect((await desk.api.queue()).json).toEqual({ entries: [] });
  });

  it("QUEUE_NOT_FOUND when the connector names a queue that does not exist", async () => {
    const desk = await onlineDesk(t, { queues: ["support"] });
    track(desk.socket);
    const client = await joined(await addConnector(t, { queue: "nowhere" }));
    expectFailedThenRejoined(await handoffEvents(client, rejoined), "QUEUE_NOT_FOUND", "nowhere");
  });

  it('ends the session instead of rejoining when the agent says on_handoff_failure: "end"', async () => {
    const token = await addConnector(t, { definition: { on_handoff_failure: "end" } });
    const client = await joined(token);
    const events = await handoffEvents(client, (e) => e.type === "EVENT_TYPE_SESSION_END");
    expect(events.map((e) => e.type)).toEqual([
      "EVENT_TYPE_USER_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_MESSAGE",
      "EVENT_TYPE_POLY_AGENT_TRIGGERED_HANDOFF",
      "EVENT_TYPE_POLY_AGENT_LEFT",
      "EVENT_TYPE_HANDOFF_FAILED",
      "EVENT_TYPE_SYSTEM_MESSAGE",
      "EVENT_TYPE_SESSION_END",
    ]);
    expect(events.at(-1)?.payload).toEqual({ reason: "REASON_NATURAL_END" });
    expect((await closedWithin(client)).code).toBe(1000);
  });
});

describe("a holder whose desk socket is down", () => {
  it('answers user messages with "Failed to forward message to live agent", and forwards again once back', async () => {
    const desk = await onlineDesk(t);
    const { client, sessionId } = await queuedClient(t);
    track(client);
    expect((await desk.api.accept(sessionId)).status).toBe(200);
    await client.waitFor("EVENT_TYPE_LIVE_AGENT_JOINED");
    const cursor = desk.socket.cursor;
    desk.socket.close();
    await desk.socket.closed;
    await expect
      .poll(async () => ((await desk.api.me()).json as { online: boolean }).online)
      .toBe(false);

    const from = client.events.length;
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "Hello? Anyone?" });
    await client.waitFor("EVENT_TYPE_SYSTEM_MESSAGE", 5000, from);
    expect(typesFrom(client, from)).toEqual([
      "EVENT_TYPE_USER_MESSAGE",
      "EVENT_TYPE_SYSTEM_MESSAGE",
    ]);
    expect(client.events[from]?.sequence).toEqual(expect.any(Number));
    expect(client.events[from + 1]).toMatchObject({
      sequence: null,
      payload: {
        level: "SYSTEM_MESSAGE_LEVEL_ERROR",
        message: "Failed to forward message to live agent",
      },
    });
    // Still held within the grace period; the message is in the transcript.
    const transcript = (await desk.api.events(sessionId)).json as { events: WireEvent[] };
    expect(transcript.events.at(-1)?.payload).toMatchObject({ text: "Hello? Anyone?" });

    // Back within the grace period: the missed message comes with the resumed feed, and new ones are forwarded.
    const back = await DeskSocket.open(t, desk.user.token, cursor);
    track(back);
    expect(back.frames[0]).toMatchObject({ type: "hello", resumed: true });
    await back.waitForEvent(sessionId, "EVENT_TYPE_USER_MESSAGE");
    const again = client.events.length;
    client.send("EVENT_TYPE_USER_MESSAGE", { text: "There you are" });
    await back.waitFor(
      (f) => f.type === "session.event" && (f.event as WireEvent).payload.text === "There you are",
    );
    await barrier(client);
    expect(client.events.slice(again).map((e) => e.type)).not.toContain(
      "EVENT_TYPE_SYSTEM_MESSAGE",
    );
  });
});
