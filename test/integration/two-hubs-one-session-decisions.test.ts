// Two hubs (two processes, in one test process) on one SQLite file, both holding one session:
// what each decides comes from what the store holds, not from what it saw itself.
import { afterEach, expect, it } from "vitest";
import { InProcessBus } from "../../src/bus/index.js";
import {
  type AgentFactory,
  DEFAULT_TURN_POLICY,
  type SessionHub,
  type SessionLink,
} from "../../src/core/index.js";
import { openTempStore, seedAgentAndConnector, type TempStore } from "../support/admin-fixtures.js";
import { FakeClock, settle } from "../support/fake-clock.js";
import { LossyBus, seededRandom } from "../support/lossy-bus.js";
import { HubProcesses } from "../support/two-hubs.js";

/** The history each turn was given, as "role: text" lines, by the text of the message it answered. */
const histories = new Map<string, string[]>();

// Answers "re: <text>" (greets with "hello"), with the conversation so far as its history.
const agents: AgentFactory = {
  validate: () => [],
  usesAgentApi: () => false,
  create: () => ({
    name: "Echo",
    avatarUrl: "",
    policy: { ...DEFAULT_TURN_POLICY, history: { unit: "characters", limit: 100_000 } },
    async *turn(context) {
      const { trigger } = context;
      if (trigger.type !== "message") {
        yield { type: "text", text: "hello" };
        return;
      }
      histories.set(
        trigger.text,
        context.history.map((m) => `${m.role}: ${m.text}`),
      );
      yield { type: "text", text: `re: ${trigger.text}` };
    },
  }),
};

/** Events of a session once greeted: its start, the agent's join, the greeting's two events. */
const GREETED = 4;

let temp: TempStore;
const processes = new HubProcesses();

afterEach(async () => {
  await processes.close();
  histories.clear();
  await temp.cleanup();
});

async function twoHubs(clock: FakeClock, buses: LossyBus[]) {
  const hubs = processes.open(temp.file, buses, clock, agents) as [SessionHub, SessionHub];
  for (const hub of hubs) await hub.start();
  return hubs;
}

function lossless(medium: InProcessBus, seed: number): LossyBus {
  return new LossyBus(medium, seededRandom(seed), { drop: 0, delay: 0, lost: 0 });
}

async function greetedSession(hub: SessionHub, clock: FakeClock): Promise<string> {
  const now = clock.now();
  await seedAgentAndConnector(temp.store, "Echo", now);
  const session = await hub.createSession({
    connectorId: "c",
    subject: "s",
    subjectExpiresAt: now + 3_600_000,
    chunkJoin: "auto",
    streaming: false,
    platform: "web",
    deviceType: null,
    userAgent: null,
  });
  const link = await connect(hub, session.id);
  send(link, { type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {} });
  await waitForStored(session.id, GREETED, clock);
  link.disconnect();
  return session.id;
}

async function connect(hub: SessionHub, sessionId: string): Promise<SessionLink> {
  if (!hub.reserveConnection(sessionId)) throw new Error("no slot");
  const link = await hub.connect(sessionId, { send: () => {}, close: () => {} }, 0);
  if (!link) throw new Error("not connected");
  return link;
}

function send(link: SessionLink, event: object): void {
  const frame = JSON.stringify(event);
  link.receive(frame, frame.length);
}

function say(link: SessionLink, text: string): void {
  send(link, { type: "EVENT_TYPE_USER_MESSAGE", payload: { text } });
}

async function waitForStored(id: string, count: number, clock: FakeClock) {
  for (let round = 0; round < 2000; round++) {
    const session = await temp.store.getSession(id);
    if ((session?.lastSequence ?? 0) >= count) return;
    await clock.advance(0);
  }
  throw new Error(`the store never reached ${count} events`);
}

