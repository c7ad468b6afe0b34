// Two hubs (two processes, in one test process) on one SQLite file, their fan-out over a bus that
// drops, delays and reorders: every connection still gets every event once, in sequence order.
import { afterEach, expect, it } from "vitest";
import { InProcessBus } from "../../src/bus/index.js";
import { POSITION_CHECK_MS } from "../../src/core/connection-feed.js";
import {
  type AgentFactory,
  DEFAULT_TURN_POLICY,
  EventFactory,
  type SessionHub,
  type SessionLink,
  type Store,
} from "../../src/core/index.js";
import { openTempStore, seedAgentAndConnector, type TempStore } from "../support/admin-fixtures.js";
import { FakeClock, settle, until } from "../support/fake-clock.js";
import { LossyBus, seededRandom } from "../support/lossy-bus.js";
import { HubProcesses } from "../support/two-hubs.js";

// Answers every message with one short message (two events with the greeting's THINKING aside).
const agents: AgentFactory = {
  validate: () => [],
  usesAgentApi: () => false,
  create: () => ({
    name: "Echo",
    avatarUrl: "",
    policy: DEFAULT_TURN_POLICY,
    async *turn(context) {
      yield { type: "text", text: context.trigger.type === "message" ? "got it" : "hello" };
    },
  }),
};

/** Events of a session once greeted: its start, the agent's join, the greeting's two events. */
const GREETED = 4;

interface Received {
  sequence: number | null;
  id: string;
  type: string;
}

/** A client that keeps what it received over all its connections, and reconnects with its cursor. */
class Client {
  readonly received: Received[] = [];
  readonly closes: number[] = [];
  link: SessionLink | undefined;
  /** Sequences at or below this came as the head of a reconnect's first batch (sent again on purpose). */
  #cursor = 0;
  #firstBatch = true;

  get cursor(): number {
    return Math.max(0, ...this.received.map((e) => e.sequence ?? 0));
  }

