// A feed never skips: lost events (even the last), frame-less events and gaps are read from the
// store, and what the store does not have closes the connection with 1013 so the client resumes.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  ConnectionFeed,
  DELIVERY_GAP_REASON,
  POSITION_CHECK_MS,
} from "../../src/core/connection-feed.js";
import { EventFactory } from "../../src/core/event-factory.js";
import type { StoredEvent } from "../../src/core/index.js";
import { encodeEvent } from "../../src/protocol/index.js";
import { createSqliteStore } from "../../src/store/index.js";
import { FakeClock, settle } from "../support/fake-clock.js";
import { newSession } from "../support/store-contract/fixtures.js";

let dir: string;
let store: ReturnType<typeof createSqliteStore>;
let clock: FakeClock;
let events: EventFactory;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-feed-"));
  store = createSqliteStore({ file: join(dir, "feed.sqlite") });
  clock = new FakeClock();
  events = new EventFactory(clock);
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Sent {
  type: string;
  sequence: number | null;
}

/** A started feed on a new session, recording the sequences it sends and its closes. */
async function startedFeed() {
  const id = events.id();
  await store.createSession(
    newSession({ id, connectorId: "c", subject: "s", createdAt: clock.now() }),
    events.durable("EVENT_TYPE_SESSION_START", {}),
  );
  const sent: Sent[] = [];
  const closes: { code: number; reason: string }[] = [];
  const connection = {
    send: (frame: string) => {
      const parsed = JSON.parse(frame) as Sent & { payload: { events?: Sent[] } };
      if (parsed.type === "EVENT_TYPE_EVENT_BATCH") sent.push(...(parsed.payload.events ?? []));
      else sent.push(parsed);
    },
    close: (code: number, reason: string) => closes.push({ code, reason }),
  };
  const feed = new ConnectionFeed(connection, store, id, events, { clock });
  await feed.start(0);
  const append = async (count: number) => {
    const result = await store.append(
      id,
      Array.from({ length: count }, () => events.durable("EVENT_TYPE_USER_MESSAGE", { text: "x" })),
    );
    if (!result.ok) throw new Error(`append refused: ${result.refusal}`);
    return result.events;
  };
  const sequences = () => sent.map((e) => e.sequence).filter((s) => s !== null);
  return { id, feed, sent, closes, append, sequences };
}

function busEvent(event: StoredEvent, withFrame = true) {
  return {
    sequence: event.sequence,
    type: event.type,
    frame: withFrame ? encodeEvent(event) : null,
  };
}

describe("the position check", () => {
  it("delivers a last event the bus lost once the feed has been idle for a check period", async () => {
    const f = await startedFeed();
    await f.append(2);
    await clock.advance(POSITION_CHECK_MS - 1);
    expect(f.sequences()).toEqual([1]);
    await clock.advance(1);
    expect(f.sequences()).toEqual([1, 2, 3]);
    expect(f.feed.lastSequence).toBe(3);
  });

  it("checks at once when the bus says it lost events", async () => {
    const f = await startedFeed();
    await f.append(1);
    f.feed.check();
    await settle();
    expect(f.sequences()).toEqual([1, 2]);
  });

  it("a feed that just delivered still checks within two periods", async () => {
    const f = await startedFeed();
    const [second] = await f.append(1);
    await f.append(1);
    if (!second) throw new Error("not stored");
    f.feed.push(busEvent(second));
    await settle();
    await clock.advance(POSITION_CHECK_MS);
    expect(f.sequences()).toEqual([1, 2]);
    await clock.advance(POSITION_CHECK_MS);
    expect(f.sequences()).toEqual([1, 2, 3]);
  });

  it("closes with 4001 when the session was erased meanwhile", async () => {
    const f = await startedFeed();
    await store.deleteSession(f.id);
    await clock.advance(POSITION_CHECK_MS);
    expect(f.closes.map((c) => c.code)).toEqual([4001]);
  });

  it("stops checking once the connection is closed", async () => {
    const f = await startedFeed();
    f.feed.close(1001, "bye");
    expect(clock.pending).toBe(0);
  });

  it("stops checking, and sends nothing more, once the client went away", async () => {
    const f = await startedFeed();
    f.feed.detach();
    expect(clock.pending).toBe(0);
    await f.append(1);
    f.feed.check();
    await settle();
    expect(f.sequences()).toEqual([1]);
    expect(f.closes).toEqual([]);
  });
});

describe("gaps", () => {
  it("reads an event the bus sent without its frame from the store", async () => {
    const f = await startedFeed();
    const [second] = await f.append(1);
    if (!second) throw new Error("not stored");
    f.feed.push(busEvent(second, false));
    await settle();
    expect(f.sequences()).toEqual([1, 2]);
  });

  it("fills a gap before the event that revealed it, then skips what arrives late", async () => {
    const f = await startedFeed();
    const stored = await f.append(3);
    const [two, three, four] = stored;
    if (!two || !three || !four) throw new Error("not stored");
    f.feed.push(busEvent(four));
    f.feed.push(busEvent(two));
    f.feed.push(busEvent(three));
    await settle();
    expect(f.sequences()).toEqual([1, 2, 3, 4]);
  });

  it("closes with 1013 and keeps its position when the store lacks the missing events", async () => {
    const f = await startedFeed();
    await f.append(1);
    // Sequence 5 as a bus would carry it from a store that has more than this one (a restored store).
    const ghost = {
      ...events.durable("EVENT_TYPE_USER_MESSAGE", { text: "x" }),
      sessionId: f.id,
      sequence: 5,
    };
    f.feed.push(busEvent(ghost));
    await settle();
    expect(f.sequences()).toEqual([1, 2]);
    expect(f.feed.lastSequence).toBe(2);
    expect(f.closes).toEqual([{ code: 1013, reason: DELIVERY_GAP_REASON }]);
  });

  it("closes with 1013 when the store lacks an event sent without its frame", async () => {
    const f = await startedFeed();
    f.feed.push({ sequence: 2, type: "EVENT_TYPE_USER_MESSAGE", frame: null });
    await settle();
    expect(f.sequences()).toEqual([1]);
    expect(f.closes.map((c) => c.code)).toEqual([1013]);
  });
});

describe("replay", () => {
  it("replays up to what the store holds, whatever cursor the client sends", async () => {
    const f = await startedFeed();
    await f.append(3);
    const sent: Sent[] = [];
    const connection = {
      send: (frame: string) => sent.push(...(JSON.parse(frame).payload.events as Sent[])),
      close: () => undefined,
    };
    const late = new ConnectionFeed(connection, store, f.id, events, { clock });
    await late.start(2);
    expect(sent.map((e) => e.sequence)).toEqual([1, 3, 4]);
    expect(late.lastSequence).toBe(4);
    const ahead = new ConnectionFeed(connection, store, f.id, events, { clock });
    await ahead.start(99);
    expect(ahead.lastSequence).toBe(4);
  });
});
