import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { verifySignature } from "../../src/agents/index.js";
import type { AgentPart } from "../../src/core/index.js";
import { collectParts, turnContext } from "../support/agent-turns.js";
import { FakeClock, until } from "../support/fake-clock.js";
import { type FakeOpenAI, gate, startFakeOpenAI } from "../support/fake-openai.js";
import { buildLlmAgent, llmDefinition, recordingObserver } from "../support/llm-fixtures.js";
import { chunkPayloads, turnHarness } from "../support/turn-harness.js";

let fake: FakeOpenAI;
beforeAll(async () => {
  fake = await startFakeOpenAI();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  fake.aborted = 0;
});

const ask = (text: string) => turnContext({ type: "message", text, messageId: "m1" });
const textOf = (parts: AgentPart[]) =>
  parts.map((p) => (p.type === "text" ? p.text : p.type === "message_end" ? "|" : "")).join("");
const actions = (parts: AgentPart[]) =>
  parts.flatMap((p) => (p.type === "action" ? [p.action] : []));

describe("LLM agent: streaming and tools", () => {
  it("streams the model's deltas, with the key from the environment and usage counted", async () => {
    const { seen, observer } = recordingObserver();
    const agent = buildLlmAgent(llmDefinition(fake.url), new FakeClock(), { observer });
    fake.enqueue({
      kind: "stream",
      text: ["Hel", "lo the", "re!"],
      usage: { prompt: 42, completion: 3 },
    });
    const parts = await collectParts(agent, ask("hi"));
    expect(parts.filter((p) => p.type === "text").map((p) => (p as { text: string }).text)).toEqual(
      ["Hel", "lo the", "re!"],
    );
    const request = fake.requests[0];
    expect(request?.headers.authorization).toBe("Bearer sk-test-secret-0123456789");
    expect(request?.body).toMatchObject({
      model: "fake-model",
      stream: true,
      stream_options: { include_usage: true },
    });
    const messages = request?.body.messages as { role: string; content: string }[];
    expect(messages[0]?.role).toBe("system");
    expect(messages.at(-1)).toEqual({ role: "user", content: "hi" });
    expect(seen.tokens).toEqual([[42, 3]]);
    expect(seen.turns).toEqual(["ok"]);
    expect(seen.firstToken).toHaveLength(1);
  });

  it("sends the key in a gateway's own header with its query parameters (Azure OpenAI style)", async () => {
    const definition = llmDefinition(fake.url, {
      provider: {
        base_url: fake.url,
        model: "gpt-4o",
        api_key_env: "FAKE_OPENAI_KEY",
        api_key_header: "api-key",
        query: { "api-version": "2024-10-21" },
        headers: { "X-Gateway-Team": "support" },
      },
    });
    await collectParts(buildLlmAgent(definition, new FakeClock()), ask("hi"));
    const request = fake.requests[0];
    expect(request?.path).toBe("/v1/chat/completions?api-version=2024-10-21");
    expect(request?.headers["api-key"]).toBe("sk-test-secret-0123456789");
    expect(request?.headers.authorization).toBeUndefined();
    expect(request?.headers["x-gateway-team"]).toBe("support");
  });

  it("assembles tool calls split across events and maps the built-ins to protocol parts", async () => {
    const { seen, observer } = recordingObserver();
    const agent = buildLlmAgent(llmDefinition(fake.url), new FakeClock(), { observer });
    fake.enqueue({
      kind: "stream",
      text: "Here is our map. ",
      toolCalls: [
        { name: "send_attachment", arguments: '{"url":"https://example.com/map","title":"Map"}' },
        { name: "suggest_replies", arguments: '{"replies":["Thanks","More"]}' },
        { name: "set_language", arguments: '{"language_code":"fr"}' },
        { name: "handoff", arguments: '{"reason":"wants a person"}' },
      ],
    });
    const parts = await collectParts(agent, ask("map and a person please"));
    expect(parts).toContainEqual({
      type: "attachment",
      attachment: {
        content_url: "https://example.com/map",
        content_type: "ATTACHMENT_CONTENT_TYPE_URL",
        title: "Map",
      },
    });
    expect(parts).toContainEqual({
      type: "suggestions",
      suggestions: [{ message_text: "Thanks" }, { message_text: "More" }],
    });
    expect(actions(parts)).toEqual([
      { type: "language", language_code: "fr" },
      { type: "handoff", reason: "wants a person" },
    ]);
    // Handoff ends the turn: the model is not asked again.
    expect(fake.requests).toHaveLength(1);
    expect(seen.tools).toEqual([
      "send_attachment:ok",
      "suggest_replies:ok",
      "set_language:ok",
      "handoff:ok",
    ]);
  });

  it("ends the conversation when the model calls end_conversation", async () => {
    const agent = buildLlmAgent(llmDefinition(fake.url), new FakeClock());
    fake.enqueue({
      kind: "stream",
      text: "Goodbye!",
      toolCalls: [{ name: "end_conversation", arguments: "{}" }],
    });
    expect(actions(await collectParts(agent, ask("bye")))).toEqual([{ type: "end" }]);
  });

  it("feeds an invalid built-in call's error back to the model, which corrects itself", async () => {
    const agent = buildLlmAgent(llmDefinition(fake.url), new FakeClock());
    fake.enqueue(
      { kind: "stream", toolCalls: [{ name: "set_language", arguments: '{"language_code":42}' }] },
      {
        kind: "stream",
        toolCalls: [{ name: "set_language", arguments: '{"language_code":"de"}' }],
      },
      { kind: "stream", text: "Hallo!" },
    );
    const parts = await collectParts(agent, ask("Deutsch bitte"));
    expect(actions(parts)).toEqual([{ type: "language", language_code: "de" }]);
    expect(textOf(parts)).toBe("Hallo!");
    const second = fake.requests[1]?.body.messages as { role: string; content: string }[];
    expect(second.at(-1)?.role).toBe("tool");
    expect(second.at(-1)?.content).toMatch(/invalid arguments/);
  });
});