  async connect(hub: SessionHub, sessionId: string): Promise<void> {
    this.#cursor = this.cursor;
    this.#firstBatch = true;
    if (!hub.reserveConnection(sessionId)) throw new Error("no slot");
    const link = await hub.connect(sessionId, this.#connection(), this.#cursor);
    if (!link) throw new Error("not connected");
    this.link = link;
  }

  send(text: string): void {
    const frame = JSON.stringify({ type: "EVENT_TYPE_USER_MESSAGE", payload: { text } });
    this.link?.receive(frame, frame.length);
  }

  #connection() {
    return {
      send: (text: string) => {
        const frame = JSON.parse(text) as Received & { payload: { events?: Received[] } };
        const batch = frame.type === "EVENT_TYPE_EVENT_BATCH";
        const events = batch ? (frame.payload.events ?? []) : [frame];
        const head = batch && this.#firstBatch;
        this.#firstBatch = false;
        for (const event of events) {
          if (head && event.sequence !== null && event.sequence <= this.#cursor) continue;
          this.received.push({ sequence: event.sequence, id: event.id, type: event.type });
        }
      },
      close: (code: number) => this.closes.push(code),
    };
  }
}

let temp: TempStore;
const processes = new HubProcesses();

afterEach(async () => {
  await processes.close();
  await temp.cleanup();
});

async function waitForStored(store: Store, id: string, count: number, clock: FakeClock) {
  for (let round = 0; round < 2000; round++) {
    const session = await store.getSession(id);
    if ((session?.lastSequence ?? 0) >= count) return;
    await clock.advance(0);
  }
  throw new Error(`the store never reached ${count} events`);
}

it("delivers every event to every connection exactly once, in order, over a lossy bus", async () => {
  temp = openTempStore();
  const clock = new FakeClock();
  const medium = new InProcessBus();
  const mischief = { drop: 0.2, delay: 0.3, lost: 0.05 };
  const buses = [
    new LossyBus(medium, seededRandom(1), mischief),
    new LossyBus(medium, seededRandom(2), mischief),
  ];
  // Each hub its own store connection on the one file, as separate processes would have.
  const hubs = processes.open(temp.file, buses, clock, agents);
  const [hubA] = hubs as [SessionHub];
  for (const hub of hubs) await hub.start();
  const now = clock.now();
  await seedAgentAndConnector(temp.store, "Echo", now);
  const session = await hubA.createSession({
    connectorId: "c",
    subject: "s",
    subjectExpiresAt: now + 3_600_000,
    chunkJoin: "auto",
    streaming: false,
    platform: "web",
    deviceType: null,
    userAgent: null,
  });
  const first = new Client();
  await first.connect(hubA, session.id);
  const join = JSON.stringify({ type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {} });
  first.link?.receive(join, join.length);
  // Joined (POLY_AGENT_JOINED) and greeted before the other hub holds the session.
  await waitForStored(temp.store, session.id, GREETED, clock);

  const clients = [first, new Client(), new Client(), new Client()];
  for (const [index, client] of clients.entries()) {
    if (index > 0) await client.connect(hubs[index % 2] as SessionHub, session.id);
  }
  const random = seededRandom(3);
  const messages = 40;
  for (let i = 0; i < messages; i++) {
    const client = clients[Math.floor(random() * clients.length)] as Client;
    client.send(`message ${i}`);
    if (i === messages / 2) {
      // One client drops and resumes on the other hub with its cursor, mid-conversation.
      const mover = clients[2] as Client;
      mover.link?.disconnect();
      await mover.connect(hubA, session.id);
    }
    // Each message and its answer are stored before the next is sent, as a user would wait.
    await waitForStored(temp.store, session.id, GREETED + 2 * (i + 1), clock);
  }
  // The last message and its answer never arrive over the bus at all.
  for (const bus of buses) bus.dark = true;
  (clients[1] as Client).send("the last one");
  const total = GREETED + 2 * (messages + 1);
  await waitForStored(temp.store, session.id, total, clock);

  // What the bus still holds arrives late and out of order; the last events may be lost for
  // good: idle connections find them through the position check within two periods.
  for (const bus of buses) bus.flush();
  await clock.advance(2 * POSITION_CHECK_MS);
  await until(() => clients.every((c) => c.cursor === total), "every client at the end");
  await settle();

  const stored = await temp.store.readEvents(session.id, 0, total + 10);
  expect(stored).toHaveLength(total);
  for (const client of clients) {
    const durable = client.received.filter((e) => e.sequence !== null);
    expect(durable.map((e) => e.sequence)).toEqual(stored.map((e) => e.sequence));
    expect(durable.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(client.closes).toEqual([]);
  }
  // The mischief really happened (a lossless run would prove nothing).
  expect(buses.every((bus) => bus.dropped > 10 && bus.delayed > 10)).toBe(true);
});

it("a connection resuming on a hub whose copy of the session is behind gets no duplicates", async () => {
  temp = openTempStore();
  const clock = new FakeClock();
  const medium = new InProcessBus();
  const [hubA, hubB] = processes.open(temp.file, [medium, medium], clock, agents) as [
    SessionHub,
    SessionHub,
  ];
  const now = clock.now();
  await seedAgentAndConnector(temp.store, "Echo", now);
  const session = await hubA.createSession({
    connectorId: "c",
    subject: "s",
    subjectExpiresAt: now + 3_600_000,
    chunkJoin: "auto",
    streaming: false,
    platform: "web",
    deviceType: null,
    userAgent: null,
  });
  // Hub B holds the session at sequence 1; then hub A's process appends three more.
  const watcher = new Client();
  await watcher.connect(hubB, session.id);
  watcher.link?.disconnect();
  // Any connection to the file writes as another process would.
  const store = temp.store;
  const events = new EventFactory(clock);
  const heartbeat = () => events.durable("EVENT_TYPE_HEARTBEAT", {});
  await store.append(session.id, [heartbeat(), heartbeat(), heartbeat()]);
  const resumed = new Client();
  resumed.received.push({ sequence: 3, id: "seen", type: "EVENT_TYPE_HEARTBEAT" });
  await resumed.connect(hubB, session.id);
  expect(resumed.received.map((e) => e.sequence)).toEqual([3, 4]);
});

it("decides on the stored record, not on a copy another hub moved past: a message after a join elsewhere is answered", async () => {
  temp = openTempStore();
  const clock = new FakeClock();
  const medium = new InProcessBus();
  const hubs = processes.open(temp.file, [medium, medium], clock, agents);
  const [hubA, hubB] = hubs as [SessionHub, SessionHub];
  for (const hub of hubs) await hub.start();
  const now = clock.now();
  await seedAgentAndConnector(temp.store, "Echo", now);
  const session = await hubA.createSession({
    connectorId: "c",
    subject: "s",
    subjectExpiresAt: now + 3_600_000,
    chunkJoin: "auto",
    streaming: false,
    platform: "web",
    deviceType: null,
    userAgent: null,
  });
  // Hub B holds a copy from before the join (no agent yet); the join and greeting happen on A.
  const client = new Client();
  await client.connect(hubB, session.id);
  client.link?.disconnect();
  await client.connect(hubA, session.id);
  const join = JSON.stringify({ type: "EVENT_TYPE_REQUEST_POLY_AGENT_JOIN", payload: {} });
  client.link?.receive(join, join.length);
  await waitForStored(temp.store, session.id, GREETED, clock);
  client.link?.disconnect();

  // Back on B: the message is stored and answered, not refused from B's old copy.
  await client.connect(hubB, session.id);
  client.send("hello again");
  await waitForStored(temp.store, session.id, GREETED + 2, clock);
  await settle();
  const stored = await temp.store.readEvents(session.id, 0, 100);
  expect(stored.map((e) => e.type).slice(GREETED)).toEqual([
    "EVENT_TYPE_USER_MESSAGE",
    "EVENT_TYPE_POLY_AGENT_MESSAGE",
  ]);
  expect(client.received.filter((e) => e.type === "EVENT_TYPE_SYSTEM_MESSAGE")).toEqual([]);
});
