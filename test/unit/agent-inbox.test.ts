import { describe, expect, it } from "vitest";
import type { AgentContext, AgentPart } from "../../src/core/index.js";
import { settle } from "../support/fake-clock.js";
import { scriptedAgent, turnHarness, waitOn } from "../support/turn-harness.js";

const REPLY_FAILED = "Sorry, I'm having trouble responding right now. Please try again.";

/** An agent that answers every turn later: whatever is pushed for it. */
function awaitingHarness(options: { deadlineMs?: number } = {}) {
  const agent = scriptedAgent(
    (context: AgentContext) => context.pushedReply(),
    options.deadlineMs ? { deadlineMs: options.deadlineMs } : {},
  );
  return turnHarness(agent, { streaming: false });
}

const text = (value: string): AgentPart[] => [
  { type: "text", text: value },
  { type: "message_end" },
];

function messages(h: ReturnType<typeof turnHarness>): unknown[] {
  return h.ofType("EVENT_TYPE_POLY_AGENT_MESSAGE").map((f) => f.payload.text);
}

describe("pushed agent output", () => {
  it("joins the turn awaiting it; THINKING goes on until it comes", async () => {
    const h = awaitingHarness();
    const outcome = h.userSays("hi");
    await h.clock.advance(9000);
    expect(h.ofType("EVENT_TYPE_POLY_AGENT_THINKING")).toHaveLength(2);
    const key = h.session.running?.key as string;
    const pushed = h.engine.push(h.session, text("Later answer."), {
      replyTo: key,
      complete: true,
    });
    expect(pushed).toMatchObject({ ok: true, key });
    const done = await outcome;
    expect(done).toMatchObject({ status: "completed", text: "Later answer.", key });
    expect(pushed.ok && (await pushed.outcome)).toBe(done);
    expect(messages(h)).toEqual(["Later answer."]);
  });

  it("reaches a turn that has not asked for it yet, when it names the running turn", async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const agent = scriptedAgent(async function* (context) {
      await gate; // the backend's 202 is still on its way
      yield* context.pushedReply();
    });
    const h = turnHarness(agent, { streaming: false });
    const outcome = h.userSays("hi");
    await settle();
    const key = h.session.running?.key as string;
    h.engine.push(h.session, text("First."), { replyTo: key, complete: false });
    h.engine.push(h.session, text("Second."), { replyTo: key, complete: true });
    release();
    expect(await outcome).toMatchObject({ status: "completed", text: "First.\n\nSecond." });
  });

  it("without a reply_to goes to the awaiting turn, and several pushes build one answer", async () => {
    const h = awaitingHarness();
    const outcome = h.userSays("hi");
    await settle();
    const first = h.engine.push(h.session, text("One."), { complete: false });
    expect(first).toMatchObject({ ok: true, outcome: null });
    h.engine.push(h.session, [{ type: "action", action: { type: "end" } }], { complete: true });
    const done = await outcome;
    expect(done).toMatchObject({ status: "completed", text: "One.", endConversation: true });
  });

  it("for a turn that answered by itself is delivered on its own afterwards", async () => {
    const agent = scriptedAgent(async function* (context) {
      await waitOn(h.clock, 1000, context.signal);
      yield { type: "text", text: "Inline answer." };
    });
    const h = turnHarness(agent, { streaming: false });
    const outcome = h.userSays("hi");
    await settle();
    const key = h.session.running?.key as string;
    h.engine.push(h.session, text("Pushed as well."), { replyTo: key, complete: true });
    await h.clock.advance(1000);
    expect((await outcome).text).toBe("Inline answer.");
    await settle();
    expect(messages(h)).toEqual(["Inline answer.", "Pushed as well."]);
  });

  it("with no turn awaiting runs as a delivery that later pushes extend until one completes it", async () => {
    const h = awaitingHarness();
    const first = h.engine.push(h.session, [{ type: "text", text: "Part one, " }], {
      complete: false,
    });
    const second = h.engine.push(h.session, [{ type: "text", text: "part two." }], {
      complete: true,
    });
    expect(first.ok && second.ok && first.key === second.key).toBe(true);
    const outcome = second.ok ? await second.outcome : null;
    expect(outcome).toMatchObject({ status: "completed", text: "Part one, part two." });
    const third = h.engine.push(h.session, text("New one."), { complete: true });
    expect(third.ok && third.key).not.toBe(second.ok && second.key);
  });

  it("that names a turn already over is delivered on its own (a late answer)", async () => {
    const h = awaitingHarness({ deadlineMs: 5000 });
    const outcome = h.userSays("hi");
    await settle();
    const key = h.session.running?.key as string;
    await h.clock.advance(5000);
    expect(await outcome).toMatchObject({ status: "timed_out", error: "agent_reply_failed" });
    const system = h.ofType("EVENT_TYPE_SYSTEM_MESSAGE").map((f) => f.payload.message);
    expect(system).toEqual([REPLY_FAILED]);
    const late = h.engine.push(h.session, text("Sorry for the wait."), {
      replyTo: key,
      complete: true,
    });
    expect(late.ok && late.key).not.toBe(key);
    expect(late.ok && (await late.outcome)?.status).toBe("completed");
    expect(messages(h)).toEqual(["Sorry for the wait."]);
  });

  it("is applied once when repeated with the same id", async () => {
    const h = awaitingHarness();
    const first = h.engine.push(h.session, text("Once."), { complete: true, id: "p1" });
    const again = h.engine.push(h.session, text("Once."), { complete: true, id: "p1" });
    expect(again).toBe(first);
    await (first.ok ? first.outcome : null);
    expect(messages(h)).toEqual(["Once."]);
  });

  it("is refused when the AI agent is not in the session, or it ended", async () => {
    const h = awaitingHarness();
    await h.session.append([], { agentStatus: "handoff" });
    expect(h.engine.push(h.session, text("x"), { complete: true })).toEqual({
      ok: false,
      refusal: "agent_not_in_session",
    });
    await h.session.append([], { agentStatus: "ai", state: "ended" });
    expect(h.engine.push(h.session, text("x"), { complete: true })).toEqual({
      ok: false,
      refusal: "session_ended",
    });
  });

  it("stops being awaited when the turn stops: the user ending the session aborts the wait", async () => {
    const h = awaitingHarness();
    const outcome = h.userSays("hi");
    await settle();
    await h.session.append([], { state: "ended" });
    expect((await outcome).status).toBe("stopped");
  });
});