describe("LLM agent: custom HTTP tools", () => {
  const secret = "tool-signing-secret-123";
  let toolUrl = "";
  const calls: { body: string; signature: string | undefined; idempotency: string | undefined }[] =
    [];
  const shipped = () => ({ status: 200, body: '{"status":"shipped","eta":"Tuesday"}' });
  let toolReply: (body: Record<string, unknown>) => { status: number; body: string } = shipped;
  let server: ReturnType<typeof createServer>;
  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = "";
      request.on("data", (d) => {
        body += d;
      });
      request.on("end", () => {
        calls.push({
          body,
          signature: request.headers["x-switchboard-signature"] as string | undefined,
          idempotency: request.headers["idempotency-key"] as string | undefined,
        });
        const reply = toolReply(JSON.parse(body) as Record<string, unknown>);
        // Status 0: a tool that never answers.
        if (reply.status === 0) return;
        response.writeHead(reply.status, { "Content-Type": "application/json" }).end(reply.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    toolUrl = `http://localhost:${(server.address() as AddressInfo).port}/tools/order`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    calls.length = 0;
    toolReply = shipped;
  });

  const withTool = (extra: Record<string, unknown> = {}) =>
    llmDefinition(fake.url, {
      http_tools: [
        {
          name: "order_status",
          description: "Looks up an order by its number.",
          parameters: {
            type: "object",
            properties: { order: { type: "string", pattern: "^[0-9]{6}$" } },
            required: ["order"],
            additionalProperties: false,
          },
          url: toolUrl,
          secret_env: "TOOL_SECRET",
          timeout_seconds: 5,
        },
      ],
      ...extra,
    });
  const env = { FAKE_OPENAI_KEY: "sk-test", TOOL_SECRET: secret };

  it("calls the company's endpoint with a signed request and feeds the JSON result back", async () => {
    const { seen, observer } = recordingObserver();
    const agent = buildLlmAgent(withTool(), new FakeClock(), { env, observer });
    fake.enqueue(
      {
        kind: "stream",
        toolCalls: [{ name: "order_status", arguments: '{"order":"123456"}', id: "call_a" }],
      },
      { kind: "stream", text: "Your order ships Tuesday." },
    );
    const parts = await collectParts(agent, ask("where is order 123456?"));
    expect(textOf(parts)).toBe("Your order ships Tuesday.");
    expect(calls).toHaveLength(1);
    const call = calls[0] as (typeof calls)[number];
    expect(verifySignature(secret, call.body, call.signature, Date.now())).toBe(true);
    expect(verifySignature("wrong", call.body, call.signature, Date.now())).toBe(false);
    expect(JSON.parse(call.body)).toMatchObject({
      tool: "order_status",
      arguments: { order: "123456" },
      session_id: "s1",
    });
    expect(call.idempotency).toBe("k1:call_a");
    const second = fake.requests[1]?.body.messages as {
      role: string;
      content: string;
      tool_call_id?: string;
    }[];
    expect(second.at(-1)).toEqual({
      role: "tool",
      tool_call_id: "call_a",
      content: '{"status":"shipped","eta":"Tuesday"}',
    });
    expect(seen.tools).toEqual(["order_status:ok"]);
  });

  it("validates arguments against the schema before any call", async () => {
    const { seen, observer } = recordingObserver();
    const agent = buildLlmAgent(withTool(), new FakeClock(), { env, observer });
    fake.enqueue(
      { kind: "stream", toolCalls: [{ name: "order_status", arguments: '{"order":"12"}' }] },
      { kind: "stream", text: "Which order number?" },
    );
    await collectParts(agent, ask("where is my order?"));
    expect(calls).toHaveLength(0);
    const second = fake.requests[1]?.body.messages as { role: string; content: string }[];
    expect(second.at(-1)?.content).toMatch(/invalid arguments.*pattern/);
    expect(seen.tools).toEqual(["order_status:invalid_arguments"]);
  });

  it("refuses a tool answer larger than 1 MiB without reading it all", async () => {
    toolReply = () => ({ status: 200, body: JSON.stringify({ blob: "x".repeat(1_100_000) }) });
    const { seen, observer } = recordingObserver();
    const agent = buildLlmAgent(withTool(), new FakeClock(), { env, observer });
    fake.enqueue(
      { kind: "stream", toolCalls: [{ name: "order_status", arguments: '{"order":"123456"}' }] },
      { kind: "stream", text: "That did not work." },
    );
    await collectParts(agent, ask("order 123456?"));
    const second = fake.requests[1]?.body.messages as { content: string }[] | undefined;
    expect(second?.at(-1)?.content).toBe(`{"error":"the tool's answer is too large"}`);
    expect(seen.tools).toEqual(["order_status:error"]);
  });

  it("gives up on a tool that does not answer within its timeout, on the clock", async () => {
    toolReply = () => ({ status: 0, body: "" });
    const clock = new FakeClock();
    const { seen, observer } = recordingObserver();
    const agent = buildLlmAgent(withTool(), clock, { env, observer });
    fake.enqueue(
      { kind: "stream", toolCalls: [{ name: "order_status", arguments: '{"order":"123456"}' }] },
      { kind: "stream", text: "The order system is slow today." },
    );
    const parts = collectParts(agent, ask("order 123456?"));
    await until(() => calls.length === 1, "the tool call");
    await clock.advance(5000);
    expect(textOf(await parts)).toBe("The order system is slow today.");
    const second = fake.requests[1]?.body.messages as { content: string }[] | undefined;
    expect(second?.at(-1)?.content).toBe('{"error":"the tool did not answer in time"}');
    expect(seen.tools).toEqual(["order_status:timeout"]);
  });

  it("gives the model an error result for a failing tool, and stops offering tools after max_tool_rounds", async () => {
    toolReply = () => ({ status: 502, body: "{}" });
    const agent = buildLlmAgent(withTool({ max_tool_rounds: 1 }), new FakeClock(), { env });
    fake.enqueue(
      { kind: "stream", toolCalls: [{ name: "order_status", arguments: '{"order":"123456"}' }] },
      { kind: "stream", text: "The order system is down." },
    );
    await collectParts(agent, ask("order 123456?"));
    const second = fake.requests[1];
    expect((second?.body.messages as { content: string }[] | undefined)?.at(-1)?.content).toBe(
      '{"error":"HTTP 502"}',
    );
    expect(second?.body.tools).toBeUndefined();
  });
});

describe("LLM agent: upstream failures", () => {
  it("retries a 429 with backoff on the clock, then answers", async () => {
    const clock = new FakeClock();
    const { seen, observer } = recordingObserver();
    const agent = buildLlmAgent(llmDefinition(fake.url), clock, { observer });
    fake.enqueue(
      { kind: "status", status: 429, retryAfter: "2" },
      { kind: "stream", text: "Back again." },
    );
    const parts = collectParts(agent, ask("hi"));
    await until(() => clock.pending > 0, "the backoff");
    expect(fake.requests).toHaveLength(1);
    await clock.advance(2000);
    expect(textOf(await parts)).toBe("Back again.");
    expect(fake.requests).toHaveLength(2);
    expect(seen.errors).toEqual(["rate_limited"]);
  });

  it("moves to the fallback endpoint when the primary keeps failing", async () => {
    const clock = new FakeClock();
    const definition = llmDefinition(fake.url, {
      provider: {
        base_url: `${fake.url}/../broken/v1`,
        model: "primary",
        api_key_env: "FAKE_OPENAI_KEY",
        max_retries: 0,
      },
      fallbacks: [{ base_url: fake.url, model: "backup", api_key_env: "FAKE_OPENAI_KEY" }],
    });
    const agent = buildLlmAgent(definition, clock);
    const parts = await collectParts(agent, ask("hi"));
    expect(textOf(parts)).toBe("Hello from the fake model.");
    expect(fake.requests.map((r) => r.body.model)).toEqual(["primary", "backup"]);
  });

  it("gives up with an unavailable failure when every attempt fails, never naming the key", async () => {
    const clock = new FakeClock();
    const agent = buildLlmAgent(
      llmDefinition(fake.url, {
        provider: {
          base_url: fake.url,
          model: "m",
          api_key_env: "FAKE_OPENAI_KEY",
          max_retries: 1,
        },
      }),
      clock,
    );
    fake.enqueue({ kind: "status", status: 500 }, { kind: "status", status: 503 });
    const parts = collectParts(agent, ask("hi"));
    await until(() => clock.pending > 0, "the backoff");
    await clock.advance(5000);
    const failure = (await parts).at(-1);
    expect(failure).toMatchObject({ type: "failure", kind: "unavailable", detail: "server_error" });
    expect(JSON.stringify(failure)).not.toContain("sk-test");
  });

  it("fails without a request when the key's environment variable is not set", async () => {
    const agent = buildLlmAgent(llmDefinition(fake.url), new FakeClock(), { env: {} });
    expect((await collectParts(agent, ask("hi"))).at(-1)).toMatchObject({
      type: "failure",
      detail: "no_api_key",
    });
    expect(fake.requests).toHaveLength(0);
  });

  it("reports a stream cut mid-way as a broken stream after the text it got", async () => {
    const { seen, observer } = recordingObserver();
    const agent = buildLlmAgent(llmDefinition(fake.url), new FakeClock(), { observer });
    fake.enqueue({ kind: "stream", text: "This answer will be cut short", cutAfter: 3 });
    const parts = await collectParts(agent, ask("hi"));
    expect(textOf(parts)).toBe("This answer ");
    expect(parts.at(-1)).toMatchObject({ type: "failure", kind: "broken_stream" });
    expect(seen.errors).toContain("stream_cut");
  });

  it("answers a content-filter refusal with the definition's text", async () => {
    const agent = buildLlmAgent(
      llmDefinition(fake.url, { refusal_text: "I can't discuss that." }),
      new FakeClock(),
    );
    fake.enqueue({ kind: "stream", text: "", finishReason: "content_filter" });
    expect(textOf(await collectParts(agent, ask("something bad")))).toBe("I can't discuss that.");
  });
});

describe("LLM agent: in a session", () => {
  it("keeps THINKING going while the first token is slower than the interval", async () => {
    const clock = new FakeClock();
    const agent = buildLlmAgent(llmDefinition(fake.url), clock);
    const h = turnHarness(agent, { clock, thinkingIntervalMs: 8000 });
    const slow = gate();
    fake.enqueue({ kind: "stream", text: "Sorry for the wait.", gate: slow.promise });
    const outcome = h.userSays("hi");
    await until(() => fake.requests.length === 1, "the request");
    await clock.advance(17_000);
    expect(h.ofType("EVENT_TYPE_POLY_AGENT_THINKING")).toHaveLength(3);
    slow.open();
    expect(await outcome).toMatchObject({ status: "completed", text: "Sorry for the wait." });
    expect(h.ofType("EVENT_TYPE_POLY_AGENT_THINKING")).toHaveLength(3);
  });

  it("ends a turn whose upstream hangs past the deadline, and aborts the upstream request", async () => {
    const clock = new FakeClock();
    const agent = buildLlmAgent(llmDefinition(fake.url, { deadline_seconds: 10 }), clock);
    const h = turnHarness(agent, { clock });
    fake.enqueue({ kind: "hang" });
    const outcome = h.userSays("hi");
    await until(() => fake.requests.length === 1, "the request");
    await clock.advance(10_000);
    expect(await outcome).toMatchObject({ status: "timed_out", error: "agent_reply_failed" });
    await until(() => fake.aborted === 1, "the upstream request to be aborted");
  });

  it("closes the message and says so when the stream is cut mid-way", async () => {
    const clock = new FakeClock();
    const agent = buildLlmAgent(llmDefinition(fake.url), clock);
    const h = turnHarness(agent, { clock });
    fake.enqueue({ kind: "stream", text: "Half of an answer that breaks", cutAfter: 4 });
    expect(await h.userSays("hi")).toMatchObject({ status: "failed", error: "stream_broken" });
    expect(chunkPayloads(h.frames).at(-1)).toMatchObject({ is_complete: true });
    expect(h.frames.at(-1)?.payload.message).toBe(
      "Sorry, I encountered an error. Please try again.",
    );
  });
});

describe("LLM agent: knowledge", () => {
  it("puts the best passages in the prompt and attaches the cited ones' sources", async () => {
    const agent = buildLlmAgent(
      llmDefinition(fake.url, {
        knowledge: {
          documents: [
            {
              title: "Returns",
              text: "Items can be returned within 30 days.",
              url: "https://example.com/returns",
            },
            {
              title: "Shipping",
              text: "Parcels ship in two days.",
              url: "https://example.com/shipping",
            },
          ],
        },
      }),
      new FakeClock(),
    );
    fake.enqueue({ kind: "stream", text: "You have 30 days [1]." });
    const parts = await collectParts(agent, ask("How long can items be returned?"));
    const system = (fake.requests[0]?.body.messages as { content: string }[] | undefined)?.[0]
      ?.content;
    expect(system).toContain("[1] Returns\nItems can be returned within 30 days.");
    expect(parts.filter((p) => p.type === "attachment")).toEqual([
      {
        type: "attachment",
        attachment: {
          title: "Returns",
          content_url: "https://example.com/returns",
          content_type: "ATTACHMENT_CONTENT_TYPE_URL",
          call_to_action_text: "Open source",
        },
      },
    ]);
  });
});

describe("LLM agent: guardrails", () => {
  it("hands off once max_turns user messages were answered", async () => {
    const agent = buildLlmAgent(
      llmDefinition(fake.url, { guardrails: { max_turns: 1, max_turns_text: "Passing you on." } }),
      new FakeClock(),
    );
    const context = ask("one");
    await collectParts(agent, context);
    const second = await collectParts(agent, { ...ask("two"), memory: context.memory });
    expect(textOf(second)).toBe("Passing you on.");
    expect(actions(second)).toEqual([{ type: "handoff", reason: "turn limit" }]);
    expect(fake.requests).toHaveLength(1);
  });

  it("offers a person after unanswerable turns, and the button hands off without the model", async () => {
    const agent = buildLlmAgent(
      llmDefinition(fake.url, { guardrails: { offer_handoff_after: 2 } }),
      new FakeClock(),
    );
    const unanswerable = () =>
      fake.enqueue({
        kind: "stream",
        text: "I don't know.",
        toolCalls: [{ name: "mark_unanswerable", arguments: "{}" }],
      });
    const context = ask("q1");
    unanswerable();
    expect(textOf(await collectParts(agent, context))).toBe("I don't know.");
    unanswerable();
    const second = await collectParts(agent, { ...ask("q2"), memory: context.memory });
    expect(second).toContainEqual({
      type: "suggestions",
      suggestions: [{ message_text: "Talk to a person" }],
    });
    const accepted = await collectParts(agent, {
      ...ask("Talk to a person"),
      memory: context.memory,
    });
    expect(actions(accepted)).toMatchObject([{ type: "handoff" }]);
    expect(fake.requests).toHaveLength(2);
  });
});
