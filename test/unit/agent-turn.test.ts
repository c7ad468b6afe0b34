import { describe, expect, it } from "vitest";
import { InProcessBus } from "../../src/bus/index.js";
import { runTurn, type TurnDeps } from "../../src/core/agent-turn.js";
import { EventFactory } from "../../src/core/event-factory.js";
import type {
  Agent,
  AgentReply,
  NewEvent,
  SessionRecord,
  Store,
  StoredEvent,
} from "../../src/core/index.js";
import { LiveSession } from "../../src/core/live-session.js";
import { systemClock } from "../../src/platform/index.js";
import { type ChunkLayout, joinChunkTexts } from "../../src/protocol/index.js";

/** "Hello there, how are you?" as an LLM might stream it, cut anywhere. */
async function* helloPieces() {
  yield "Hel";
  yield "lo the";
  yield "re, how are ";
  yield "you?";
}

/** A session over an in-memory append log, with every frame the bus carried. */
function harness(streaming: boolean, chunkLayout: ChunkLayout = "concat") {
  const log: StoredEvent[] = [];
  const store = {
    append: async (sessionId: string, events: readonly NewEvent[]) =>
      events.map((e) => {
        const stored = { ...e, sessionId, sequence: log.length + 2 };
        log.push(stored);
        return stored;
      }),
  } as unknown as Store;
  const bus = new InProcessBus();
  const frames: Array<{ type: string; payload: Record<string, unknown> }> = [];
  bus.subscribe("s1", (e) => frames.push(JSON.parse(e.frame)));
  const record = {
    id: "s1",
    streaming,
    chunkLayout,
    language: null,
    state: "active",
    lastSequence: 1,
  } as SessionRecord;
  const events = new EventFactory(systemClock);
  const session = new LiveSession(record, store, bus, events, Date.now(), () => {});
  const deps: TurnDeps = {
    clock: systemClock,
    events,
    settings: { streamWordsPerChunk: 2, streamChunkDelayMs: 1, thinkingIntervalMs: 20 },
    handoff: async () => {},
  };
  return { session, deps, frames };
}

const agent = (reply: () => Promise<AgentReply>): Agent => ({
  name: "Ada",
  avatarUrl: "https://example.com/ada.png",
  greet: reply,
  reply: reply,
  rejoin: reply,
  endOnHandoffFailure: false,
});

describe("runTurn", () => {
  it("repeats THINKING while the agent takes its time, and stops once it answers", async () => {
    const { session, deps, frames } = harness(false);
    const slow = agent(
      () => new Promise((resolve) => setTimeout(() => resolve({ text: "done" }), 110)),
    );
    expect(
      await runTurn(
        session,
        slow,
        () => slow.reply({ sessionId: "s1", language: null }, "hi"),
        deps,
        "agent_reply_failed",
      ),
    ).toBe(true);
    const types = frames.map((f) => f.type);
    const thinking = types.filter((t) => t === "EVENT_TYPE_POLY_AGENT_THINKING").length;
    expect(thinking).toBeGreaterThanOrEqual(3);
    expect(types.at(-1)).toBe("EVENT_TYPE_POLY_AGENT_MESSAGE");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(
      frames.map((f) => f.type).filter((t) => t === "EVENT_TYPE_POLY_AGENT_THINKING").length,
    ).toBe(thinking);
  });

  it("streams text that arrives in pieces, splitting only after whitespace, extras on the last chunk", async () => {
    const { session, deps, frames } = harness(true);
    const streaming = agent(async () => ({
      text: helloPieces(),
      response_suggestions: [{ message_text: "Fine" }],
    }));
    await runTurn(
      session,
      streaming,
      () => streaming.reply({ sessionId: "s1", language: null }, "hi"),
      deps,
      "agent_reply_failed",
    );
    const chunks = frames
      .filter((f) => f.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")
      .map((f) => f.payload);
    expect(chunks.map((c) => c.text).join("")).toBe("Hello there, how are you?");
    expect(chunks.map((c) => c.chunk_index)).toEqual(chunks.map((_, i) => i + 1));
    for (const chunk of chunks.slice(0, -1)) {
      expect(chunk.text).toMatch(/\s$/);
      expect(chunk.is_complete).toBe(false);
      expect(chunk.response_suggestions).toEqual([]);
    }
    expect(chunks.at(-1)).toMatchObject({
      is_complete: true,
      response_suggestions: [{ message_text: "Fine" }],
    });
    expect(new Set(chunks.map((c) => c.message_id)).size).toBe(1);
  });

  it("streams in the session's space layout: chunk texts joined with one space give the text", async () => {
    const { session, deps, frames } = harness(true, "space");
    const streaming = agent(async () => ({ text: helloPieces() }));
    await runTurn(
      session,
      streaming,
      () => streaming.reply({ sessionId: "s1", language: null }, "hi"),
      deps,
      "agent_reply_failed",
    );
    const texts = frames
      .filter((f) => f.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")
      .map((f) => String(f.payload.text));
    expect(texts).toEqual(["Hello there,", "how are", "you?"]);
    expect(joinChunkTexts(texts, "space")).toBe("Hello there, how are you?");
  });

  it("closes a stream that breaks off with a final chunk and the stream error", async () => {
    const { session, deps, frames } = harness(true);
    async function* broken() {
      yield "Partial answer ";
      throw new Error("upstream went away");
    }
    const failing = agent(async () => ({ text: broken() }));
    expect(
      await runTurn(
        session,
        failing,
        () => failing.reply({ sessionId: "s1", language: null }, "hi"),
        deps,
        "agent_reply_failed",
      ),
    ).toBe(false);
    const chunks = frames
      .filter((f) => f.type === "EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")
      .map((f) => f.payload);
    expect(chunks.at(-1)?.is_complete).toBe(true);
    expect(frames.at(-1)).toMatchObject({
      type: "EVENT_TYPE_SYSTEM_MESSAGE",
      payload: {
        level: "SYSTEM_MESSAGE_LEVEL_ERROR",
        message: "Sorry, I encountered an error. Please try again.",
      },
    });
  });

  it("tells the user when the agent cannot answer", async () => {
    const { session, deps, frames } = harness(false);
    const down = agent(() => Promise.reject(new Error("model unavailable")));
    expect(
      await runTurn(
        session,
        down,
        () => down.reply({ sessionId: "s1", language: null }, "hi"),
        deps,
        "agent_reply_failed",
      ),
    ).toBe(false);
    expect(frames.at(-1)?.payload).toEqual({
      level: "SYSTEM_MESSAGE_LEVEL_ERROR",
      message: "Sorry, I'm having trouble responding right now. Please try again.",
    });
  });

  it("sends nothing for an empty reply without attachments", async () => {
    const { session, deps, frames } = harness(false);
    const quiet = agent(async () => ({ text: "" }));
    await runTurn(
      session,
      quiet,
      () => quiet.reply({ sessionId: "s1", language: null }, "hi"),
      deps,
      "agent_reply_failed",
    );
    expect(frames.map((f) => f.type)).toEqual(["EVENT_TYPE_POLY_AGENT_THINKING"]);
  });
});
