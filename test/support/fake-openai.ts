// A local OpenAI-compatible Chat Completions server for tests: real HTTP on an ephemeral port,
// SSE streaming like the real API, and scripted misbehaviour (429, 500, cuts, hangs, slow starts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One tool call the fake model makes; its arguments are split across several events. */
export interface FakeToolCall {
  name: string;
  arguments: string;
  id?: string;
}

/** How the fake answers one request. */
export type FakeReply =
  | {
      kind: "stream";
      /** Text deltas (a string is split into words). */
      text?: string | string[];
      toolCalls?: FakeToolCall[];
      finishReason?: string;
      usage?: { prompt: number; completion: number };
      /** Resolves when the first token may go out (a slow model). */
      gate?: Promise<void>;
      /** Real milliseconds before the first token, like a model thinking (benchmarks only). */
      firstTokenDelayMs?: number;
      /** Destroys the connection after this many events (a stream cut mid-way). */
      cutAfter?: number;
      /** Holds the stream after `events` events until `until` resolves (a model pausing mid-answer). */
      pause?: { events: number; until: Promise<void> };
    }
  | { kind: "status"; status: number; retryAfter?: string; message?: string }
  /** Never answers (until the client gives up). */
  | { kind: "hang" };

/** A request as the fake received it. */
export interface FakeRequest {
  path: string;
  headers: IncomingMessage["headers"];
  body: Record<string, unknown>;
  /** performance.now() when its first text delta was written. */
  firstTokenAt?: number;
}

export interface FakeOpenAI {
  /** Base URL to put in `provider.base_url` (ends in /v1). */
  url: string;
  requests: FakeRequest[];
  /** Replies used in order; when none is queued, `fallback` answers. */
  enqueue(...replies: FakeReply[]): void;
  fallback: (request: FakeRequest) => FakeReply;
  /** Requests whose client went away before the answer finished (aborted upstream calls). */
  aborted: number;
  close(): Promise<void>;
}

/** Starts the fake on 127.0.0.1, port 0. */
export async function startFakeOpenAI(): Promise<FakeOpenAI> {
  const queue: FakeReply[] = [];
  const open = new Set<ServerResponse>();
  const fake: FakeOpenAI = {
    url: "",
    requests: [],
    enqueue: (...replies) => queue.push(...replies),
    fallback: () => ({ kind: "stream", text: "Hello from the fake model." }),
    aborted: 0,
    close: async () => {
      for (const response of open) response.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  const server: Server = createServer((request, response) => {
    open.add(response);
    response.on("close", () => {
      open.delete(response);
      if (!response.writableFinished) fake.aborted += 1;
    });
    readBody(request).then((text) => {
      const entry: FakeRequest = {
        path: request.url ?? "",
        headers: request.headers,
        body: text === "" ? {} : (JSON.parse(text) as Record<string, unknown>),
      };
      fake.requests.push(entry);
      if (!entry.path.startsWith("/v1/chat/completions")) {
        response
          .writeHead(404, { "Content-Type": "application/json" })
          .end('{"error":{"message":"not found"}}');
        return;
      }
      void answer(response, queue.shift() ?? fake.fallback(entry), entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  return fake;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    request.setEncoding("utf8");
    request.on("data", (piece: string) => {
      text += piece;
    });
    request.on("end", () => resolve(text));
  });
}

function hasText(event: unknown): boolean {
  const choices = (event as { choices?: { delta?: { content?: string } }[] }).choices;
  return Boolean(choices?.[0]?.delta?.content);
}

async function answer(response: ServerResponse, reply: FakeReply, request: FakeRequest) {
  if (reply.kind === "hang") return;
  if (reply.kind === "status") {
    const headers: Record<string, string> = { "Content-Type": "application/json" };
    if (reply.retryAfter !== undefined) headers["Retry-After"] = reply.retryAfter;
    const message = reply.message ?? `fake status ${reply.status}`;
    response
      .writeHead(reply.status, headers)
      .end(JSON.stringify({ error: { message, type: "fake" } }));
    return;
  }
  const events = streamEvents(reply, String(request.body.model ?? "fake"), request.body);
  response.writeHead(200, { "Content-Type": "text/event-stream", "Cache-Control": "no-cache" });
  response.flushHeaders();
  if (reply.gate) await reply.gate;
  if (reply.firstTokenDelayMs)
    await new Promise((resolve) => setTimeout(resolve, reply.firstTokenDelayMs));
  let sent = 0;
  for (const event of events) {
    if (response.destroyed) return;
    if (reply.cutAfter !== undefined && sent >= reply.cutAfter) {
      response.destroy();
      return;
    }
    if (reply.pause && sent === reply.pause.events) await reply.pause.until;
    if (request.firstTokenAt === undefined && hasText(event))
      request.firstTokenAt = performance.now();
    response.write(`data: ${JSON.stringify(event)}\n\n`);
    sent += 1;
    // Each event its own write and tick, as a real upstream's pieces arrive.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  response.end("data: [DONE]\n\n");
}

function streamEvents(
  reply: Extract<FakeReply, { kind: "stream" }>,
  model: string,
  body: Record<string, unknown>,
) {
  const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: 1, model };
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
    ...base,
    choices: [{ index: 0, delta, finish_reason: finish }],
  });
  const events: unknown[] = [chunk({ role: "assistant", content: "" })];
  const deltas = typeof reply.text === "string" ? reply.text.split(/(?<=\s)/) : (reply.text ?? []);
  for (const text of deltas) events.push(chunk({ content: text }));
  (reply.toolCalls ?? []).forEach((call, index) => {
    const id = call.id ?? `call_${index + 1}`;
    events.push(
      chunk({
        tool_calls: [{ index, id, type: "function", function: { name: call.name, arguments: "" } }],
      }),
    );
    for (const piece of splitInThree(call.arguments)) {
      events.push(chunk({ tool_calls: [{ index, function: { arguments: piece } }] }));
    }
  });
  const finish = reply.finishReason ?? (reply.toolCalls?.length ? "tool_calls" : "stop");
  events.push(chunk({}, finish));
  const options = body.stream_options as { include_usage?: boolean } | undefined;
  if (options?.include_usage) {
    const usage = reply.usage ?? { prompt: 10, completion: deltas.length };
    events.push({
      ...base,
      choices: [],
      usage: {
        prompt_tokens: usage.prompt,
        completion_tokens: usage.completion,
        total_tokens: usage.prompt + usage.completion,
      },
    });
  }
  return events;
}

function splitInThree(text: string): string[] {
  const third = Math.max(1, Math.ceil(text.length / 3));
  const pieces: string[] = [];
  for (let at = 0; at < text.length; at += third) pieces.push(text.slice(at, at + third));
  return pieces.length > 0 ? pieces : [""];
}

/** A gate a test opens when it wants the fake's first token to go out. */
export function gate(): { promise: Promise<void>; open(): void } {
  let open: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open: () => open() };
}
