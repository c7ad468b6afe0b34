// A turn whose runner dies mid-turn is taken over by another process sharing the store: run again
// when nothing of the answer was stored, else its begun message is closed and the user told.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { InProcessBus } from "../../src/bus/index.js";
import {
  PollingScheduler,
  SqliteTimerTable,
  SqliteTurnClaims,
} from "../../src/coordination/index.js";
import {
  type Agent,
  type AgentContext,
  type AgentPart,
  DEFAULT_TURN_POLICY,
  SessionHub,
  type Store,
} from "../../src/core/index.js";
import { protocolError, systemMessagePayload } from "../../src/protocol/index.js";
import { createSqliteStore, openSqliteDatabase } from "../../src/store/index.js";
import { seedAgentAndConnector } from "../support/admin-fixtures.js";
import { FakeClock, until } from "../support/fake-clock.js";

const LEASE_MS = 3000;
const T0 = 1_800_000_000_000;

const SETTINGS = {
  sessionTimeoutMs: 3_600_000,
  retentionMs: 3_600_000,
  messagesPerSecond: 100,
  messageBurst: 100,
  deskGraceMs: 1000,
  agentCacheMs: 0,
  streamWordsPerChunk: 2,
  streamChunkDelayMs: 0,
  thinkingIntervalMs: 60_000,
  turnLeaseMs: LEASE_MS,
};

interface Frame {
  type: string;
  sequence: number | null;
  payload: Record<string, unknown>;
}

type Answer = (context: AgentContext) => AsyncIterable<AgentPart>;

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** One "process": its own store connection, scheduler, turn leases, bus and clock, on a shared file. */
function processOn(file: string, answer: Answer) {
  const clock = new FakeClock(T0);
  const store = createSqliteStore({ file });
  const db = openSqliteDatabase(file, "normal");
  const scheduler = new PollingScheduler(new SqliteTimerTable(db), { clock, pollMs: 500 });
  const agent: Agent = {
    name: "Bot",
    avatarUrl: "",
    policy: { ...DEFAULT_TURN_POLICY, deadlineMs: 600_000 },
    turn: (context) => (context.trigger.type === "join" ? words("Hello!") : answer(context)),
  };
  const hub = new SessionHub({
    store,
    bus: new InProcessBus(),
    clock,
    scheduler,
    claims: new SqliteTurnClaims(db),
    agents: { validate: () => [], create: () => agent, usesAgentApi: () => false },
    settings: SETTINGS,
  });
  return { clock, store, db, hub };
}

async function* words(text: string): AsyncGenerator<AgentPart> {
  yield { type: "text", text };
}

/** Parts, then never another: the runner is stuck as if its process had died. */
async function* stuckAfter(parts: AgentPart[]): AsyncGenerator<AgentPart> {
  for (const part of parts) yield part;
  await new Promise(() => undefined);
}

/** A client on `hub`: frames it got, and a way to send. */
async function client(hub: SessionHub, sessionId: string, cursor: number) {
  const frames: Frame[] = [];
  const connection = {
    send: (text: string) => {
      const frame = JSON.parse(text) as Frame;
      frames.push(
        ...(frame.type === "EVENT_TYPE_EVENT_BATCH" ? (frame.payload.events as Frame[]) : [frame]),
      );
    },
    close: () => undefined,
  };
  if (!(await hub.reserveConnection(sessionId))) throw new Error("no slot");
  const link = await hub.connect(sessionId, connection, cursor);
  if (!link) throw new Error("not connected");
  const send = (type: string, payload: Record<string, unknown> = {}) => {
    const text = JSON.stringify({ type, payload });
    link.receive(text, text.length);
  };
  return { frames, send, link };
}

/**
 * Process A greets and starts answering "hi" (its agent doing `first`, then hanging); A then
 * dies: its clock stops, so it never renews the lease again. Process B shares the file.
 */
