// The core's hooks for agents outside a turn: replies delivered later through the hub (as a
// webhook agent's async replies are), typing, session-end notices, and turns stopped by the user.
import { afterEach, describe, expect, it } from "vitest";
import { InProcessBus } from "../../src/bus/index.js";
import {
  type Agent,
  type AgentFactory,
  type AgentNotice,
  type AgentPart,
  DEFAULT_TURN_POLICY,
  PartChannel,
  SessionHub,
} from "../../src/core/index.js";
import { systemClock } from "../../src/platform/index.js";
import { openTempStore, seedAgentAndConnector, type TempStore } from "../support/admin-fixtures.js";
import { until } from "../support/fake-clock.js";
import { fakeScheduler } from "../support/fake-scheduler.js";

const SETTINGS = {
  sessionTimeoutMs: 600_000,
  retentionMs: 3_600_000,
  messagesPerSecond: 100,
  messageBurst: 100,
  deskGraceMs: 1000,
  agentCacheMs: 1000,
  streamWordsPerChunk: 2,
  streamChunkDelayMs: 0,
  thinkingIntervalMs: 8000,
};

interface Frame {
  type: string;
  sequence: number | null;
  payload: Record<string, unknown>;
}

/** A hub on a temp SQLite store whose only agent is `agent`, and a session joined to it. */
async function hubWith(agent: Agent) {
  const temp: TempStore = openTempStore();
  const factory: AgentFactory = {
    validate: () => [],
    create: () => agent,
    usesAgentApi: () => false,
  };
  const hub = new SessionHub({
    store: temp.store,
    bus: new InProcessBus(),
    clock: systemClock,
    scheduler: fakeScheduler(systemClock),
    agents: factory,
    settings: SETTINGS,
  });
  await hub.start();
  const now = Date.now();
  await seedAgentAndConnector(temp.store, agent.name, now);
  const record = await hub.createSession({
    connectorId: "c",
    subject: "s",
    subjectExpiresAt: now + 3_600_000,
    chunkJoin: "auto",
    streaming: true,
    platform: "web",
    deviceType: null,
    userAgent: null,
  });
  const frames: Frame[] = [];
  const connection = {
    send: (frame: string) => frames.push(...unbatch(JSON.parse(frame) as Frame)),
    close: () => undefined,
  };
  if (!(await hub.reserveConnection(record.id))) throw new Error("no slot");
  const link = await hub.connect(record.id, connection, 0);
  if (!link) throw new Error("not connected");
  const send = (type: string, payload: Record<string, unknown> = {}) => {
    const text = JSON.stringify({ type, payload });
    link.receive(text, text.length);
  };
  send("EVENT_TYPE_REQUEST_POLY_AGENT_JOIN");
  await until(
    () =>
      frames.some((f) => f.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK" && f.payload.is_complete),
    "the greeting",
  );
  const close = async () => {
    link.disconnect();
    await hub.shutdown(1000);
    await temp.cleanup();
  };
  return { hub, sessionId: record.id, frames, send, close };
}

function unbatch(frame: Frame): Frame[] {
  return frame.type === "EVENT_TYPE_EVENT_BATCH" ? (frame.payload.events as Frame[]) : [frame];
}

function scripted(turn: Agent["turn"], notify?: Agent["notify"]): Agent {
  return {
    name: "Bot",
    avatarUrl: "",
    policy: DEFAULT_TURN_POLICY,
    turn,
    ...(notify ? { notify } : {}),
  };
}

const greeting = async function* (): AsyncGenerator<AgentPart> {
  yield { type: "text", text: "Hello!" };
};

let opened: { close(): Promise<void> } | undefined;
afterEach(async () => {
  await opened?.close();
  opened = undefined;
});

describe("delivering an AI agent's output from outside a turn", () => {
  it("streams pushed chunks as one message, once per key, and shows typing", async () => {
    const h = await hubWith(scripted(greeting));
    opened = h;
    expect(await h.hub.agentTyping(h.sessionId)).toBe(true);
    expect(h.frames.at(-1)?.type).toBe("EVENT_TYPE_POLY_AGENT_THINKING");
    const channel = new PartChannel();
    const outcome = h.hub.deliverAgentParts(h.sessionId, channel, { key: "reply-1" });
    channel.push({ type: "text", text: "Your order " });
    channel.push({ type: "text", text: "has shipped " });
    await until(
      () => h.frames.filter((f) => f.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK").length >= 3,
      "the first chunks",
    );
    channel.push({ type: "text", text: "today." });
    channel.push({ type: "suggestions", suggestions: [{ message_text: "Thanks" }] });
    channel.end();
    const result = await outcome;
    expect(result).toMatchObject({ status: "completed", text: "Your order has shipped today." });
    const again = await h.hub.deliverAgentParts(h.sessionId, (async function* () {})(), {
      key: "reply-1",
    });
    expect(again).toBe(result);
    const last = h.frames.filter((f) => f.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK").at(-1);
    expect(last?.payload).toMatchObject({
      is_complete: true,
      response_suggestions: [{ message_text: "Thanks" }],
    });
  });

  it("refuses, as a value, a session that does not exist or has ended", async () => {
    const h = await hubWith(scripted(greeting));
    opened = h;
    const parts = (async function* (): AsyncGenerator<AgentPart> {})();
    expect(await h.hub.deliverAgentParts("no-such-session", parts, { key: "k" })).toMatchObject({
      status: "refused",
      refusal: "session_not_found",
    });
    h.send("EVENT_TYPE_USER_END_SESSION");
    await until(() => h.frames.some((f) => f.type === "EVENT_TYPE_SESSION_END"), "the end");
    expect(await h.hub.deliverAgentParts(h.sessionId, parts, { key: "k2" })).toMatchObject({
      status: "refused",
      refusal: "session_ended",
    });
    expect(await h.hub.agentTyping(h.sessionId)).toBe(false);
  });
});

describe("the session's end reaches the agent", () => {
  it("stops a running turn when the user ends the session, then notifies the agent", async () => {
    const notices: AgentNotice[] = [];
    let signal: AbortSignal | undefined;
    const agent = scripted(
      async function* (context) {
        if (context.trigger.type === "join") {
          yield* greeting();
          return;
        }
        signal = context.signal;
        yield { type: "text", text: "Thinking about " };
        await new Promise<void>((resolve) =>
          context.signal.addEventListener("abort", () => resolve()),
        );
      },
      async (notice) => {
        notices.push(notice);
      },
    );
    const h = await hubWith(agent);
    opened = h;
    h.send("EVENT_TYPE_USER_MESSAGE", { text: "a hard question" });
    await until(() => signal !== undefined, "the turn to start");
    h.send("EVENT_TYPE_USER_END_SESSION");
    await until(() => notices.length === 1, "the notice");
    expect(signal?.aborted).toBe(true);
    expect(signal?.reason).toBe("ended");
    expect(notices[0]).toMatchObject({ type: "session_end", reason: "REASON_USER_END" });
    expect(h.frames.filter((f) => f.sequence !== null).at(-1)?.type).toBe("EVENT_TYPE_SESSION_END");
  });
});