it("a turn's history holds the messages another process stored since this one last wrote", async () => {
  temp = openTempStore();
  const clock = new FakeClock();
  const medium = new InProcessBus();
  const [hubA, hubB] = await twoHubs(clock, [lossless(medium, 1), lossless(medium, 2)]);
  const id = await greetedSession(hubA, clock);
  const onA = await connect(hubA, id);
  const onB = await connect(hubB, id);

  say(onA, "one");
  await waitForStored(id, GREETED + 2, clock);
  say(onB, "two");
  await waitForStored(id, GREETED + 4, clock);
  // Hub A wrote nothing since "one": what B stored meanwhile is in the history all the same.
  say(onA, "three");
  await waitForStored(id, GREETED + 6, clock);
  await settle();

  expect(histories.get("three")).toEqual([
    "ai_agent: hello",
    "user: one",
    "ai_agent: re: one",
    "user: two",
    "ai_agent: re: two",
    "user: three",
  ]);
  expect(histories.get("two")).toEqual([
    "ai_agent: hello",
    "user: one",
    "ai_agent: re: one",
    "user: two",
  ]);
});

it("a turn on a process that heard nothing of the other's events still reads them", async () => {
  temp = openTempStore();
  const clock = new FakeClock();
  const medium = new InProcessBus();
  const buses = [lossless(medium, 1), lossless(medium, 2)];
  const [hubA, hubB] = await twoHubs(clock, buses);
  const id = await greetedSession(hubA, clock);
  const onA = await connect(hubA, id);
  const onB = await connect(hubB, id);
  say(onA, "one");
  await waitForStored(id, GREETED + 2, clock);

  // A hears nothing of what B stores (its bus is down as far as A can tell).
  (buses[0] as LossyBus).dark = true;
  say(onB, "two");
  await waitForStored(id, GREETED + 4, clock);
  say(onA, "three");
  await waitForStored(id, GREETED + 6, clock);
  await settle();

  expect(histories.get("three")?.slice(1)).toEqual([
    "user: one",
    "ai_agent: re: one",
    "user: two",
    "ai_agent: re: two",
    "user: three",
  ]);
});

it("a decision another process made stale is made again from the stored record, not dropped", async () => {
  temp = openTempStore();
  const clock = new FakeClock();
  const medium = new InProcessBus();
  const buses = [lossless(medium, 1), lossless(medium, 2)];
  const [hubA, hubB] = await twoHubs(clock, buses);
  const id = await greetedSession(hubA, clock);
  const onA = await connect(hubA, id);
  const onB = await connect(hubB, id);
  // B's copy is current after a message of its own.
  say(onB, "one");
  await waitForStored(id, GREETED + 2, clock);
  await settle();

  // A patches the session (a call linked) while B hears nothing of it.
  (buses[1] as LossyBus).dark = true;
  const before = (await temp.store.getSession(id))?.revision ?? 0;
  send(onA, { type: "EVENT_TYPE_LINK_TO_WEBRTC_CONVERSATION", payload: { call_sid: "CA1" } });
  for (let round = 0; round < 200; round++) {
    if (((await temp.store.getSession(id))?.revision ?? 0) > before) break;
    await clock.advance(0);
  }
  expect((await temp.store.getSession(id))?.callSid).toBe("CA1");

  // B decides on its copy, one revision behind: the store refuses, B decides again and ends it.
  send(onB, { type: "EVENT_TYPE_USER_END_SESSION", payload: {} });
  await waitForStored(id, GREETED + 4, clock);
  await settle();
  const stored = await temp.store.getSession(id);
  expect(stored?.state).toBe("ended");
  expect(stored?.endReason).toBe("REASON_USER_END");
  expect(stored?.callSid).toBe("CA1");
  const events = await temp.store.readEvents(id, GREETED + 2, 10);
  expect(events.map((e) => e.type)).toEqual([
    "EVENT_TYPE_USER_END_SESSION",
    "EVENT_TYPE_SESSION_END",
  ]);
});
