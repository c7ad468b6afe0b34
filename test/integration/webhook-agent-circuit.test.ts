// One webhook agent on a fake clock against a real bot server: the circuit's cooldown and recovery,
// answers it cannot use, a secret missing from the environment, and a 202 never followed up.
import { beforeEach, describe, expect, it } from "vitest";
import { createAgentFactory } from "../../src/agents/index.js";
import type { Agent, AgentPart } from "../../src/core/index.js";
import { collectParts, turnContext } from "../support/agent-turns.js";
import { FakeClock } from "../support/fake-clock.js";
import { closeAfterEach } from "../support/teardown.js";
import { scriptedAgent, turnHarness } from "../support/turn-harness.js";
import { json, WebhookBackend, webhookDefinition } from "../support/webhook-backend.js";

const track = closeAfterEach();
let bot: WebhookBackend;
let clock: FakeClock;
let warnings: string[];

beforeEach(async () => {
  clock = new FakeClock();
  bot = track(await WebhookBackend.start(undefined, clock.now));
  warnings = [];
});

function agentWith(extra: Record<string, unknown>, env: Record<string, string> = {}): Agent {
  const factory = createAgentFactory({
    clock,
    env,
    warn: (_fields, message) => warnings.push(message),
  });
  return factory.create(webhookDefinition(bot, extra));
}

function ask(agent: Agent, text: string, key = `k-${text}`): Promise<AgentPart[]> {
  const trigger = { type: "message", text, messageId: `m-${text}` } as const;
  return collectParts(agent, turnContext(trigger, { key, deadline: clock.now() + 30_000 }));
}

const fallback = { message: { text: "Back soon." } };
const said = (parts: AgentPart[]) =>
  parts.flatMap((p) =>
    p.type === "text" ? [p.text] : p.type === "failure" ? [`(${p.kind})`] : [],
  );

describe("webhook agent circuit", () => {
  it("stays open for the cooldown, then one trial that succeeds closes it", async () => {
    bot.handler = (_request, res) => json(res, 503, {});
    const agent = agentWith({
      retries: 0,
      circuit_breaker: { failures: 1, cooldown_ms: 5000 },
      fallback,
    });
    expect(said(await ask(agent, "one"))).toEqual(["Back soon."]);
    await clock.advance(4999);
    expect(said(await ask(agent, "two"))).toEqual(["Back soon."]);
    expect(bot.requests).toHaveLength(1);
    bot.handler = (_request, res) => json(res, 200, { messages: [{ text: "I'm back" }] });
    await clock.advance(1);
    expect(said(await ask(agent, "three"))).toEqual(["I'm back"]);
    expect(said(await ask(agent, "four"))).toEqual(["I'm back"]);
    expect(bot.requests.map((r) => r.event.message.text)).toEqual(["one", "three", "four"]);
    expect(warnings).toEqual(["webhook bot failed: HTTP 503", "webhook bot failed: circuit open"]);
  });

  it("treats an answer it cannot read as a failure: the fallback, and the fields in the log", async () => {
    bot.handler = (_request, res) => json(res, 200, { messages: [{ txt: "typo" }] });
    const agent = agentWith({ fallback });
    expect(said(await ask(agent, "hi"))).toEqual(["Back soon."]);
    expect(warnings[0]).toContain("invalid answer: messages[0].txt: unknown field");
    bot.handler = (_request, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<h1>hello</h1>");
    };
    expect(said(await ask(agent, "again"))).toEqual(["Back soon."]);
    expect(warnings[1]).toBe(
      "webhook bot failed: answer has Content-Type text/html, not JSON or NDJSON",
    );
  });

  it("sends nothing unsigned when secret_env names an unset variable", async () => {
    const agent = agentWith({ secret: undefined, secret_env: "MISSING_SECRET" });
    expect(said(await ask(agent, "hi"))).toEqual(["(unavailable)"]);
    expect(bot.requests).toEqual([]);
    expect(warnings).toEqual([
      "webhook bot failed: environment variable MISSING_SECRET is not set",
    ]);
    const fromEnv = agentWith(
      { secret: undefined, secret_env: "BOT_SECRET" },
      { BOT_SECRET: "bot-signing-secret-0123456789abcdef" },
    );
    bot.handler = (_request, res) => json(res, 200, { messages: [{ text: "signed" }] });
    expect(said(await ask(fromEnv, "hi"))).toEqual(["signed"]);
    expect(bot.requests[0]?.signed).toBe(true);
  });

  it("tells the bot why the agent is back after a handoff, and never hands off again from the fallback", async () => {
    bot.handler = (_request, res) => json(res, 500, {});
    const agent = agentWith({
      retries: 0,
      fallback: { message: { text: "Back soon." }, handoff: { queue: "support" } },
    });
    const context = turnContext(
      { type: "rejoin", after: "timed_out" },
      { deadline: clock.now() + 30_000 },
    );
    const parts = await collectParts(agent, context);
    expect(parts.some((p) => p.type === "action")).toBe(false);
    expect(said(parts)).toEqual(["Back soon."]);
    expect(bot.requests[0]?.event).toMatchObject({
      type: "rejoin",
      handoff: { outcome: "timed_out" },
    });
    const first = await ask(agent, "help");
    expect(first.at(-1)).toEqual({ type: "action", action: { type: "handoff", queue: "support" } });
  });
});

describe("webhook agent deadline", () => {
  it("ends a turn whose bot answered 202 and never replied, with the spec's text", async () => {
    bot.handler = (_request, res) => json(res, 202, {});
    let real: Agent | undefined;
    const policy = { deadlineMs: 5000 };
    const h = turnHarness(
      scriptedAgent((context) => (real as Agent).turn(context), policy),
      { streaming: false },
    );
    real = createAgentFactory({ clock: h.clock, env: {}, warn() {} }).create(
      webhookDefinition(bot, { deadline_ms: 5000 }),
    );
    const outcome = h.userSays("anyone there?");
    await bot.waitForRequests(1);
    await h.clock.advance(5000);
    expect(await outcome).toMatchObject({ status: "timed_out", error: "agent_reply_failed" });
    expect(h.ofType("EVENT_TYPE_SYSTEM_MESSAGE").map((f) => f.payload.message)).toEqual([
      "Sorry, I'm having trouble responding right now. Please try again.",
    ]);
  });
});