async function deadRunner(first: AgentPart[], answerInB: Answer) {
  const dir = mkdtempSync(join(tmpdir(), "switchboard-takeover-"));
  const file = join(dir, "switchboard.sqlite");
  let startsInA = 0;
  const a = processOn(file, () => {
    startsInA += 1;
    return stuckAfter(first);
  });
  const b = processOn(file, answerInB);
  cleanups.push(async () => {
    await b.hub.shutdown(1000);
    for (const p of [a, b]) {
      await p.store.close();
      p.db.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });
  await a.hub.start();
  await b.hub.start();
  await seedAgentAndConnector(a.store, "Bot", T0);
  const { id } = await a.hub.createSession({
    connectorId: "c",
    subject: "s",
    subjectExpiresAt: T0 + 3_600_000,
    chunkJoin: "auto",
    streaming: true,
    platform: "web",
    deviceType: null,
    userAgent: null,
  });
  const inA = await client(a.hub, id, 0);
  inA.send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
  await until(() => inA.frames.some((f) => f.payload.is_complete === true), "the greeting");
  inA.send("EVENT_TYPE_USER_MESSAGE", { text: "hi" });
  await until(() => startsInA === 1, "A's turn");
  if (first.length > 0)
    await until(() => inA.frames.some((f) => f.payload.text === "Partial "), "A's first chunk");
  // A dies here. Its user reconnects to B with the cursor of what they saw.
  inA.link.disconnect();
  const seen = Math.max(...inA.frames.map((f) => f.sequence ?? 0));
  const inB = await client(b.hub, id, seen);
  return { a, b, id, inB, startsInA: () => startsInA };
}

/** Lets B's time pass (A's stays stopped), firing B's timers as its store writes complete. */
async function passInB(b: { clock: FakeClock }, ms: number, done: () => boolean, what: string) {
  await b.clock.advance(ms);
  await until(async () => {
    await b.clock.advance(0);
    return done();
  }, what);
}

const agentEvents = async (store: Store, id: string) =>
  (await store.readEvents(id, 0, 1000)).filter((e) =>
    e.type.startsWith("EVENT_TYPE_POLY_AGENT_MESSAGE"),
  );

describe("a turn whose runner died", () => {
  it("is run again by another process when nothing of the answer was stored", async () => {
    let answeredInB = 0;
    const { b, id, inB } = await deadRunner([], () => {
      answeredInB += 1;
      return words("Answer from B");
    });
    const before = (await agentEvents(b.store, id)).length;
    // Not before the lease ran out.
    await b.clock.advance(LEASE_MS - 1);
    expect(answeredInB).toBe(0);
    await passInB(
      b,
      1000,
      () => inB.frames.some((f) => f.payload.is_complete === true && f.sequence !== null),
      "B's answer",
    );
    const reply = (await agentEvents(b.store, id)).slice(before);
    const payloads = reply.map((e) => JSON.parse(e.payloadJson) as Record<string, unknown>);
    expect(new Set(payloads.map((p) => p.message_id)).size).toBe(1);
    expect(payloads.map((p) => p.text).join("")).toBe("Answer from B");
    expect(inB.frames.filter((f) => f.type === "EVENT_TYPE_SYSTEM_MESSAGE")).toEqual([]);
    // Much later: still exactly one answer, run once.
    await passInB(b, LEASE_MS * 5, () => true, "time");
    expect(answeredInB).toBe(1);
    expect((await agentEvents(b.store, id)).slice(before)).toHaveLength(reply.length);
  });

  it("has its begun message closed and the spec's error sent when part of it was stored", async () => {
    let answeredInB = 0;
    const { b, id, inB } = await deadRunner([{ type: "text", text: "Partial answer" }], () => {
      answeredInB += 1;
      return words("Answer from B");
    });
    await passInB(
      b,
      LEASE_MS + 1000,
      () => inB.frames.some((f) => f.type === "EVENT_TYPE_SYSTEM_MESSAGE"),
      "the error",
    );
    const chunks = (await agentEvents(b.store, id))
      .map((e) => JSON.parse(e.payloadJson) as Record<string, unknown>)
      .filter((p) => p.text !== "Hello!" && !(p.is_complete === true && p.chunk_index === 1));
    expect(chunks.map((p) => [p.text, p.chunk_index, p.is_complete])).toEqual([
      ["Partial ", 1, false],
      ["", 2, true],
    ]);
    const error = inB.frames.find((f) => f.type === "EVENT_TYPE_SYSTEM_MESSAGE");
    expect(error?.sequence).toBeNull();
    expect(error?.payload).toEqual(systemMessagePayload(protocolError("stream_broken")));
    await passInB(b, LEASE_MS * 5, () => true, "time");
    expect(answeredInB).toBe(0);
    expect(inB.frames.filter((f) => f.type === "EVENT_TYPE_SYSTEM_MESSAGE")).toHaveLength(1);
  });

  it("is left to its runner while the runner keeps renewing the lease", async () => {
    let answeredInB = 0;
    const { a, b, id, inB, startsInA } = await deadRunner([], () => {
      answeredInB += 1;
      return words("Answer from B");
    });
    const before = (await agentEvents(b.store, id)).length;
    // Both processes live through several lease lengths; A renews every third of one.
    for (let step = 0; step < 12; step++) {
      await a.clock.advance(LEASE_MS / 3);
      await b.clock.advance(LEASE_MS / 3);
      await until(async () => {
        await b.clock.advance(0);
        return true;
      }, "B's timers");
    }
    expect(answeredInB).toBe(0);
    expect(startsInA()).toBe(1);
    expect(await agentEvents(b.store, id)).toHaveLength(before);
    expect(inB.frames.filter((f) => f.type === "EVENT_TYPE_SYSTEM_MESSAGE")).toEqual([]);
  });
});
