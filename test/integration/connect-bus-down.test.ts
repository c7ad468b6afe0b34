// A connect while the bus cannot subscribe: closed with 1013 (the client comes back), slot given back.
import { afterEach, expect, it } from "vitest";
import { InProcessBus } from "../../src/bus/index.js";
import { SessionHub } from "../../src/core/index.js";
import { MAX_CONNECTIONS_PER_SESSION } from "../../src/protocol/index.js";
import { openTempStore, type TempStore } from "../support/admin-fixtures.js";
import { FakeClock } from "../support/fake-clock.js";
import { fakeScheduler } from "../support/fake-scheduler.js";

let temp: TempStore;
afterEach(() => temp.cleanup());

class DownBus extends InProcessBus {
  down = true;
  override subscribe(...args: Parameters<InProcessBus["subscribe"]>) {
    return this.down ? Promise.reject(new Error("bus unreachable")) : super.subscribe(...args);
  }
}

it("closes with 1013 while the bus is down, frees the slot, and connects once it is back", async () => {
  temp = openTempStore();
  const bus = new DownBus();
  const errors: string[] = [];
  const clock = new FakeClock();
  const hub = new SessionHub({
    store: temp.store,
    bus,
    clock,
    scheduler: fakeScheduler(clock),
    agents: { validate: () => [], usesAgentApi: () => false, create: () => ({}) as never },
    settings: {
      sessionTimeoutMs: 600_000,
      retentionMs: 3_600_000,
      messagesPerSecond: 10,
      messageBurst: 10,
      deskGraceMs: 1000,
      agentCacheMs: 1000,
      streamWordsPerChunk: 2,
      streamChunkDelayMs: 0,
      thinkingIntervalMs: 8000,
    },
    onError: (_error, context) => errors.push(context),
  });
  const session = await hub.createSession({
    connectorId: "c",
    subject: "s",
    subjectExpiresAt: Date.now() + 3_600_000,
    chunkJoin: "auto",
    streaming: false,
    platform: "web",
    deviceType: null,
    userAgent: null,
  });
  const closes: number[] = [];
  const connection = { send: () => undefined, close: (code: number) => closes.push(code) };
  for (let i = 0; i <= MAX_CONNECTIONS_PER_SESSION; i++) {
    expect(await hub.reserveConnection(session.id)).toBe(true);
    expect(await hub.connect(session.id, connection, 0)).toBeUndefined();
  }
  expect(closes).toEqual(Array(MAX_CONNECTIONS_PER_SESSION + 1).fill(1013));
  expect(errors[0]).toBe("bus subscribe");
  bus.down = false;
  expect(await hub.reserveConnection(session.id)).toBe(true);
  const link = await hub.connect(session.id, connection, 0);
  expect(link).toBeDefined();
  link?.disconnect();
  await hub.shutdown(1000);
});
