import { describe, expect, it } from "vitest";
import type { AgentContext, AgentPart } from "../../src/core/index.js";
import { joinChunkTexts } from "../../src/protocol/index.js";
import { settle } from "../support/fake-clock.js";
import { chunkPayloads, scriptedAgent, turnHarness, waitOn } from "../support/turn-harness.js";

type Harness = ReturnType<typeof turnHarness>;

/** An agent whose turns are written as generators that may wait on the harness clock. */
function harnessWith(
  script: (context: AgentContext, h: Harness) => AsyncGenerator<AgentPart>,
  policy: Parameters<typeof scriptedAgent>[1] = {},
  options: Parameters<typeof turnHarness>[1] = {},
): Harness {
  let h: Harness | undefined;
  const agent = scriptedAgent((context) => script(context, h as Harness), policy);
  h = turnHarness(agent, options);
  return h;
}

const REPLY_FAILED = "Sorry, I'm having trouble responding right now. Please try again.";
const STREAM_BROKEN = "Sorry, I encountered an error. Please try again.";

describe("turn engine: THINKING and chunks", () => {
  it("sends THINKING at once and every interval until the first chunk, then never again", async () => {
    const h = harnessWith(async function* (c, h) {
      await waitOn(h.clock, 20_000, c.signal);
      yield { type: "text", text: "Here you are." };
      await waitOn(h.clock, 5000, c.signal);
    });
    const outcome = h.userSays("hi");
    await h.clock.advance(19_000);
    expect(h.ofType("EVENT_TYPE_POLY_AGENT_THINKING")).toHaveLength(3); // 0, 8 s, 16 s
    await h.clock.advance(8000);
    expect(h.ofType("EVENT_TYPE_POLY_AGENT_THINKING")).toHaveLength(3);
    expect((await outcome).status).toBe("completed");
  });

  it("chunks deltas split inside words only after whitespace; the first chunk goes at one word", async () => {
    const h = harnessWith(async function* () {
      for (const piece of ["Hel", "lo the", "re, how are ", "you", " to", "day?"]) {
        yield { type: "text", text: piece };
      }
      yield { type: "suggestions", suggestions: [{ message_text: "Fine" }] };
    });
    const outcome = await h.userSays("hi");
    const chunks = chunkPayloads(h.frames);
    expect(chunks.map((c) => c.text)).toEqual(["Hello ", "there, how ", "are you ", "today?"]);
    expect(chunks.map((c) => c.chunk_index)).toEqual([1, 2, 3, 4]);
    expect(chunks.map((c) => c.is_complete)).toEqual([false, false, false, true]);
    expect(chunks[0]?.response_suggestions).toEqual([]);
    expect(chunks.at(-1)?.response_suggestions).toEqual([{ message_text: "Fine" }]);
    expect(outcome).toMatchObject({ status: "completed", text: "Hello there, how are you today?" });
  });

  it("streams in the session's space layout: chunk texts joined with one space give the text", async () => {
    const h = harnessWith(
      async function* () {
        for (const piece of ["Hel", "lo the", "re, how are ", "you", " to", "day?"]) {
          yield { type: "text", text: piece };
        }
      },
      { history: { unit: "characters", limit: 1000 } },
      { chunkLayout: "space" },
    );
    await h.userSays("hi");
    const texts = chunkPayloads(h.frames).map((c) => String(c.text));
    expect(texts).toEqual(["Hello", "there, how", "are you", "today?"]);
    expect(joinChunkTexts(texts, "space")).toBe("Hello there, how are you today?");
    // The history rebuilds the message the way the session's clients do.
    const reader = scriptedAgent(async function* () {}, {
      history: { unit: "characters", limit: 1000 },
    });
    const lookup = await h.engine.agentFor(h.session);
    const view = await h.engine.view(h.session, reader, null, lookup);
    expect(view.history.map((m) => m.text)).toEqual(["hi", "Hello there, how are you today?"]);
  });

  it("sends one POLY_AGENT_MESSAGE in a session that does not stream", async () => {
    const h = harnessWith(
      async function* () {
        yield { type: "text", text: "One " };
        yield { type: "text", text: "message." };
      },
      {},
      { streaming: false },
    );
    await h.userSays("hi");
    const messages = h.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE");
    expect(messages.map((m) => m.payload.text)).toEqual(["One message."]);
    expect(h.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")).toEqual([]);
  });

  it("puts an end action that comes after the text on the final chunk, then ends the session", async () => {
    const h = harnessWith(async function* () {
      yield { type: "text", text: "Goodbye and thanks!" };
      yield { type: "action", action: { type: "end" } };
    });
    const outcome = await h.userSays("bye");
    expect(chunkPayloads(h.frames).at(-1)).toMatchObject({
      is_complete: true,
      end_conversation: true,
    });
    expect(h.frames.at(-1)?.type).toBe("EVENT_TYPE_SESSION_END");
    expect(outcome).toMatchObject({ status: "completed", endConversation: true });
  });

  it("applies a language action that arrives mid-message after that message closes", async () => {
    const h = harnessWith(async function* () {
      yield { type: "text", text: "Switching now." };
      yield { type: "action", action: { type: "language", language_code: "fr" } };
      yield { type: "message_end" };
      yield { type: "text", text: "Bonjour !" };
    });
    const outcome = await h.userSays("français ?");
    const types = h.frames.map((f) => f.type).filter((t) => t !== "EVENT_TYPE_POLY_AGENT_THINKING");
    const changed = types.indexOf("EVENT_TYPE_LANGUAGE_CHANGED");
    const chunks = chunkPayloads(h.frames);
    expect(new Set(chunks.map((c) => c.message_id)).size).toBe(2);
    // After the first message's final chunk, before the second message.
    expect(types.slice(0, changed).filter((t) => t.endsWith("_CHUNK"))).toHaveLength(2);
    expect(h.session.record.language).toBe("fr");
    expect(outcome.messages.map((m) => m.text)).toEqual(["Switching now.", "Bonjour !"]);
    expect(outcome.text).toBe("Switching now.\n\nBonjour !");
  });

  it("reports a handoff with its destination and reason in the outcome", async () => {
    const h = harnessWith(async function* () {
      yield { type: "text", text: "Connecting you." };
      yield { type: "action", action: { type: "handoff", queue: "billing", reason: "refund" } };
    });
    const outcome = await h.userSays("refund please");
    expect(outcome.handoff).toEqual({ destination: "billing", reason: "refund" });
    expect(h.handoffs).toEqual([{ type: "handoff", queue: "billing", reason: "refund" }]);
  });
});

describe("turn engine: failures are values", () => {
  it("ends a turn past its deadline with a final chunk and the agent error", async () => {
    const h = harnessWith(
      async function* (c, h) {
        yield { type: "text", text: "Let me think about " };
        await waitOn(h.clock, 60_000, c.signal); // an upstream that hangs
        yield { type: "text", text: "never sent" };
      },
      { deadlineMs: 5000 },
    );
    const outcome = h.userSays("hard question");
    await h.clock.advance(5000);
    const result = await outcome;
    expect(result).toMatchObject({ status: "timed_out", error: "agent_reply_failed" });
    const chunks = chunkPayloads(h.frames);
    expect(chunks.at(-1)?.is_complete).toBe(true);
    expect(chunks.map((c) => c.text).join("")).toBe("Let me think about ");
    expect(h.frames.at(-1)).toMatchObject({
      type: "EVENT_TYPE_SYSTEM_MESSAGE",
      payload: { level: "SYSTEM_MESSAGE_LEVEL_ERROR", message: REPLY_FAILED },
    });
  });

  it("stops reading an agent that ignores its signal", async () => {
    const h = harnessWith(
      async function* () {
        await new Promise(() => undefined); // never settles, never looks at the signal
        yield { type: "text", text: "unreachable" };
      },
      { deadlineMs: 1000 },
    );
    const outcome = h.userSays("hello?");
    await h.clock.advance(1000);
    expect((await outcome).status).toBe("timed_out");
  });

  it("closes a stream that breaks off and says so", async () => {
    const h = harnessWith(async function* () {
      yield { type: "text", text: "Partial answer " };
      throw new Error("upstream went away");
    });
    const outcome = await h.userSays("hi");
    expect(outcome).toMatchObject({ status: "failed", error: "stream_broken" });
    expect(chunkPayloads(h.frames).at(-1)?.is_complete).toBe(true);
    expect(h.frames.at(-1)?.payload.message).toBe(STREAM_BROKEN);
  });

  it("tells the user when the agent is unavailable, without a message", async () => {
    const h = harnessWith(async function* () {
      yield { type: "failure", kind: "unavailable", detail: "HTTP 503" };
    });
    const outcome = await h.userSays("hi");
    expect(outcome).toMatchObject({ status: "failed", error: "agent_reply_failed", text: "" });
    expect(h.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE_CHUNK")).toEqual([]);
    expect(h.frames.at(-1)?.payload.message).toBe(REPLY_FAILED);
  });

  it("uses the start-failure text when a greeting fails", async () => {
    const h = harnessWith(async function* () {
      yield { type: "failure", kind: "unavailable" };
    });
    const outcome = await h.request({
      key: "joined-1",
      trigger: { type: "join" },
      answering: null,
    });
    expect(outcome.error).toBe("agent_start_failed");
    expect(h.frames.at(-1)?.payload.message).toBe(
      "Sorry, I'm unable to start a conversation right now. Please try again later.",
    );
  });
});

describe("turn engine: stopping turns", () => {
  function hanging() {
    const seen: AbortSignal[] = [];
    const h = harnessWith(async function* (c, h) {
      seen.push(c.signal);
      yield { type: "text", text: "Working on " };
      await waitOn(h.clock, 60_000, c.signal);
    });
    return { h, seen };
  }

  it("aborts the turn and its upstream when the user ends the session", async () => {
    const { h, seen } = hanging();
    const outcome = h.userSays("hi");
    await h.clock.advance(100);
    await h.session.append(
      [{ type: "EVENT_TYPE_SESSION_END", payload: { reason: "REASON_USER_END" } }],
      { state: "ended", endReason: "REASON_USER_END" },
    );
    expect((await outcome).status).toBe("stopped");
    expect(seen[0]?.reason).toBe("ended");
    expect(h.frames.at(-1)?.type).toBe("EVENT_TYPE_SESSION_END");
  });

  it("aborts the turn when a handoff takes the session away from the AI agent", async () => {
    const { h, seen } = hanging();
    const outcome = h.userSays("hi");
    await h.clock.advance(100);
    await h.session.append([], { agentStatus: "live" });
    expect((await outcome).status).toBe("stopped");
    expect(seen[0]?.reason).toBe("handoff");
    // The begun message got its end.
    expect(chunkPayloads(h.frames).at(-1)?.is_complete).toBe(true);
  });

  it("aborts the turn when the session is erased", async () => {
    const { h, seen } = hanging();
    const outcome = h.userSays("hi");
    await h.clock.advance(100);
    h.session.stopTurns("erased");
    expect((await outcome).status).toBe("stopped");
    expect(seen[0]?.reason).toBe("erased");
  });
});

describe("turn engine: messages during a turn", () => {
  function echoAgent(interrupt: boolean) {
    const histories: string[][] = [];
    const h = harnessWith(
      async function* (c, h) {
        histories.push(c.history.map((m) => `${m.role}:${m.text}`));
        const text = c.trigger.type === "message" ? c.trigger.text : "";
        yield { type: "text", text: `About ${text}: ` };
        await waitOn(h.clock, 1000, c.signal);
        yield { type: "text", text: "done." };
      },
      { interrupt, history: { unit: "characters", limit: 10_000 } },
    );
    return { h, histories };
  }

  it("queues a message that arrives while a turn runs (default)", async () => {
    const { h, histories } = echoAgent(false);
    const first = h.userSays("one");
    await h.clock.advance(100);
    const second = h.userSays("two");
    await h.clock.advance(3000);
    expect((await first).text).toBe("About one: done.");
    expect((await second).text).toBe("About two: done.");
    expect(histories[1]).toEqual(["user:one", "ai_agent:About one: done.", "user:two"]);
  });

  it("interrupts the running reply when the agent says interrupt: true; the new turn sees both", async () => {
    const { h, histories } = echoAgent(true);
    const first = h.userSays("one");
    await h.clock.advance(100);
    const second = h.userSays("two");
    await h.clock.advance(3000);
    const interrupted = await first;
    expect(interrupted).toMatchObject({ status: "interrupted", text: "About one: " });
    expect((await second).text).toBe("About two: done.");
    const firstId = interrupted.messages[0]?.messageId;
    const firstChunks = chunkPayloads(h.frames).filter((c) => c.message_id === firstId);
    expect(firstChunks.at(-1)?.is_complete).toBe(true);
    expect(histories[1]).toEqual(["user:one", "ai_agent:About one: ", "user:two"]);
  });

  it("answers a key once, however often it is requested", async () => {
    let turns = 0;
    const h = harnessWith(async function* () {
      turns += 1;
      yield { type: "text", text: "Only once." };
    });
    const trigger = { type: "message", text: "hi", messageId: "m1" } as const;
    const a = h.request({ key: "event-1", trigger, answering: null });
    const b = h.request({ key: "event-1", trigger, answering: null });
    expect(await a).toBe(await b);
    expect(turns).toBe(1);
    await settle();
    // Another runner (process) that claimed the key first wins: this one does nothing.
    await h.claims.claim("s1", "event-2", Date.now(), 60_000);
    expect((await h.request({ key: "event-2", trigger, answering: null })).status).toBe(
      "duplicate",
    );
    expect(turns).toBe(1);
  });
});
