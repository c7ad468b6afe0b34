// A feed replays in batch-sized slices that wait for the client to read, and bounds what it holds back.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { type ClientConnection, ConnectionFeed } from "../../src/core/connection-feed.js";
import { EventFactory } from "../../src/core/event-factory.js";
import { systemClock } from "../../src/platform/index.js";
import { encodeEvent } from "../../src/protocol/index.js";
import { createSqliteStore } from "../../src/store/index.js";
import { newSession } from "../support/store-contract/fixtures.js";

let dir: string;
let store: ReturnType<typeof createSqliteStore>;
const events = new EventFactory(systemClock);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-feed-"));
  store = createSqliteStore({ file: join(dir, "feed.sqlite") });
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A session with `count` user messages of `bytes` characters each after SESSION_START. */
async function sessionWith(count: number, bytes: number): Promise<string> {
  const id = events.id();
  await store.createSession(
    newSession({ id, connectorId: "c", subject: "s", createdAt: Date.now() }),
    events.durable("EVENT_TYPE_SESSION_START", {}),
  );
  const text = "x".repeat(bytes);
  await store.append(
    id,
    Array.from({ length: count }, () => events.durable("EVENT_TYPE_USER_MESSAGE", { text })),
  );
  return id;
}

/** A connection whose client reads only when the test says so. */
function gatedConnection() {
  const sent: string[] = [];
  const closes: number[] = [];
  let open: () => void = () => undefined;
  let waits = 0;
  const connection: ClientConnection = {
    send: (frame) => sent.push(frame),
    close: (code) => closes.push(code),
    whenWritable: () => {
      waits += 1;
      return new Promise<void>((resolve) => {
        open = resolve;
      });
    },
  };
  return { connection, sent, closes, read: () => open(), waits: () => waits };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

it("sends one batch, then waits for the client to read before the next", async () => {
  const id = await sessionWith(10, 60_000); // about five batches of two
  const gate = gatedConnection();
  const feed = new ConnectionFeed(gate.connection, store, id, events);
  const started = feed.start(0);
  await settle();
  await settle();
  expect(gate.sent).toHaveLength(1);
  for (let round = 2; gate.sent.length < 5 && round < 20; round++) {
    gate.read();
    await settle();
    await settle();
    expect(gate.sent.length).toBeLessThanOrEqual(round);
  }
  gate.read();
  await started;
  const replayed = gate.sent.flatMap(
    (frame) => (JSON.parse(frame) as { payload: { events: unknown[] } }).payload.events,
  );
  expect(replayed).toHaveLength(11);
  expect(gate.waits()).toBeGreaterThanOrEqual(4);
});

it("stops waiting and sends nothing more once the connection is closed", async () => {
  const id = await sessionWith(10, 60_000);
  const gate = gatedConnection();
  const feed = new ConnectionFeed(gate.connection, store, id, events);
  const started = feed.start(0);
  await settle();
  await settle();
  feed.close(1001, "going away");
  await started;
  expect(gate.sent).toHaveLength(1);
});

it("closes with 1013 when live events held back behind the replay pass the cap", async () => {
  const id = await sessionWith(10, 60_000);
  const gate = gatedConnection();
  const feed = new ConnectionFeed(gate.connection, store, id, events, { maxQueuedBytes: 10_000 });
  const started = feed.start(0);
  await settle();
  const live = (sequence: number) => {
    const event = { ...events.durable("EVENT_TYPE_USER_MESSAGE", { text: "y".repeat(4000) }) };
    return { sequence, type: event.type, frame: encodeEvent({ ...event, sequence }) };
  };
  feed.push(live(12));
  feed.push(live(13));
  expect(gate.closes).toEqual([]);
  feed.push(live(14)); // three frames of ~4.2 KB: over 10,000 bytes
  expect(gate.closes).toEqual([1013]);
  await started;
});
