// ConnectionFeed when the store fails while it fills a gap in sequences: the connection is closed, nothing rejects unhandled.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, it } from "vitest";
import { ConnectionFeed } from "../../src/core/connection-feed.js";
import { EventFactory } from "../../src/core/event-factory.js";
import { systemClock } from "../../src/platform/index.js";
import { encodeEvent } from "../../src/protocol/index.js";
import { createSqliteStore } from "../../src/store/index.js";

let dir: string;
let store: ReturnType<typeof createSqliteStore>;
const rejections: unknown[] = [];
const onRejection = (reason: unknown) => rejections.push(reason);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "switchboard-feed-"));
  store = createSqliteStore({ file: join(dir, "feed.sqlite") });
  rejections.length = 0;
  process.on("unhandledRejection", onRejection);
});
afterEach(async () => {
  process.off("unhandledRejection", onRejection);
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

it("closes the connection with 1011 when the store cannot fill a gap", async () => {
  const events = new EventFactory(systemClock);
  const id = events.id();
  await store.createSession(
    {
      id,
      connectorId: "c",
      subject: "s",
      subjectExpiresAt: null,
      streaming: false,
      clientProfile: "standard",
      chunkLayout: "concat",
      platform: "web",
      deviceType: null,
      userAgent: null,
      createdAt: Date.now(),
    },
    events.durable("EVENT_TYPE_SESSION_START", {}),
  );
  const sent: string[] = [];
  const closes: number[] = [];
  const connection = {
    send: (frame: string) => sent.push(frame),
    close: (code: number) => closes.push(code),
  };
  const feed = new ConnectionFeed(connection, store, id, events);
  await feed.start(1);
  expect(feed.lastSequence).toBe(1);
  // Stored behind the feed's back, as another process would; only 3 comes over the bus.
  const appended = await store.append(id, [
    events.durable("EVENT_TYPE_HEARTBEAT", {}),
    events.durable("EVENT_TYPE_HEARTBEAT", {}),
  ]);
  const stored = appended.ok ? appended.events : [];
  store.readEvents = () => Promise.reject(new Error("disk on fire"));
  const third = stored[1];
  if (!third) throw new Error("no third event");
  // Sequence 3 arrives before 2: the feed reads 2 from the store, which fails.
  feed.push({ sequence: 3, type: third.type, frame: encodeEvent(third) });
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(rejections).toEqual([]);
  expect(closes).toEqual([1011]);
});
